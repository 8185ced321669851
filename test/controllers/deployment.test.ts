import assert from "node:assert/strict";
import { test } from "node:test";
import { createDeploymentController } from "../../src/controllers/deployment/controller.js";
import { rollbackDeployment, restartDeployment, setDeploymentPaused } from "../../src/controllers/deployment/rollback.js";
import { rolloutStatusMessage } from "../../src/controllers/deployment/rollout-status.js";
import { createGarbageCollector } from "../../src/controllers/gc/controller.js";
import { createReplicaSetController } from "../../src/controllers/replicaset/controller.js";
import { isPodReady } from "../../src/controllers/shared/pod-status.js";
import type { JsonObject } from "../../src/schema/json.js";
import type { Store } from "../../src/store/index.js";
import type { FakeKubeletOptions } from "../support/fake-kubelet.js";
import { deployment, eventMessages, imageOf, meta, pods, ref, replicaSets, startControlPlane, status } from "./harness.js";

const WEB = ref("apps/v1", "Deployment", "web");
const V1 = "localhost/mk/web:1";
const V2 = "localhost/mk/web:2";

function plane(kubelet: FakeKubeletOptions = {}) {
  return startControlPlane([createReplicaSetController(), createDeploymentController(), createGarbageCollector()], kubelet);
}

async function setImage(store: Store, image: string): Promise<void> {
  const d = (await store.get(WEB)) as JsonObject;
  const spec = d.spec as JsonObject;
  const template = spec.template as JsonObject;
  const podSpec = template.spec as JsonObject;
  const containers = (podSpec.containers as JsonObject[]).map((c) => ({ ...c, image }));
  await store.update({ ...d, spec: { ...spec, template: { ...template, spec: { ...podSpec, containers } } } });
}

/** Replays the change feed from `since` and calls `check` with the live pods after every pod change. */
async function replayPods(store: Store, since: string, check: (pods: JsonObject[]) => void): Promise<number> {
  const live = new Map<string, JsonObject>();
  for (const p of (await store.list({ apiVersion: "v1", kind: "Pod" })).items) live.set(String(meta(p).uid), p);
  // Rebuild the state at `since` first: everything after it is replayed from the feed.
  const all = await store.changes({ sinceResourceVersion: "0", limit: 100000 });
  live.clear();
  let samples = 0;
  for (const c of all.changes) {
    if (c.object.kind !== "Pod") continue;
    const uid = String(meta(c.object).uid);
    if (c.type === "DELETED") live.delete(uid);
    else live.set(uid, c.object);
    if (Number(c.resourceVersion) > Number(since)) {
      check([...live.values()]);
      samples++;
    }
  }
  return samples;
}

test("a Deployment makes a ReplicaSet named after its pod-template-hash, with revision and replicas annotations", async () => {
  const cp = plane();
  try {
    await cp.store.create(deployment("web", 3, V1), { managedBy: "mkapply" });
    await cp.loop.settled();
    const [rs] = await replicaSets(cp.store);
    const hash = (meta(rs).labels as JsonObject)["pod-template-hash"] as string;
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.equal(meta(rs).name, `web-${hash}`);
    assert.deepEqual(((rs.spec as JsonObject).selector as JsonObject).matchLabels, { app: "web", "pod-template-hash": hash });
    assert.deepEqual(meta(rs).annotations, { "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" });
    const list = await pods(cp.store);
    assert.equal(list.length, 3);
    for (const p of list) assert.equal((meta(p).labels as JsonObject)["pod-template-hash"], hash);
    const d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal((meta(d).annotations as JsonObject)["deployment.kubernetes.io/revision"], "1");
    const s = status(d);
    assert.equal(s.replicas, 3);
    assert.equal(s.updatedReplicas, 3);
    assert.equal(s.readyReplicas, 3);
    assert.equal(s.availableReplicas, 3);
    assert.equal(s.unavailableReplicas, undefined);
    assert.equal(s.observedGeneration, 1);
    const conditions = s.conditions as JsonObject[];
    assert.equal(conditions.find((c) => c.type === "Available")?.reason, "MinimumReplicasAvailable");
    const progressing = conditions.find((c) => c.type === "Progressing");
    assert.equal(progressing?.reason, "NewReplicaSetAvailable");
    assert.equal(progressing?.message, `ReplicaSet "web-${hash}" has successfully progressed.`);
    assert.deepEqual(await eventMessages(cp.store, "ScalingReplicaSet"), [`Scaled up replica set web-${hash} to 3`]);
    assert.deepEqual(rolloutStatusMessage(d), { message: 'deployment "web" successfully rolled out', done: true, failed: false });
  } finally {
    await cp.close();
  }
});

