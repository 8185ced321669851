/**
 * The seed's nginx Deployment on real podman, driven by the control loop with the ReplicaSet and
 * Deployment controllers, the garbage collector and the kubelet: 3 replicas of the offline web
 * image roll from v1 to v2 with maxSurge 1 / maxUnavailable 0 — never fewer than 3 available pods
 * nor more than 4 (sampled at every store change), the served version changes; `rollout undo`
 * serves v1 again; Recreate never runs old and new pods together; deleting the Deployment leaves
 * no ReplicaSets, Pods or containers.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlLoop, type ControlLoop } from "../../src/control/manager.js";
import { createDeploymentController, createGarbageCollector, createReplicaSetController } from "../../src/controllers/index.js";
import { rollbackDeployment } from "../../src/controllers/deployment/rollback.js";
import { rolloutStatusMessage } from "../../src/controllers/deployment/rollout-status.js";
import { isPodReady } from "../../src/controllers/shared/pod-status.js";
import { createKubelet } from "../../src/kubelet/kubelet.js";
import { listContainers } from "../../src/runtime/observe.js";
import { WEB_IMAGE_V1, WEB_IMAGE_V2 } from "../../src/runtime/test-images.js";
import type { JsonObject } from "../../src/schema/json.js";
import { openStore, type Store } from "../../src/store/index.js";
import { httpGet } from "../e2e-support/net.js";
import { openE2eRuntime, type E2eRuntime } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";

const NS = "default";
const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: NS, name: "nginx-deployment" };

let rt: E2eRuntime;
let store: Store;
let loop: ControlLoop;
let stateDir: string;

before(async () => {
  rt = await openE2eRuntime("e2e-deployment");
  stateDir = mkdtempSync(join(tmpdir(), "mk-e2e-deployment-state-"));
  store = openStore({ path: join(stateDir, "state.db") });
  const kubelet = createKubelet({
    session: { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" },
    stateDir,
    backoffBaseMs: 1000,
    pollMs: 200,
    probeTimeScale: 1,
    extraLabels: rt.labels,
    nodeName: "mk-test-node",
  });
  loop = startControlLoop({
    store,
    reconcilers: [createReplicaSetController(), createDeploymentController(), createGarbageCollector(), kubelet],
    pollMs: 20,
    backoffMaxMs: 1000,
  });
});

after(async () => {
  await loop?.stop();
  await store?.close();
  const left = await rt.close();
  rmSync(stateDir, { recursive: true, force: true });
  assert.deepEqual(left, [], "no podman objects left behind");
});

/** The seed's nginx Deployment (001), with the offline web image and a readiness probe on its port. */
function nginxDeployment(image: string): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "nginx-deployment", namespace: NS },
    spec: {
      selector: { matchLabels: { app: "nginx" } },
      replicas: 3,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: "nginx",
              image,
              imagePullPolicy: "IfNotPresent",
              ports: [{ containerPort: 80 }],
              readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 1 },
            },
          ],
        },
      },
    },
  };
}

