import assert from "node:assert/strict";
import { test } from "node:test";
import { createReplicaSetController } from "../../src/controllers/replicaset/controller.js";
import type { JsonObject } from "../../src/schema/json.js";
import { eventMessages, meta, pods, ref, replicaSet, startControlPlane, status, ns } from "./harness.js";

const RS = (name: string) => ref("apps/v1", "ReplicaSet", name);

test("a ReplicaSet creates its pods with controller references, then reports them ready and available", async () => {
  const cp = startControlPlane([createReplicaSetController()]);
  try {
    await cp.store.create(replicaSet("web", 3, { matchLabels: { app: "web" } }, { app: "web" }), { managedBy: "mkapply" });
    await cp.loop.settled();
    const list = await pods(cp.store);
    assert.equal(list.length, 3);
    const rs = (await cp.store.get(RS("web"))) as JsonObject;
    for (const p of list) {
      assert.match(String(meta(p).name), /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.deepEqual(meta(p).ownerReferences, [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: meta(rs).uid, controller: true, blockOwnerDeletion: true }]);
    }
    assert.deepEqual(status(rs), { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const created = await eventMessages(cp.store, "SuccessfulCreate");
    assert.deepEqual(created.sort(), list.map((p) => `Created pod: ${String(meta(p).name)}`).sort());
  } finally {
    await cp.close();
  }
});

test("scaling down deletes not-ready pods before ready ones, and records SuccessfulDelete", async () => {
  const cp = startControlPlane([createReplicaSetController()]);
  try {
    await cp.store.create(replicaSet("web", 3, { matchLabels: { app: "web" } }, { app: "web" }), { managedBy: "mkapply" });
    await cp.loop.settled();
    const [first] = await pods(cp.store);
    const notReady = String(meta(first).name);
    cp.kubelet.setReady(ns, notReady, false);
    await cp.loop.settled();
    let rs = (await cp.store.get(RS("web"))) as JsonObject;
    assert.equal(status(rs).readyReplicas, 2);
    await cp.store.update({ ...rs, spec: { ...(rs.spec as JsonObject), replicas: 2 } });
    await cp.loop.settled();
    const left = (await pods(cp.store)).map((p) => String(meta(p).name));
    assert.equal(left.length, 2);
    assert.ok(!left.includes(notReady), "the not-ready pod goes first");
    assert.deepEqual(await eventMessages(cp.store, "SuccessfulDelete"), [`Deleted pod: ${notReady}`]);
    rs = (await cp.store.get(RS("web"))) as JsonObject;
    assert.equal(status(rs).replicas, 2);
    assert.equal(status(rs).observedGeneration, 2);
  } finally {
    await cp.close();
  }
});

test("orphans matching the selector are adopted; pods whose labels stop matching are released and replaced", async () => {
  const cp = startControlPlane([createReplicaSetController()]);
  try {
    const orphan = { apiVersion: "v1", kind: "Pod", metadata: { name: "handmade", namespace: ns, labels: { app: "web", tier: "front" } }, spec: { containers: [{ name: "c", image: "i" }] } };
    await cp.store.create(orphan, { managedBy: "mkapply" });
    await cp.store.create(
      replicaSet("web", 2, { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["front", "edge"] }] }, { app: "web", tier: "edge" }),
      { managedBy: "mkapply" },
    );
    await cp.loop.settled();
    const rs = (await cp.store.get(RS("web"))) as JsonObject;
    let list = await pods(cp.store);
    assert.equal(list.length, 2, "the orphan counts as one of the two");
    const adopted = list.find((p) => meta(p).name === "handmade") as JsonObject;
    assert.equal((meta(adopted).ownerReferences as JsonObject[])[0].uid, meta(rs).uid);

    // Isolate the adopted pod: it is released (no owner any more) and replaced.
    await cp.store.update({ ...adopted, metadata: { ...meta(adopted), labels: { app: "web", tier: "debug" } } });
    await cp.loop.settled();
    list = await pods(cp.store);
    assert.equal(list.length, 3);
    const released = list.find((p) => meta(p).name === "handmade") as JsonObject;
    assert.equal(meta(released).ownerReferences, undefined);
    assert.equal(list.filter((p) => (meta(p).ownerReferences as JsonObject[] | undefined)?.[0]?.uid === meta(rs).uid).length, 2);
  } finally {
    await cp.close();
  }
});

test("a pod another controller owns is never adopted", async () => {
  const cp = startControlPlane([createReplicaSetController()]);
  try {
    const owned = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "theirs", namespace: ns, labels: { app: "web" }, ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "j", uid: "other-uid", controller: true }] },
      spec: { containers: [{ name: "c", image: "i" }] },
    };
    await cp.store.create(owned, { managedBy: "controller" });
    await cp.store.create(replicaSet("web", 1, { matchLabels: { app: "web" } }, { app: "web" }), { managedBy: "mkapply" });
    await cp.loop.settled();
    const list = await pods(cp.store);
    assert.equal(list.length, 2);
    const theirs = list.find((p) => meta(p).name === "theirs") as JsonObject;
    assert.equal((meta(theirs).ownerReferences as JsonObject[])[0].uid, "other-uid");
  } finally {
    await cp.close();
  }
});

test("a failed pod is replaced; a ReplicationController works the same over its label-map selector", async () => {
  const cp = startControlPlane([createReplicaSetController("ReplicationController")]);
  try {
    await cp.store.create(
      { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "nginx", namespace: ns }, spec: { replicas: 2, selector: { app: "nginx" }, template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "i" }] } } } },
      { managedBy: "mkapply" },
    );
    await cp.loop.settled();
    const [victim] = await pods(cp.store);
    cp.kubelet.failPod(ns, String(meta(victim).name));
    await cp.loop.settled();
    const list = await pods(cp.store);
    assert.equal(list.filter((p) => status(p).phase === "Running").length, 2);
    assert.equal(list.filter((p) => status(p).phase === "Failed").length, 1, "a failed pod stays (the pod GC collects it), no longer counted");
    const rc = (await cp.store.get(ref("v1", "ReplicationController", "nginx"))) as JsonObject;
    assert.equal(status(rc).readyReplicas, 2);
    assert.deepEqual(
      (await eventMessages(cp.store, "SuccessfulCreate")).length,
      3,
    );
  } finally {
    await cp.close();
  }
});

test("a template the store refuses gives FailedCreate events and the ReplicaFailure condition", async () => {
  const cp = startControlPlane([createReplicaSetController()]);
  try {
    const bad = replicaSet("bad", 2, { matchLabels: { app: "bad" } }, { app: "bad" });
    ((bad.spec as JsonObject).template as JsonObject).metadata = { labels: { app: "bad", n: 5 } };
    await cp.store.create(bad, { managedBy: "mkapply" });
    await cp.loop.settled(20);
    const rs = (await cp.store.get(RS("bad"))) as JsonObject;
    const failure = ((status(rs).conditions as JsonObject[]) ?? []).find((c) => c.type === "ReplicaFailure");
    assert.equal(failure?.reason, "FailedCreate");
    assert.equal(failure?.status, "True");
    const failed = await eventMessages(cp.store, "FailedCreate");
    assert.ok(failed.length >= 1);
    assert.match(failed[0], /^Error creating: .*labels/);
    assert.equal((await pods(cp.store)).length, 0);
  } finally {
    await cp.close();
  }
});