test("RollingUpdate maxSurge 1 / maxUnavailable 0: never fewer than 3 available or more than 4 pods, sampled at every change", async () => {
  const cp = plane();
  try {
    await cp.store.create(deployment("web", 3, V1, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }), { managedBy: "mkapply" });
    await cp.loop.settled();
    const since = await cp.store.currentResourceVersion();
    await setImage(cp.store, V2);
    await cp.loop.settled();
    let sawNew = 0;
    const samples = await replayPods(cp.store, since, (live) => {
      const running = live.filter((p) => meta(p).deletionTimestamp === undefined);
      assert.ok(running.length <= 4, `${running.length} pods at once`);
      const available = running.filter(isPodReady).length;
      assert.ok(available >= 3, `only ${available} available`);
      sawNew = Math.max(sawNew, running.filter((p) => imageOf(p) === V2).length);
    });
    assert.ok(samples > 10, `${samples} samples`);
    assert.equal(sawNew, 3);
    const list = await pods(cp.store);
    assert.deepEqual(list.map(imageOf), [V2, V2, V2]);
    const d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal((meta(d).annotations as JsonObject)["deployment.kubernetes.io/revision"], "2");
    assert.equal(rolloutStatusMessage(d).message, 'deployment "web" successfully rolled out');
    const sets = await replicaSets(cp.store);
    assert.equal(sets.length, 2);
    const old = sets.find((rs) => (rs.spec as JsonObject).replicas === 0) as JsonObject;
    const scaling = await eventMessages(cp.store, "ScalingReplicaSet");
    assert.ok(scaling.includes(`Scaled down replica set ${String(meta(old).name)} from 3 to 2`), scaling.join("\n"));
    assert.ok(scaling.some((m) => /^Scaled up replica set web-\w+ to 1$/.test(m)), scaling.join("\n"));
  } finally {
    await cp.close();
  }
});

test("Recreate: every old pod is gone (terminating ones included) before a new one is created", async () => {
  const cp = plane({ terminationFinalizer: true });
  try {
    await cp.store.create(deployment("web", 3, V1, { type: "Recreate" }), { managedBy: "mkapply" });
    await cp.loop.settled();
    const since = await cp.store.currentResourceVersion();
    await setImage(cp.store, V2);
    await cp.loop.settled();
    await replayPods(cp.store, since, (live) => {
      const images = new Set(live.map(imageOf));
      assert.ok(!(images.has(V1) && images.has(V2)), "old and new pods overlap");
    });
    const list = await pods(cp.store);
    assert.deepEqual(list.map(imageOf), [V2, V2, V2]);
    assert.equal(rolloutStatusMessage((await cp.store.get(WEB)) as JsonObject).done, true);
  } finally {
    await cp.close();
  }
});

