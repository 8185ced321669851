import { test } from "node:test";
import assert from "node:assert/strict";
import { isStoreError } from "../../src/store/errors.js";
import { configMap, deployment, meta, openTestStore, thrown } from "./harness.js";

const ref = { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" };

test("delete without finalizers removes the object at once", async () => {
  const { store } = openTestStore();
  await store.create(deployment("web"), { managedBy: "mkapply" });
  const r = await store.delete(ref);
  assert.equal(r.removed, true);
  assert.equal(meta(r.object).resourceVersion, "2", "the removal takes a resourceVersion, as etcd's delete does");
  assert.equal(await store.get(ref), undefined);
  // The name is free again; the new object is a new uid.
  const again = await store.create(deployment("web"), { managedBy: "mkapply" });
  assert.notEqual(meta(again).uid, meta(r.object).uid);
  await store.close();
});

test("delete with finalizers sets deletionTimestamp; removing the last finalizer removes the object", async () => {
  const { store, clock } = openTestStore();
  await store.create(deployment("web", 1, { finalizers: ["mk.dev/cleanup", "other/x"] }), { managedBy: "mkapply" });
  clock.advance(30);
  const r = await store.delete(ref);
  assert.equal(r.removed, false);
  assert.equal(meta(r.object).deletionTimestamp, "2025-03-01T10:00:30Z");
  assert.equal(meta(r.object).generation, 2, "setting deletionTimestamp bumps generation (rest.BeforeDelete)");
  const stored = await store.get(ref);
  assert.equal(meta(stored!).deletionTimestamp, "2025-03-01T10:00:30Z");

  // A second delete changes nothing.
  const r2 = await store.delete(ref);
  assert.equal(meta(r2.object).resourceVersion, meta(stored!).resourceVersion);

  // No new finalizers while being deleted.
  const e = await thrown(() => store.update({ ...stored!, metadata: { ...meta(stored!), finalizers: ["mk.dev/cleanup", "other/x", "late/one"] } }));
  assert.ok(isStoreError(e, "Invalid"));
  assert.match((e as Error).message, /no new finalizers can be added while the object is being deleted \(late\/one\)/);

  const one = await store.update({ ...stored!, metadata: { ...meta(stored!), finalizers: ["other/x"] } });
  assert.ok(await store.get(ref), "still there with one finalizer left");
  assert.equal(meta(one).deletionTimestamp, "2025-03-01T10:00:30Z", "deletionTimestamp survives updates");
  await store.update({ ...one, metadata: { ...meta(one), finalizers: [] } });
  assert.equal(await store.get(ref), undefined);

  const feed = await store.changes({ sinceResourceVersion: "0" });
  assert.deepEqual(
    feed.changes.map((c) => c.type),
    ["ADDED", "MODIFIED", "MODIFIED", "DELETED"],
  );
  await store.close();
});

test("propagation policies are recorded as the finalizers the garbage collector acts on", async () => {
  const { store } = openTestStore();
  await store.create(deployment("web"), { managedBy: "mkapply" });
  const fg = await store.delete(ref, { propagationPolicy: "Foreground" });
  assert.equal(fg.removed, false);
  assert.deepEqual(meta(fg.object).finalizers, ["foregroundDeletion"]);
  // Asking again with Orphan swaps the policy finalizer; deletionTimestamp stays.
  const or = await store.delete(ref, { propagationPolicy: "Orphan" });
  assert.deepEqual(meta(or.object).finalizers, ["orphan"]);
  assert.equal(meta(or.object).deletionTimestamp, meta(fg.object).deletionTimestamp);
  // Background on an object whose only finalizer was a policy one removes it.
  const bg = await store.delete(ref, { propagationPolicy: "Background" });
  assert.equal(bg.removed, true);
  assert.equal(await store.get(ref), undefined);

  await store.create(configMap("cfg"), { managedBy: "mkapply" });
  const orphan = await store.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "cfg" }, { propagationPolicy: "Orphan" });
  assert.equal(orphan.removed, false);
  assert.deepEqual(meta(orphan.object).finalizers, ["orphan"]);
  await store.close();
});
