/**
 * A DaemonSet on real podman: the kubelet registers its Node; the DaemonSet runs one pod there
 * (bound to it), a new template replaces it (the served version changes), and when the node stops
 * matching the nodeSelector the pod goes. Deleting leaves no pods or containers.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlLoop, type ControlLoop } from "../../../src/control/manager.js";
import { createDaemonSetController, createGarbageCollector } from "../../../src/controllers/index.js";
import { isPodReady } from "../../../src/controllers/shared/pod-status.js";
import { createKubelet } from "../../../src/kubelet/kubelet.js";
import { listContainers } from "../../../src/runtime/observe.js";
import { WEB_IMAGE_V1, WEB_IMAGE_V2 } from "../../../src/runtime/test-images.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openStore, type Store } from "../../../src/store/index.js";
import { httpGet } from "../../e2e-support/net.js";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";

const NS = "default";
const NODE = "mk-test-node";
const REF = { apiVersion: "apps/v1", kind: "DaemonSet", namespace: NS, name: "agent" };
let rt: E2eRuntime;
let store: Store;
let loop: ControlLoop;
let stateDir: string;

before(async () => {
  rt = await openE2eRuntime("e2e-daemonset");
  stateDir = mkdtempSync(join(tmpdir(), "mk-e2e-ds-state-"));
  store = openStore({ path: join(stateDir, "state.db") });
  const kubelet = createKubelet({
    session: { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" },
    stateDir,
    backoffBaseMs: 1000,
    pollMs: 200,
    probeTimeScale: 1,
    extraLabels: rt.labels,
    nodeName: NODE,
  });
  loop = startControlLoop({ store, reconcilers: [createDaemonSetController(), createGarbageCollector(), kubelet], pollMs: 20, backoffMaxMs: 1000 });
});

after(async () => {
  await loop?.stop();
  await store?.close();
  const left = await rt.close();
  rmSync(stateDir, { recursive: true, force: true });
  assert.deepEqual(left, [], "no podman objects left behind");
});

function agent(image: string): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "agent", namespace: NS },
    spec: {
      selector: { matchLabels: { app: "agent" } },
      template: {
        metadata: { labels: { app: "agent" } },
        spec: {
          nodeSelector: { "kubernetes.io/hostname": NODE },
          terminationGracePeriodSeconds: 1,
          containers: [{ name: "web", image, ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 1 } }],
        },
      },
    },
  };
}

async function readyPod(image: string): Promise<JsonObject> {
  return pollUntil(
    async () => {
      const pods = (await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items;
      const live = pods.filter((p) => (p.metadata as JsonObject).deletionTimestamp === undefined);
      return live.length === 1 && isPodReady(live[0]) && ((live[0].spec as JsonObject).containers as JsonObject[])[0].image === image && pods.length === 1 ? live[0] : undefined;
    },
    { timeoutMs: 180_000, what: `one ready ${image} daemon pod`, intervalMs: 250 },
  );
}

test("one pod on the registered node; a new template replaces it; a node that stops matching loses it", async () => {
  await store.create(agent(WEB_IMAGE_V1), { managedBy: "mkapply" });
  const first = await readyPod(WEB_IMAGE_V1);
  assert.equal((first.spec as JsonObject).nodeName, NODE);
  assert.equal((await httpGet(`http://${String((first.status as JsonObject).podIP)}:80/`)).body.trim(), "v1");
  const status = (await store.get(REF))?.status as JsonObject;
  assert.deepEqual([status.desiredNumberScheduled, status.currentNumberScheduled], [1, 1]);

  const ds = (await store.get(REF)) as JsonObject;
  await store.update({ ...ds, spec: agent(WEB_IMAGE_V2).spec });
  const second = await readyPod(WEB_IMAGE_V2);
  assert.equal((await httpGet(`http://${String((second.status as JsonObject).podIP)}:80/`)).body.trim(), "v2");

  // The node keeps its hostname label; the DaemonSet asks for another value.
  const moved = (await store.get(REF)) as JsonObject;
  const spec = agent(WEB_IMAGE_V2).spec as JsonObject;
  const template = spec.template as JsonObject;
  await store.update({ ...moved, spec: { ...spec, template: { ...template, spec: { ...(template.spec as JsonObject), nodeSelector: { "kubernetes.io/hostname": "elsewhere" } } } } });
  await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items.length === 0 ? true : undefined), { timeoutMs: 120_000, what: "the daemon pod gone", intervalMs: 250 });
  const after = (await store.get(REF))?.status as JsonObject;
  assert.equal(after.desiredNumberScheduled, 0);
});

test("deleting the DaemonSet leaves no pods or containers", async () => {
  await store.delete(REF);
  const containers = await pollUntil(
    async () => {
      const rows = await listContainers(rt.podman, rt.selector);
      return rows.ok && rows.value.length === 0 ? rows.value : undefined;
    },
    { timeoutMs: 60_000, what: "containers removed" },
  );
  assert.deepEqual(containers, []);
});