test("rollout undo returns to v1's template under a new revision, reusing v1's ReplicaSet", async () => {
  const cp = plane();
  try {
    await cp.store.create(deployment("web", 2, V1), { managedBy: "mkapply" });
    await cp.loop.settled();
    const [v1set] = await replicaSets(cp.store);
    await setImage(cp.store, V2);
    await cp.loop.settled();
    const result = await rollbackDeployment(cp.store, WEB);
    assert.deepEqual(result, { revision: 1, changed: true, message: "deployment.apps/web rolled back" });
    await cp.loop.settled();
    const d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal((meta(d).annotations as JsonObject)["deployment.kubernetes.io/revision"], "3");
    const sets = await replicaSets(cp.store);
    assert.equal(sets.length, 2);
    const reused = sets.find((rs) => meta(rs).uid === meta(v1set).uid) as JsonObject;
    assert.equal((meta(reused).annotations as JsonObject)["deployment.kubernetes.io/revision"], "3");
    assert.equal((meta(reused).annotations as JsonObject)["deployment.kubernetes.io/revision-history"], "1");
    assert.equal((reused.spec as JsonObject).replicas, 2);
    assert.deepEqual((await pods(cp.store)).map(imageOf), [V1, V1]);
    // Undo to the revision it already has is skipped.
    const again = await rollbackDeployment(cp.store, WEB, 3);
    assert.equal(again.changed, false);
    assert.equal(again.message, "deployment.apps/web skipped rollback (current template already matches revision 3)");
    await assert.rejects(rollbackDeployment(cp.store, WEB, 9), /unable to find specified revision 9 in history/);
  } finally {
    await cp.close();
  }
});

test("paused Deployments do not roll out; resume does; restart rolls a new ReplicaSet; history is limited", async () => {
  const cp = plane();
  try {
    const d0 = deployment("web", 1, V1);
    (d0.spec as JsonObject).revisionHistoryLimit = 1;
    await cp.store.create(d0, { managedBy: "mkapply" });
    await cp.loop.settled();
    assert.equal(await setDeploymentPaused(cp.store, WEB, true), "deployment.apps/web paused");
    await setImage(cp.store, V2);
    await cp.loop.settled();
    assert.equal((await replicaSets(cp.store)).length, 1);
    let d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal(((status(d).conditions as JsonObject[]).find((c) => c.type === "Progressing") as JsonObject).reason, "DeploymentPaused");
    await setDeploymentPaused(cp.store, WEB, false);
    await cp.loop.settled();
    assert.deepEqual((await pods(cp.store)).map(imageOf), [V2]);
    await restartDeployment(cp.store, WEB, cp.clock.now());
    await cp.loop.settled();
    d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal((meta(d).annotations as JsonObject)["deployment.kubernetes.io/revision"], "3");
    // revisionHistoryLimit 1: the current set and one old one.
    const sets = await replicaSets(cp.store);
    assert.equal(sets.length, 2);
    const [pod] = await pods(cp.store);
    assert.ok(((((pod as JsonObject).metadata as JsonObject).annotations as JsonObject) ?? {})["kubectl.kubernetes.io/restartedAt"]);
  } finally {
    await cp.close();
  }
});

