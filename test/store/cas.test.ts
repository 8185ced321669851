import { test } from "node:test";
import assert from "node:assert/strict";
import { ConflictError, isConflict, isStoreError } from "../../src/store/errors.js";
import type { JsonObject } from "../../src/schema/json.js";
import { configMap, meta, openTestStore, thrown } from "./harness.js";

test("an update with a stale resourceVersion fails with a conflict naming both versions", async () => {
  const { store } = openTestStore();
  const v1 = await store.create(configMap("cfg", { a: "1" }), { managedBy: "mkapply" });
  const v2 = await store.update({ ...v1, data: { a: "2" } });
  assert.equal(meta(v2).resourceVersion, "2");
  const e = await thrown(() => store.update({ ...v1, data: { a: "3" } }));
  assert.ok(isConflict(e));
  assert.equal((e as ConflictError).expectedResourceVersion, "1");
  assert.equal((e as ConflictError).currentResourceVersion, "2");
  assert.match((e as Error).message, /conflict on ConfigMap\/default\/cfg: expected resourceVersion 1 but the stored object is at resourceVersion 2/);
  const stored = await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "cfg" });
  assert.deepEqual(stored?.data, { a: "2" });
  await store.close();
});

test("two writers from the same read: exactly one wins", async () => {
  const { store } = openTestStore();
  const base = await store.create(configMap("cfg", { n: "0" }), { managedBy: "mkapply" });
  const results = await Promise.allSettled([store.update({ ...base, data: { n: "a" } }), store.update({ ...base, data: { n: "b" } })]);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  assert.ok(isConflict(rejected.reason));
  await store.close();
});

test("update and updateStatus require a resourceVersion", async () => {
  const { store } = openTestStore();
  const created = await store.create(configMap("cfg"), { managedBy: "mkapply" });
  const { resourceVersion: _rv, ...metadata } = meta(created);
  const e = await thrown(() => store.update({ ...created, metadata } as JsonObject));
  assert.ok(isStoreError(e, "Invalid"));
  assert.match((e as Error).message, /metadata.resourceVersion is required for an update/);
  const s = await thrown(() => store.updateStatus({ ...created, metadata, status: {} } as JsonObject));
  assert.ok(isStoreError(s, "Invalid"));
  await store.close();
});

test("delete preconditions are compare-and-swap too", async () => {
  const { store } = openTestStore();
  const created = await store.create(configMap("cfg"), { managedBy: "mkapply" });
  const ref = { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "cfg" };
  await store.update({ ...created, data: { x: "y" } });
  const e = await thrown(() => store.delete(ref, { preconditions: { resourceVersion: "1" } }));
  assert.ok(isConflict(e));
  const u = await thrown(() => store.delete(ref, { preconditions: { uid: "someone-else" } }));
  assert.ok(isStoreError(u, "Conflict"));
  assert.match((u as Error).message, /expected uid someone-else/);
  const ok = await store.delete(ref, { preconditions: { uid: String(meta(created).uid), resourceVersion: "2" } });
  assert.equal(ok.removed, true);
  await store.close();
});

test("an update naming another uid is refused (the object was re-created)", async () => {
  const { store } = openTestStore();
  const created = await store.create(configMap("cfg"), { managedBy: "mkapply" });
  const e = await thrown(() => store.update({ ...created, metadata: { ...meta(created), uid: "uid-other" } }));
  assert.ok(isStoreError(e, "Invalid"));
  assert.match((e as Error).message, /does not match the stored object's uid uid-1/);
  await store.close();
});
