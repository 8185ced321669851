import { test } from "node:test";
import assert from "node:assert/strict";
import { isStoreError } from "../../src/store/errors.js";
import { configMap, deployment, meta, openTestStore, thrown } from "./harness.js";

test("the change feed lists every write after a resourceVersion, oldest first, with the object", async () => {
  const { store } = openTestStore();
  const cm = await store.create(configMap("cfg", { a: "1" }), { managedBy: "mkapply" });
  const listed = await store.list();
  assert.equal(listed.resourceVersion, "1");
  await store.create(deployment("web"), { managedBy: "mkapply" });
  await store.update({ ...cm, data: { a: "2" } });
  await store.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "cfg" });

  const batch = await store.changes({ sinceResourceVersion: listed.resourceVersion });
  assert.deepEqual(
    batch.changes.map((c) => [c.type, c.resourceVersion, c.object.kind, meta(c.object).name]),
    [
      ["ADDED", "2", "Deployment", "web"],
      ["MODIFIED", "3", "ConfigMap", "cfg"],
      ["DELETED", "4", "ConfigMap", "cfg"],
    ],
  );
  assert.deepEqual(batch.changes[1].object.data, { a: "2" });
  assert.equal(batch.resourceVersion, "4");
  assert.equal(batch.more, false);

  const caughtUp = await store.changes({ sinceResourceVersion: batch.resourceVersion });
  assert.deepEqual(caughtUp.changes, []);
  assert.equal(caughtUp.resourceVersion, "4");
  await store.close();
});

test("filtered polls advance to the store's head even when nothing matches", async () => {
  const { store } = openTestStore();
  await store.create(configMap("a"), { managedBy: "mkapply" });
  await store.create(deployment("web"), { managedBy: "mkapply" });
  await store.create(configMap("b", {}, { namespace: "prod" }), { managedBy: "mkapply" });
  const deployments = await store.changes({ sinceResourceVersion: "0", apiVersion: "apps/v1", kind: "Deployment" });
  assert.deepEqual(deployments.changes.map((c) => meta(c.object).name), ["web"]);
  assert.equal(deployments.resourceVersion, "3");
  const prod = await store.changes({ sinceResourceVersion: "0", namespace: "prod" });
  assert.deepEqual(prod.changes.map((c) => meta(c.object).name), ["b"]);
  const none = await store.changes({ sinceResourceVersion: "0", kind: "Job" });
  assert.deepEqual(none.changes, []);
  assert.equal(none.resourceVersion, "3");
  await store.close();
});

test("a limited batch says there is more and continues where it stopped", async () => {
  const { store } = openTestStore();
  for (const n of ["a", "b", "c", "d", "e"]) await store.create(configMap(n), { managedBy: "mkapply" });
  const seen: string[] = [];
  let rv = "0";
  let polls = 0;
  for (;;) {
    const batch = await store.changes({ sinceResourceVersion: rv, limit: 2 });
    polls++;
    seen.push(...batch.changes.map((c) => String(meta(c.object).name)));
    rv = batch.resourceVersion;
    if (!batch.more) break;
  }
  assert.deepEqual(seen, ["a", "b", "c", "d", "e"]);
  assert.equal(polls, 3);
  await store.close();
});

test("a poll from before the compacted revision is Gone, as a watch from a too old resourceVersion", async () => {
  const { store } = openTestStore();
  for (const n of ["a", "b", "c"]) await store.create(configMap(n), { managedBy: "mkapply" });
  await store.compactChanges("2");
  const e = await thrown(() => store.changes({ sinceResourceVersion: "1" }));
  assert.ok(isStoreError(e, "Gone"));
  assert.match((e as Error).message, /resourceVersion 1 is too old: changes up to 2 have been compacted; list again/);
  const fromTwo = await store.changes({ sinceResourceVersion: "2" });
  assert.deepEqual(fromTwo.changes.map((c) => meta(c.object).name), ["c"]);
  const ahead = await thrown(() => store.changes({ sinceResourceVersion: "99" }));
  assert.ok(isStoreError(ahead, "Gone"));
  const bad = await thrown(() => store.changes({ sinceResourceVersion: "abc" }));
  assert.ok(isStoreError(bad, "Invalid"));
  await store.close();
});
