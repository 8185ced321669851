import { test } from "node:test";
import assert from "node:assert/strict";
import { isStoreError } from "../../src/store/errors.js";
import { configMap, deployment, meta, openTestStore, thrown } from "./harness.js";

test("create fills in uid, resourceVersion, generation and creationTimestamp, and get returns the object", async () => {
  const { store } = openTestStore();
  const created = await store.create(deployment("web", 2), { managedBy: "mkapply" });
  const m = meta(created);
  assert.equal(m.uid, "uid-1");
  assert.equal(m.resourceVersion, "1");
  assert.equal(m.generation, 1);
  assert.equal(m.creationTimestamp, "2025-03-01T10:00:00Z");
  assert.deepEqual(await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" }), created);
  assert.deepEqual(await store.getByUid("uid-1"), created);
  await store.close();
});

test("objects are keyed by group, not version: autoscaling/v1 and v2 name the same object", async () => {
  const { store } = openTestStore();
  const hpa = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web", namespace: "default" }, spec: { maxReplicas: 3 } };
  await store.create(hpa, { managedBy: "mkapply" });
  const viaV1 = await store.get({ apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", namespace: "default", name: "web" });
  assert.equal(viaV1?.apiVersion, "autoscaling/v2");
  assert.equal(await store.get({ apiVersion: "v1", kind: "HorizontalPodAutoscaler", namespace: "default", name: "web" }), undefined);
  await store.close();
});

test("create fails with AlreadyExists for a taken key, and nothing is written", async () => {
  const { store } = openTestStore();
  await store.create(configMap("cfg", { a: "1" }), { managedBy: "mkapply" });
  const e = await thrown(() => store.create(configMap("cfg", { a: "2" }), { managedBy: "mkapply" }));
  assert.ok(isStoreError(e, "AlreadyExists"));
  assert.match((e as Error).message, /ConfigMap\/default\/cfg already exists/);
  assert.equal(await store.currentResourceVersion(), "1");
  // The same name in another namespace is another object.
  await store.create(configMap("cfg", {}, { namespace: "other" }), { managedBy: "mkapply" });
  await store.close();
});

test("create ignores caller-set system fields and drops status, refuses a resourceVersion", async () => {
  const { store } = openTestStore();
  const input = { ...configMap("cfg", { a: "1" }, { uid: "mine", creationTimestamp: "1999-01-01T00:00:00Z", generation: 9 }), status: { phase: "x" } };
  const created = await store.create(input, { managedBy: "mkapply" });
  assert.equal(meta(created).uid, "uid-1");
  assert.equal(meta(created).generation, 1);
  assert.equal(meta(created).creationTimestamp, "2025-03-01T10:00:00Z");
  assert.equal(created.status, undefined);
  const e = await thrown(() => store.create(configMap("other", {}, { resourceVersion: "5" }), { managedBy: "mkapply" }));
  assert.ok(isStoreError(e, "Invalid"));
  assert.match((e as Error).message, /resourceVersion must not be set/);
  await store.close();
});

test("generateName makes a name with five random characters", async () => {
  const { store } = openTestStore();
  const a = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { generateName: "web-7d9f-", namespace: "default" }, spec: {} }, { managedBy: "controller" });
  const b = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { generateName: "web-7d9f-", namespace: "default" }, spec: {} }, { managedBy: "controller" });
  assert.match(String(meta(a).name), /^web-7d9f-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.notEqual(meta(a).name, meta(b).name);
  assert.equal((await store.list({ kind: "Pod" })).items.length, 2);
  await store.close();
});

test("malformed objects are rejected with the field that is wrong", async () => {
  const { store } = openTestStore();
  const cases: [object, RegExp][] = [
    [{ kind: "ConfigMap", metadata: { name: "x" } }, /apiVersion must be a non-empty string/],
    [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }, /metadata.name or metadata.generateName is required/],
    [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", labels: { a: 1 } } }, /metadata.labels must map strings to strings/],
    [
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: "x",
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: "a", uid: "1", controller: true },
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: "b", uid: "2", controller: true },
          ],
        },
      },
      /only one reference can have controller set to true/,
    ],
  ];
  for (const [object, message] of cases) {
    const e = await thrown(() => store.create(object as never, { managedBy: "mkapply" }));
    assert.ok(isStoreError(e, "Invalid"), String(e));
    assert.match((e as Error).message, message);
  }
  const bad = await thrown(() => store.create(configMap("x"), { managedBy: "someone" as never }));
  assert.ok(isStoreError(bad, "Invalid"));
  assert.equal(await store.currentResourceVersion(), "0");
  await store.close();
});

test("resourceVersion is one store-wide counter across kinds", async () => {
  const { store } = openTestStore();
  const a = await store.create(configMap("a"), { managedBy: "mkapply" });
  const b = await store.create(deployment("b"), { managedBy: "mkapply" });
  const a2 = await store.update({ ...a, data: { k: "v" } });
  assert.deepEqual([meta(a).resourceVersion, meta(b).resourceVersion, meta(a2).resourceVersion], ["1", "2", "3"]);
  assert.equal(await store.currentResourceVersion(), "3");
  await store.close();
});

test("update and delete of a missing object fail with NotFound", async () => {
  const { store } = openTestStore();
  const e1 = await thrown(() => store.update({ ...configMap("nope"), metadata: { name: "nope", namespace: "default", resourceVersion: "1" } }));
  assert.ok(isStoreError(e1, "NotFound"));
  const e2 = await thrown(() => store.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "nope" }));
  assert.ok(isStoreError(e2, "NotFound"));
  assert.match((e2 as Error).message, /ConfigMap\/default\/nope not found/);
  await store.close();
});

test("Secret data is stored as given", async () => {
  const { store } = openTestStore();
  const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { password: "aHVudGVyMg==" }, type: "Opaque" };
  await store.create(secret, { managedBy: "mkapply" });
  const got = await store.get({ apiVersion: "v1", kind: "Secret", namespace: "default", name: "db" });
  assert.deepEqual(got?.data, { password: "aHVudGVyMg==" });
  await store.close();
});
