/**
 * A kubelet in a child process, for the killed-run end-to-end test: it runs pod `a` until it is
 * Running, then creates pod `b`, says "running" and carries on until it is killed (SIGKILL, with
 * `b` half-made). Run by the test only (MK_KUBELET_CHILD set); the test runner loading this file
 * as a module does nothing.
 */
import { join } from "node:path";
import { openStore } from "../../src/store/index.js";
import { startControlLoop } from "../../src/control/manager.js";
import { createKubelet } from "../../src/kubelet/kubelet.js";
import { createPodman } from "../../src/runtime/podman.js";
import { writeContainersConf } from "../../src/runtime/containers-conf.js";
import { BUSYBOX_IMAGE } from "../../src/runtime/test-images.js";
import { LABEL } from "../../src/runtime/labels.js";
import { listContainers } from "../../src/runtime/observe.js";
import type { JsonObject } from "../../src/schema/json.js";
import { pollUntil } from "../e2e-support/poll.js";

async function main(config: { stateDir: string; project: string; network: string; labels: Record<string, string> }): Promise<void> {
  const podman = createPodman({ containersConf: writeContainersConf(join(config.stateDir, "podman")) });
  const store = openStore({ path: join(config.stateDir, "state.db") });
  const session = { podman, project: config.project, network: config.network, containersConf: "" };
  const kubelet = createKubelet({ session, stateDir: config.stateDir, extraLabels: config.labels, nodeName: "mk-test-node", pollMs: 200, backoffBaseMs: 1000 });
  startControlLoop({ store, reconcilers: [kubelet], pollMs: 20 });
  const pod = (name: string): JsonObject => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }] },
  });
  await store.create(pod("a"), { managedBy: "mkapply" });
  await pollUntil(
    async () => {
      const a = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "a" });
      return (a?.status as JsonObject | undefined)?.phase === "Running" ? true : undefined;
    },
    { timeoutMs: 60_000, what: "pod a Running" },
  );
  const b = await store.create(pod("b"), { managedBy: "mkapply" });
  const bUid = String((b.metadata as JsonObject).uid);
  // Killed half-way: once b's sandbox exists in podman, before its container surely runs.
  await pollUntil(
    async () => {
      const rows = await listContainers(podman, { [LABEL.project]: config.project, [LABEL.uid]: bUid });
      return rows.ok && rows.value.length > 0 ? true : undefined;
    },
    { timeoutMs: 60_000, what: "pod b's sandbox in podman", intervalMs: 20 },
  );
  process.stdout.write("running\n");
  setInterval(() => undefined, 60_000);
}

const raw = process.env.MK_KUBELET_CHILD;
if (raw) {
  main(JSON.parse(raw) as Parameters<typeof main>[0]).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
