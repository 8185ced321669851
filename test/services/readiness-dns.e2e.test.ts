/**
 * The whole path on real podman: the kubelet runs the pods and their readiness probes, the
 * endpoint-controller follows their Ready condition, and a client pod's DNS answer for the
 * Service follows: a failing readiness probe removes the pod from the Service's name, a passing
 * one brings it back. Both reconcilers run in one control loop on a real store file.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openE2eRuntime, type E2eRuntime } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import type { RuntimeSession } from "../../src/runtime/session.js";
import { execInContainer } from "../../src/runtime/containers.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1 } from "../../src/runtime/test-images.js";
import { startControlLoop, type ControlLoop } from "../../src/control/manager.js";
import { createKubelet } from "../../src/kubelet/kubelet.js";
import { createEndpointsController } from "../../src/services/endpoints-controller.js";

let rt: E2eRuntime;
let store: Store;
let stateDir: string;
let loop: ControlLoop | undefined;

const podRef = (name: string) => ({ apiVersion: "v1", kind: "Pod", namespace: "default", name });
const ready = (pod: JsonObject | undefined) => (((pod?.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[]).some((c) => c.type === "Ready" && c.status === "True");

/** The podman container id of a pod's container, from its status. */
async function containerId(pod: string, container: string): Promise<string> {
  const stored = await store.get(podRef(pod));
  const statuses = (((stored?.status as JsonObject | undefined)?.containerStatuses ?? []) as JsonObject[]).find((s) => s.name === container);
  return String(statuses?.containerID ?? "").replace(/^podman:\/\//, "");
}

async function waitPod<T>(name: string, what: string, probe: (pod: JsonObject | undefined) => T | undefined): Promise<T> {
  return pollUntil(async () => probe(await store.get(podRef(name))), { timeoutMs: 90_000, intervalMs: 100, what: `pod ${name}: ${what}` });
}

async function sh(pod: string, command: string): Promise<void> {
  const r = await execInContainer(rt.podman, await containerId(pod, "web"), ["sh", "-c", command], 10);
  assert.ok(r.ok && r.value.exitCode === 0, `${command} in ${pod}`);
}

/** The addresses `nslookup name` answers inside the client pod, sorted. */
async function lookup(name: string): Promise<string[]> {
  const r = await execInContainer(rt.podman, await containerId("client", "shell"), ["nslookup", name], 10);
  if (!r.ok) throw new Error(r.error.message);
  const answer = r.value.stdout.split("Non-authoritative answer:").slice(1).join("\n");
  return [...answer.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]).sort();
}

async function resolvesTo(name: string, ips: string[]): Promise<void> {
  const want = [...ips].sort().join(",");
  let seen = "";
  await pollUntil(async () => {
    seen = (await lookup(name)).join(",");
    return seen === want ? true : undefined;
  }, { timeoutMs: 40_000, intervalMs: 200, what: `${name} to resolve to [${want}] (last seen [${seen}])` });
}

function webPod(name: string): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "web" } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: "web",
          image: WEB_IMAGE_V1,
          imagePullPolicy: "Never",
          command: ["sh", "-c", "touch /tmp/ready; exec httpd -f -p 80 -h /www"],
          ports: [{ name: "http", containerPort: 80 }],
          readinessProbe: { exec: { command: ["sh", "-c", "test -f /tmp/ready"] }, periodSeconds: 1, failureThreshold: 1 },
        },
      ],
    },
  };
}

before(async () => {
  rt = await openE2eRuntime("e2e-services-ready");
  stateDir = mkdtempSync(join(tmpdir(), "mk-services-ready-"));
  store = openStore({ path: join(stateDir, "state.db") });
  const session: RuntimeSession = { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" };
  const kubelet = createKubelet({ session, stateDir, pollMs: 200, probeTimeScale: 0.2, backoffBaseMs: 500, extraLabels: rt.labels, nodeName: "mk-test-node" });
  loop = startControlLoop({ store, reconcilers: [kubelet, createEndpointsController({ session, retryMs: 200 })], pollMs: 20 });
});

after(async () => {
  if (loop) {
    // Delete the pods so the kubelet removes their podman pods, then stop.
    for (const name of ["web-a", "web-b", "client"]) await store.delete(podRef(name)).catch(() => undefined);
    await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod" })).items.length === 0 ? true : undefined), { timeoutMs: 60_000, what: "the pods to be deleted" }).catch(() => undefined);
    await loop.stop();
  }
  await store?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  if (!rt) return;
  assert.deepEqual(await rt.close(), [], "no podman objects left behind");
});

test("a failing readiness probe removes the pod from the Service's DNS; a passing one brings it back", async () => {
  await store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } }, { managedBy: "mkapply" });
  for (const pod of [webPod("web-a"), webPod("web-b")]) await store.create(pod, { managedBy: "mkapply" });
  await store.create(
    { apiVersion: "v1", kind: "Pod", metadata: { name: "client", namespace: "default" }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: "shell", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }] } },
    { managedBy: "mkapply" },
  );
  const ipOf = async (name: string) => waitPod(name, "Ready with an IP", (p) => (ready(p) ? String((p?.status as JsonObject).podIP ?? "") || undefined : undefined));
  const a = await ipOf("web-a");
  const b = await ipOf("web-b");
  await waitPod("client", "running", (p) => (((p?.status as JsonObject | undefined)?.phase === "Running" ? true : undefined)));
  await resolvesTo("web", [a, b]);

  await sh("web-b", "rm /tmp/ready");
  await waitPod("web-b", "not Ready", (p) => (ready(p) ? undefined : true));
  await resolvesTo("web", [a]);
  const body = await execInContainer(rt.podman, await containerId("client", "shell"), ["wget", "-qO-", "http://web/"], 10);
  assert.ok(body.ok && body.value.stdout.trim() === "v1", "the ready pod still answers through the Service name");

  await sh("web-b", "touch /tmp/ready");
  await waitPod("web-b", "Ready again", (p) => (ready(p) ? true : undefined));
  await resolvesTo("web", [a, b]);
  assert.equal(String(((await store.get(podRef("web-b")))?.status as JsonObject).podIP), b, "the pod kept its IP");
});