async function livePods(): Promise<JsonObject[]> {
  return (await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items;
}

async function waitRolledOut(what: string): Promise<JsonObject> {
  return pollUntil(
    async () => {
      const d = await store.get(REF);
      return d && rolloutStatusMessage(d).done ? d : undefined;
    },
    { timeoutMs: 180_000, what, intervalMs: 250 },
  );
}

async function servedVersions(): Promise<string[]> {
  const pods = (await livePods()).filter((p) => (p.metadata as JsonObject).deletionTimestamp === undefined);
  const out: string[] = [];
  for (const p of pods) out.push((await httpGet(`http://${String((p.status as JsonObject).podIP)}:80/`)).body.trim());
  return out.sort();
}

test("the nginx Deployment rolls from v1 to v2: never below 3 available nor above 4 pods; the served version changes", async () => {
  await store.create(nginxDeployment(WEB_IMAGE_V1), { managedBy: "mkapply" });
  await waitRolledOut("nginx-deployment v1 rolled out");
  assert.deepEqual(await servedVersions(), ["v1", "v1", "v1"]);

  const since = await store.currentResourceVersion();
  const d = (await store.get(REF)) as JsonObject;
  await store.update({ ...d, spec: nginxDeployment(WEB_IMAGE_V2).spec });
  const done = await waitRolledOut("nginx-deployment v2 rolled out");
  assert.equal(((done.metadata as JsonObject).annotations as JsonObject)["deployment.kubernetes.io/revision"], "2");
  await pollUntil(async () => ((await livePods()).length === 3 ? true : undefined), { timeoutMs: 60_000, what: "old pods gone" });
  assert.deepEqual(await servedVersions(), ["v2", "v2", "v2"]);

  // Replay every store change since the update: pods alive at each step.
  const live = new Map<string, JsonObject>();
  for (const p of (await store.changes({ sinceResourceVersion: "0", limit: 1_000_000 })).changes) {
    if (p.object.kind !== "Pod") continue;
    const uid = String((p.object.metadata as JsonObject).uid);
    if (p.type === "DELETED") live.delete(uid);
    else live.set(uid, p.object);
    if (Number(p.resourceVersion) <= Number(since)) continue;
    const running = [...live.values()].filter((x) => (x.metadata as JsonObject).deletionTimestamp === undefined);
    assert.ok(running.length <= 4, `${running.length} pods at resourceVersion ${p.resourceVersion}`);
    const available = running.filter(isPodReady).length;
    assert.ok(available >= 3, `${available} available at resourceVersion ${p.resourceVersion}`);
  }
});

test("rollout undo returns to v1; then Recreate to v2 never runs old and new pods together", async () => {
  const undo = await rollbackDeployment(store, REF);
  assert.equal(undo.message, "deployment.apps/nginx-deployment rolled back");
  const back = await waitRolledOut("undo to v1 rolled out");
  assert.equal(((back.metadata as JsonObject).annotations as JsonObject)["deployment.kubernetes.io/revision"], "3");
  await pollUntil(async () => ((await livePods()).length === 3 ? true : undefined), { timeoutMs: 60_000, what: "v2 pods gone" });
  assert.deepEqual(await servedVersions(), ["v1", "v1", "v1"]);

  const since = await store.currentResourceVersion();
  const d = (await store.get(REF)) as JsonObject;
  const spec = nginxDeployment(WEB_IMAGE_V2).spec as JsonObject;
  await store.update({ ...d, spec: { ...spec, strategy: { type: "Recreate" } } });
  await waitRolledOut("Recreate to v2 rolled out");
  assert.deepEqual(await servedVersions(), ["v2", "v2", "v2"]);
  const live = new Map<string, JsonObject>();
  for (const c of (await store.changes({ sinceResourceVersion: "0", limit: 1_000_000 })).changes) {
    if (c.object.kind !== "Pod") continue;
    const uid = String((c.object.metadata as JsonObject).uid);
    if (c.type === "DELETED") live.delete(uid);
    else live.set(uid, c.object);
    if (Number(c.resourceVersion) <= Number(since)) continue;
    const images = new Set([...live.values()].map((p) => String(((p.spec as JsonObject).containers as JsonObject[])[0].image)));
    assert.ok(!(images.has(WEB_IMAGE_V1) && images.has(WEB_IMAGE_V2)), `old and new pods together at resourceVersion ${c.resourceVersion}`);
  }
});

test("deleting the Deployment leaves no ReplicaSets, Pods or containers", async () => {
  await store.delete(REF);
  await pollUntil(
    async () => {
      const sets = await store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace: NS });
      return sets.items.length === 0 && (await livePods()).length === 0 ? true : undefined;
    },
    { timeoutMs: 120_000, what: "ReplicaSets and Pods gone", intervalMs: 250 },
  );
  const containers = await pollUntil(
    async () => {
      const rows = await listContainers(rt.podman, rt.selector);
      return rows.ok && rows.value.length === 0 ? rows.value : undefined;
    },
    { timeoutMs: 60_000, what: "containers removed" },
  );
  assert.deepEqual(containers, []);
});
