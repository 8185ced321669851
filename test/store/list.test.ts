import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { isStoreError } from "../../src/store/errors.js";
import { configMap, deployment, meta, openTestStore, thrown } from "./harness.js";

const names = (items: JsonObject[]) => items.map((o) => `${o.kind}/${meta(o).namespace ?? ""}/${meta(o).name}`);

async function seeded() {
  const t = openTestStore();
  const { store } = t;
  await store.create(configMap("a", {}, { labels: { app: "web", tier: "front" } }), { managedBy: "mkapply" });
  await store.create(configMap("b", {}, { labels: { app: "web", tier: "back" } }), { managedBy: "mkapply" });
  await store.create(configMap("c", {}, { labels: { app: "db" } }), { managedBy: "mkapply" });
  await store.create(configMap("d", {}, { namespace: "prod", labels: { app: "web" } }), { managedBy: "mkapply" });
  await store.create(deployment("web"), { managedBy: "mkapply" });
  await store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "prod" } }, { managedBy: "mkapply" });
  return t;
}

test("list by kind and namespace, sorted by namespace and name; \"\" means cluster-scoped", async () => {
  const { store } = await seeded();
  assert.deepEqual(names((await store.list({ apiVersion: "v1", kind: "ConfigMap" })).items), [
    "ConfigMap/default/a",
    "ConfigMap/default/b",
    "ConfigMap/default/c",
    "ConfigMap/prod/d",
  ]);
  assert.deepEqual(names((await store.list({ kind: "ConfigMap", namespace: "prod" })).items), ["ConfigMap/prod/d"]);
  assert.deepEqual(names((await store.list({ namespace: "" })).items), ["Namespace//prod"]);
  assert.equal((await store.list()).items.length, 6);
  assert.equal((await store.list({ apiVersion: "apps/v1" })).items.length, 1);
  assert.equal((await store.list()).resourceVersion, "6");
  await store.close();
});

test("matchLabels and every matchExpressions operator", async () => {
  const { store } = await seeded();
  const cm = async (labelSelector: object) => names((await store.list({ kind: "ConfigMap", namespace: "default", labelSelector })).items);
  assert.deepEqual(await cm({ matchLabels: { app: "web" } }), ["ConfigMap/default/a", "ConfigMap/default/b"]);
  assert.deepEqual(await cm({ matchLabels: { app: "web", tier: "back" } }), ["ConfigMap/default/b"]);
  assert.deepEqual(await cm({ matchExpressions: [{ key: "tier", operator: "In", values: ["front", "middle"] }] }), ["ConfigMap/default/a"]);
  // NotIn also matches objects without the label, as in Kubernetes.
  assert.deepEqual(await cm({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] }), ["ConfigMap/default/b", "ConfigMap/default/c"]);
  assert.deepEqual(await cm({ matchExpressions: [{ key: "tier", operator: "Exists" }] }), ["ConfigMap/default/a", "ConfigMap/default/b"]);
  assert.deepEqual(await cm({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }), ["ConfigMap/default/c"]);
  assert.deepEqual(await cm({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["back"] }] }), ["ConfigMap/default/a"]);
  assert.deepEqual(await cm({}), ["ConfigMap/default/a", "ConfigMap/default/b", "ConfigMap/default/c"], "an empty selector matches everything");
  await store.close();
});

test("an invalid selector is an error, not an empty list", async () => {
  const { store } = await seeded();
  for (const [selector, message] of [
    [{ matchExpressions: [{ key: "tier", operator: "In", values: [] }] }, /operator In needs at least one value/],
    [{ matchExpressions: [{ key: "tier", operator: "Exists", values: ["x"] }] }, /operator Exists takes no values/],
    [{ matchExpressions: [{ key: "tier", operator: "Like", values: ["x"] }] }, /operator must be In, NotIn, Exists or DoesNotExist/],
  ] as const) {
    const e = await thrown(() => store.list({ labelSelector: selector as never }));
    assert.ok(isStoreError(e, "Invalid"));
    assert.match((e as Error).message, message);
  }
  await store.close();
});

test("list by owner uid, and by controller owner only", async () => {
  const { store } = openTestStore();
  const rs = await store.create({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "default" }, spec: {} }, { managedBy: "controller" });
  const owner = (controller: boolean) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: String(meta(rs).uid), controller });
  await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "p1", namespace: "default", ownerReferences: [owner(true)] } }, { managedBy: "controller" });
  await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "p2", namespace: "default", ownerReferences: [owner(false)] } }, { managedBy: "controller" });
  const p3 = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "p3", namespace: "default" } }, { managedBy: "controller" });
  assert.deepEqual(names((await store.list({ ownerUid: String(meta(rs).uid) })).items), ["Pod/default/p1", "Pod/default/p2"]);
  assert.deepEqual(names((await store.list({ ownerUid: String(meta(rs).uid), controllerOnly: true })).items), ["Pod/default/p1"]);
  // Adoption: adding an ownerReference by update makes the object show up under its owner.
  await store.update({ ...p3, metadata: { ...meta(p3), ownerReferences: [owner(true)] } });
  assert.deepEqual(names((await store.list({ ownerUid: String(meta(rs).uid), controllerOnly: true })).items), ["Pod/default/p1", "Pod/default/p3"]);
  // Releasing (removing the reference) takes it out again.
  const p1 = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "p1" });
  await store.update({ ...p1!, metadata: { ...meta(p1!), ownerReferences: [] } });
  assert.deepEqual(names((await store.list({ ownerUid: String(meta(rs).uid) })).items), ["Pod/default/p2", "Pod/default/p3"]);
  await store.close();
});

test("list by managed-by tells configuration objects from controller-owned ones", async () => {
  const { store } = openTestStore();
  const d = await store.create(deployment("web"), { managedBy: "mkapply" });
  await store.create({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "default" } }, { managedBy: "controller" });
  assert.deepEqual(names((await store.list({ managedBy: "mkapply" })).items), ["Deployment/default/web"]);
  assert.deepEqual(names((await store.list({ managedBy: "controller" })).items), ["ReplicaSet/default/web-1"]);
  // Changing the manager (release from the configuration) is an update option.
  await store.update(d, { managedBy: "controller" });
  assert.deepEqual(names((await store.list({ managedBy: "mkapply" })).items), []);
  await store.close();
});
