import { test } from "node:test";
import assert from "node:assert/strict";
import { startControlLoop } from "../../../src/control/manager.js";
import { createStatefulSetController, STATEFULSET_CONTROLLER } from "../../../src/controllers/statefulset/index.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { systemClock, type Store } from "../../../src/store/index.js";
import { openTestStore } from "../../store/harness.js";
import { createFakeKubelet } from "../../support/fake-kubelet.js";

const KEY = { apiVersion: "apps/v1", kind: "StatefulSet", namespace: "default", name: "web" };

function manifest(image: string, extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas: 3,
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image }] } },
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      ...extra,
    },
  };
}

async function podEvents(store: Store): Promise<string[]> {
  return (await store.listEvents({})).items.filter((e) => (e.source as JsonObject).component === STATEFULSET_CONTROLLER).map((e) => String(e.message));
}

async function podImages(store: Store): Promise<string[]> {
  const pods = (await store.list({ apiVersion: "v1", kind: "Pod" })).items;
  return pods.map((p) => `${(p.metadata as JsonObject).name}=${((p.spec as JsonObject).containers as JsonObject[])[0].image}`).sort();
}

test("a StatefulSet of 3 comes up in order, updates in reverse above the partition, scales down from the top; claims stay", async () => {
  const { store } = openTestStore({ clock: systemClock });
  // Every new pod is seen by the node: record how many pods existed then (ordering evidence).
  const kubelet = createFakeKubelet({ readyAfterMs: 0 });
  const loop = startControlLoop({ store, reconcilers: [createStatefulSetController(), kubelet], pollMs: 5 });
  try {
    await store.create(manifest("localhost/mk/web:1"), { managedBy: "mkapply" });
    await loop.settled(30);
    const created = (await podEvents(store)).filter((m) => m.startsWith("create Pod"));
    assert.deepEqual(created, ["create Pod web-0 in StatefulSet web successful", "create Pod web-1 in StatefulSet web successful", "create Pod web-2 in StatefulSet web successful"]);
    const claims = (await podEvents(store)).filter((m) => m.startsWith("create Claim"));
    assert.deepEqual(claims, ["create Claim www-web-0 Pod web-0 in StatefulSet web success", "create Claim www-web-1 Pod web-1 in StatefulSet web success", "create Claim www-web-2 Pod web-2 in StatefulSet web success"]);
    // Each pod was created only after its predecessor had become Ready (read from the change feed).
    const feed = (await store.changes({ sinceResourceVersion: "0", apiVersion: "v1", kind: "Pod" })).changes;
    const readyAt = (name: string) =>
      feed.findIndex((c) => (c.object.metadata as JsonObject).name === name && ((c.object.status as JsonObject | undefined)?.conditions as JsonObject[] | undefined)?.some((x) => x.type === "Ready" && x.status === "True"));
    const addedAt = (name: string) => feed.findIndex((c) => c.type === "ADDED" && (c.object.metadata as JsonObject).name === name);
    assert.ok(readyAt("web-0") >= 0 && readyAt("web-0") < addedAt("web-1"), "web-1 after web-0 is Ready");
    assert.ok(readyAt("web-1") >= 0 && readyAt("web-1") < addedAt("web-2"), "web-2 after web-1 is Ready");
    let set = await store.get(KEY);
    let status = set?.status as JsonObject;
    assert.deepEqual([status.replicas, status.readyReplicas, status.currentReplicas, status.updatedReplicas], [3, 3, 3, 3]);
    assert.equal(status.currentRevision, status.updateRevision);
    const firstRevision = status.currentRevision;

    // Update with partition 1: web-2 then web-1 move to the new revision; web-0 stays.
    set = await store.get(KEY);
    await store.update({ ...(set as JsonObject), spec: { ...((set as JsonObject).spec as JsonObject), template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "localhost/mk/web:2" }] } }, updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } } });
    await loop.settled(30);
    assert.deepEqual(await podImages(store), ["web-0=localhost/mk/web:1", "web-1=localhost/mk/web:2", "web-2=localhost/mk/web:2"]);
    const deletions = (await podEvents(store)).filter((m) => m.startsWith("delete Pod"));
    assert.deepEqual(deletions, ["delete Pod web-2 in StatefulSet web successful", "delete Pod web-1 in StatefulSet web successful"]);
    status = (await store.get(KEY))?.status as JsonObject;
    assert.equal(status.currentRevision, firstRevision, "partitioned: the old revision stays current");
    assert.deepEqual([status.currentReplicas, status.updatedReplicas], [1, 2]);
    const revisions = (await store.list({ apiVersion: "apps/v1", kind: "ControllerRevision" })).items;
    assert.deepEqual(revisions.map((r) => r.revision).sort(), [1, 2]);

    // Partition 0 finishes the rollout; then scale to 1 removes web-2 before web-1.
    set = await store.get(KEY);
    await store.update({ ...(set as JsonObject), spec: { ...((set as JsonObject).spec as JsonObject), updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } } } });
    await loop.settled(30);
    status = (await store.get(KEY))?.status as JsonObject;
    assert.equal(status.currentRevision, status.updateRevision);
    set = await store.get(KEY);
    await store.update({ ...(set as JsonObject), spec: { ...((set as JsonObject).spec as JsonObject), replicas: 1 } });
    await loop.settled(30);
    assert.deepEqual(await podImages(store), ["web-0=localhost/mk/web:2"]);
    const last = (await podEvents(store)).filter((m) => m.startsWith("delete Pod")).slice(-2);
    assert.deepEqual(last, ["delete Pod web-2 in StatefulSet web successful", "delete Pod web-1 in StatefulSet web successful"]);
    const pvcs = (await store.list({ apiVersion: "v1", kind: "PersistentVolumeClaim" })).items.map((c) => (c.metadata as JsonObject).name);
    assert.deepEqual(pvcs.sort(), ["www-web-0", "www-web-1", "www-web-2"], "Retain: claims outlive scale-down");
    assert.deepEqual(loop.errors, []);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("an orphan pod named as a member and matching the selector is adopted, not duplicated", async () => {
  const { store } = openTestStore({ clock: systemClock });
  const loop = startControlLoop({ store, reconcilers: [createStatefulSetController(), createFakeKubelet()], pollMs: 5 });
  try {
    const orphan = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-0", namespace: "default", labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "localhost/mk/web:1" }] } }, { managedBy: "mkapply" });
    await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "stranger", namespace: "default", labels: { app: "nginx" } }, spec: { containers: [{ name: "x", image: "localhost/mk/web:1" }] } }, { managedBy: "mkapply" });
    // OnDelete: the adopted pod is not replaced for lacking a revision label, so it can be looked at.
    await store.create(manifest("localhost/mk/web:1", { replicas: 1, updateStrategy: { type: "OnDelete" } }), { managedBy: "mkapply" });
    await loop.settled(30);
    const set = await store.get(KEY);
    const pod = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "web-0" });
    assert.equal((pod?.metadata as JsonObject).uid, (orphan.metadata as JsonObject).uid, "the same pod, adopted");
    const refs = ((pod?.metadata as JsonObject).ownerReferences as JsonObject[]) ?? [];
    assert.deepEqual(refs.map((r) => [r.kind, r.uid, r.controller]), [["StatefulSet", (set?.metadata as JsonObject).uid, true]]);
    const stranger = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "stranger" });
    assert.equal((stranger?.metadata as JsonObject).ownerReferences, undefined, "a pod not named as a member is left alone");
    assert.ok(!(await podEvents(store)).some((m) => m.startsWith("create Pod")));
    assert.equal((await store.list({ apiVersion: "v1", kind: "Pod" })).items.length, 2);
  } finally {
    await loop.stop();
    await store.close();
  }
});