test("minReadySeconds: ready pods count as available only after it; the progress deadline reports ProgressDeadlineExceeded", async () => {
  const cp = plane({ neverReady: (p) => imageOf(p) === V2 });
  try {
    const d0 = deployment("web", 2, V1, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    (d0.spec as JsonObject).minReadySeconds = 10;
    (d0.spec as JsonObject).progressDeadlineSeconds = 30;
    await cp.store.create(d0, { managedBy: "mkapply" });
    await cp.loop.settled();
    let d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal(status(d).readyReplicas, 2);
    assert.equal(status(d).availableReplicas, undefined);
    assert.equal(rolloutStatusMessage(d).message, 'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...');
    cp.clock.advance(10);
    const [rs] = await replicaSets(cp.store);
    cp.loop.enqueue("replicaset-controller", ref("apps/v1", "ReplicaSet", String(meta(rs).name)));
    await cp.loop.settled();
    d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal(status(d).availableReplicas, 2);
    assert.equal(rolloutStatusMessage(d).done, true);

    // v2 never becomes ready: the rollout stalls with one surge pod, then passes its deadline.
    await setImage(cp.store, V2);
    await cp.loop.settled();
    d = (await cp.store.get(WEB)) as JsonObject;
    assert.equal(rolloutStatusMessage(d).message, 'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...');
    assert.equal((await pods(cp.store)).length, 3);
    cp.clock.advance(31);
    cp.loop.enqueue("deployment-controller", WEB);
    await cp.loop.settled();
    d = (await cp.store.get(WEB)) as JsonObject;
    const progressing = (status(d).conditions as JsonObject[]).find((c) => c.type === "Progressing") as JsonObject;
    assert.equal(progressing.reason, "ProgressDeadlineExceeded");
    assert.equal(progressing.status, "False");
    assert.deepEqual(rolloutStatusMessage(d), { message: 'deployment "web" exceeded its progress deadline', done: false, failed: true });
    assert.equal((await pods(cp.store)).filter(isPodReady).length, 2, "the old pods keep serving");
  } finally {
    await cp.close();
  }
});

test("scaling during a rollout is proportional across the ReplicaSets", async () => {
  const cp = plane({ neverReady: (p) => imageOf(p) === V2 });
  try {
    await cp.store.create(deployment("web", 10, V1, { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } }), { managedBy: "mkapply" });
    await cp.loop.settled();
    await setImage(cp.store, V2);
    await cp.loop.settled();
    // Stalled: old 8, new 5 (10 + 3 surge, 2 unavailable).
    let sizes = (await replicaSets(cp.store)).map((rs) => [imageOf((rs.spec as JsonObject).template as JsonObject), (rs.spec as JsonObject).replicas]);
    assert.deepEqual(Object.fromEntries(sizes), { [V1]: 8, [V2]: 5 });
    const d = (await cp.store.get(WEB)) as JsonObject;
    await cp.store.update({ ...d, spec: { ...(d.spec as JsonObject), replicas: 15 } });
    await cp.loop.settled();
    sizes = (await replicaSets(cp.store)).map((rs) => [imageOf((rs.spec as JsonObject).template as JsonObject), (rs.spec as JsonObject).replicas]);
    assert.deepEqual(Object.fromEntries(sizes), { [V1]: 11, [V2]: 7 });
  } finally {
    await cp.close();
  }
});

test("deleting a Deployment leaves no ReplicaSets or Pods (background and foreground)", async () => {
  for (const policy of ["Background", "Foreground"] as const) {
    const cp = plane({ terminationFinalizer: true });
    try {
      await cp.store.create(deployment("web", 3, V1), { managedBy: "mkapply" });
      await cp.loop.settled();
      const since = await cp.store.currentResourceVersion();
      await cp.store.delete(WEB, { propagationPolicy: policy });
      await cp.loop.settled();
      assert.equal(await cp.store.get(WEB), undefined, policy);
      assert.deepEqual(await replicaSets(cp.store), [], policy);
      assert.deepEqual(await pods(cp.store), [], policy);
      if (policy === "Foreground") {
        // The Deployment went last: after its ReplicaSet and every pod.
        const feed = (await cp.store.changes({ sinceResourceVersion: since, limit: 10000 })).changes.filter((c) => c.type === "DELETED");
        assert.equal(feed[feed.length - 1].object.kind, "Deployment");
      }
    } finally {
      await cp.close();
    }
  }
});

test("orphan deletion: the ReplicaSet goes, its pods stay without owners", async () => {
  const cp = plane();
  try {
    await cp.store.create(deployment("web", 2, V1), { managedBy: "mkapply" });
    await cp.loop.settled();
    await cp.store.delete(WEB, { propagationPolicy: "Orphan" });
    await cp.loop.settled();
    const [rs] = await replicaSets(cp.store);
    assert.equal(meta(rs).ownerReferences, undefined, "the ReplicaSet was orphaned");
    await cp.store.delete(ref("apps/v1", "ReplicaSet", String(meta(rs).name)), { propagationPolicy: "Orphan" });
    await cp.loop.settled();
    assert.deepEqual(await replicaSets(cp.store), []);
    const list = await pods(cp.store);
    assert.equal(list.length, 2);
    for (const p of list) assert.equal(meta(p).ownerReferences, undefined);
  } finally {
    await cp.close();
  }
});
