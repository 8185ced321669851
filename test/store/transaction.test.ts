import { test } from "node:test";
import assert from "node:assert/strict";
import { isStoreError } from "../../src/store/errors.js";
import { openStore } from "../../src/store/open.js";
import { configMap, meta, openTestStore, thrown } from "./harness.js";

test("a transaction commits all its writes together", async () => {
  const { store } = openTestStore();
  const result = await store.transaction(async (tx) => {
    await tx.create(configMap("a"), { managedBy: "mkapply" });
    await tx.create(configMap("b"), { managedBy: "mkapply" });
    return (await tx.list()).items.length;
  });
  assert.equal(result, 2, "reads inside the transaction see its writes");
  assert.equal((await store.list()).items.length, 2);
  await store.close();
});

test("a failure half-way rolls every write back, including the resourceVersions handed out", async () => {
  const { store } = openTestStore();
  await store.create(configMap("taken"), { managedBy: "mkapply" });
  const e = await thrown(() =>
    store.transaction(async (tx) => {
      await tx.create(configMap("a"), { managedBy: "mkapply" });
      await tx.recordEvent({
        involvedObject: { apiVersion: "v1", kind: "ConfigMap", name: "a", namespace: "default" },
        type: "Normal",
        reason: "Created",
        message: "created",
        source: { component: "mkapply" },
      });
      await tx.create(configMap("taken"), { managedBy: "mkapply" });
    }),
  );
  assert.ok(isStoreError(e, "AlreadyExists"));
  assert.deepEqual((await store.list()).items.map((o) => meta(o).name), ["taken"]);
  assert.deepEqual((await store.listEvents()).items, []);
  assert.equal(await store.currentResourceVersion(), "1");
  assert.deepEqual((await store.changes({ sinceResourceVersion: "1" })).changes, []);
  await store.close();
});

test("other callers wait for a transaction in progress; they never see its writes half-done", async () => {
  const { store } = openTestStore();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let inside!: () => void;
  const started = new Promise<void>((r) => (inside = r));
  const tx = store.transaction(async (t) => {
    await t.create(configMap("a"), { managedBy: "mkapply" });
    inside();
    await gate;
    await t.create(configMap("b"), { managedBy: "mkapply" });
  });
  await started;
  const outside = store.list().then((l) => l.items.map((o) => meta(o).name));
  let outsideDone = false;
  void outside.then(() => (outsideDone = true));
  // Let every pending callback run: the outside read must still be waiting.
  await new Promise<void>((r) => setImmediate(r));
  assert.equal(outsideDone, false);
  release();
  await tx;
  assert.deepEqual(await outside, ["a", "b"]);
  await store.close();
});

test("a transaction inside a transaction joins it", async () => {
  const { store } = openTestStore();
  await thrown(() =>
    store.transaction(async (tx) => {
      await tx.create(configMap("a"), { managedBy: "mkapply" });
      await store.transaction(async (inner) => inner.create(configMap("b"), { managedBy: "mkapply" }));
      throw new Error("abort");
    }),
  );
  assert.deepEqual((await store.list()).items, []);
  await store.close();
});

test("a writer kept out past the busy timeout gets a Busy store error, not SQLite's", async () => {
  const { store, path } = openTestStore();
  const other = openStore({ path, busyTimeoutMs: 100 });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let inside!: () => void;
  const started = new Promise<void>((r) => (inside = r));
  const holding = store.transaction(async (tx) => {
    await tx.create(configMap("a"), { managedBy: "mkapply" });
    inside();
    await gate;
  });
  await started;
  // `other` is a second connection, as another process would have: it waits 100ms, then gives up.
  const e = await thrown(() => other.create(configMap("b"), { managedBy: "mkapply" }));
  release();
  await holding;
  assert.ok(isStoreError(e, "Busy"), String(e));
  assert.match((e as Error).message, /stayed locked by another process's write for longer than the busy timeout \(0\.1s\)/);
  assert.deepEqual((await other.list()).items.map((o) => meta(o).name), ["a"]);
  await other.close();
  await store.close();
});
