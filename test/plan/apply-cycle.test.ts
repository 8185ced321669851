import { test } from "node:test";
import assert from "node:assert/strict";
import { applyPlanToStore } from "../../src/plan/apply-to-store.js";
import { CONFIGURATION_ANNOTATION } from "../../src/plan/normalize.js";
import { parsePlanFile, serializePlanFile } from "../../src/plan/plan-file.js";
import { renderPlanText } from "../../src/plan/render/text.js";
import type { JsonObject } from "../../src/schema/json.js";
import { applyConfiguration, configMap, deployment, freshStore, planStore } from "./harness.js";

const service: JsonObject = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } };

function actions(plan: { changes: { address: string; action: string }[] }): string[] {
  return plan.changes.filter((c) => c.action !== "no-op").map((c) => `${c.action} ${c.address}`);
}

test("apply to a fresh store, then plan again: no changes", async () => {
  const { store } = freshStore();
  const desired = [deployment("web"), service, configMap("web-config", { "app.properties": "color=blue\n" })];
  const first = await applyConfiguration(store, desired);
  assert.deepEqual(actions(first), ["create ConfigMap/web-config", "create Service/web", "create Deployment/web"]);

  const stored = await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" });
  assert.ok(stored, "the Deployment was written");
  const annotations = (stored.metadata as JsonObject).annotations as JsonObject;
  assert.equal(annotations[CONFIGURATION_ANNOTATION], "/projects/shop", "objects are marked with their configuration");
  assert.equal((stored.spec as JsonObject).revisionHistoryLimit, 10, "the stored object is defaulted, as the apiserver stores it");

  const again = await planStore(store, desired);
  assert.deepEqual(actions(again), []);
  assert.equal(again.counts.noop, 3);
  assert.match(renderPlanText(again, { color: false }), /^No changes\. Your workloads match the configuration\.$/m);
  const history = await store.listApplies();
  assert.equal(history.length, 1);
  assert.equal(history[0].outcome, "succeeded");
  assert.deepEqual(history[0].summary, { create: 3, update: 0, replace: 0, delete: 0 });
  assert.equal(await store.getLock("apply"), undefined, "the lock is released");
  await store.close();
});

test("a replicas change is one in-place update; a selector change is a replace naming spec.selector; a removed object is a delete", async () => {
  const { store } = freshStore();
  await applyConfiguration(store, [deployment("web"), service, configMap("web-config", { a: "1" })]);

  const scaled = await planStore(store, [deployment("web", { replicas: 5 }), service, configMap("web-config", { a: "1" })]);
  assert.deepEqual(actions(scaled), ["update Deployment/web"]);
  assert.deepEqual(scaled.counts, { create: 0, update: 1, replace: 0, delete: 0, noop: 2 });
  assert.ok(scaled.changes.find((c) => c.action === "update")?.consequences.includes("scales from 3 to 5 pods"));

  const reselected = await planStore(store, [deployment("web", { labels: { app: "web", tier: "front" } }), service, configMap("web-config", { a: "1" })]);
  assert.deepEqual(actions(reselected), ["replace Deployment/web"]);
  const replace = reselected.changes.find((c) => c.action === "replace");
  assert.deepEqual(
    replace?.replaceCauses.map((c) => c.path),
    [["spec", "selector"]],
  );
  assert.equal(replace?.actionReason, "replace_because_cannot_update");
  assert.match(renderPlanText(reselected, { color: false }), /~ selector = \{ # forces replacement/);

  const pruned = await planStore(store, [deployment("web"), service]);
  assert.deepEqual(actions(pruned), ["delete ConfigMap/web-config"]);
  assert.equal(pruned.changes.find((c) => c.action === "delete")?.actionReason, "delete_because_no_configuration");
  await store.close();
});

test("applying updates, replacements and deletes leaves a state that plans as no changes", async () => {
  const { store } = freshStore();
  await applyConfiguration(store, [deployment("web"), service, configMap("web-config", { a: "1" })]);
  const next = [deployment("web", { labels: { app: "web", tier: "front" }, replicas: 2 }), { ...service, spec: { selector: { app: "api" }, ports: [{ port: 80 }] } }];
  const plan = await applyConfiguration(store, next);
  assert.deepEqual(actions(plan), ["update Service/web", "replace Deployment/web", "delete ConfigMap/web-config"]);
  const web = await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" });
  assert.notEqual((web?.metadata as JsonObject).uid, "uid-3", "a replaced object is a new object");
  assert.equal(await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "web-config" }), undefined);
  assert.deepEqual(actions(await planStore(store, next)), []);
  await store.close();
});

test("fields the server set are kept by an apply and never shown as changes", async () => {
  const { store } = freshStore();
  await applyConfiguration(store, [deployment("web"), service]);
  // The store allocates a cluster IP and the Deployment controller writes its revision annotation.
  const ref = { apiVersion: "v1", kind: "Service", namespace: "default", name: "web" };
  const svc = (await store.get(ref))!;
  await store.update({ ...svc, spec: { ...(svc.spec as JsonObject), clusterIP: "10.96.0.12", clusterIPs: ["10.96.0.12"] } });
  const depRef = { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" };
  const dep = (await store.get(depRef))!;
  const meta = dep.metadata as JsonObject;
  await store.update({ ...dep, metadata: { ...meta, annotations: { ...(meta.annotations as JsonObject), "deployment.kubernetes.io/revision": "1" } } });

  const plan = await planStore(store, [deployment("web", { replicas: 4 }), service]);
  assert.deepEqual(actions(plan), ["update Deployment/web"]);
  await applyPlanToStore(plan, store);
  const after = (await store.get(depRef))!;
  assert.equal(((after.metadata as JsonObject).annotations as JsonObject)["deployment.kubernetes.io/revision"], "1", "the controller's annotation survives the update");
  assert.equal((after.spec as JsonObject).replicas, 4);
  assert.equal(((await store.get(ref))!.spec as JsonObject).clusterIP, "10.96.0.12");
  await store.close();
});

test("a stale saved plan is refused, naming the object, and nothing is written", async () => {
  const { store } = freshStore();
  await applyConfiguration(store, [deployment("web"), configMap("a", { k: "1" })]);
  const plan = await planStore(store, [deployment("web", { replicas: 5 }), configMap("a", { k: "2" }), configMap("b", { k: "1" })]);
  const parsed = parsePlanFile(serializePlanFile(plan, { mkVersion: "test" }), "web.plan");
  assert.ok(parsed.ok);

  // Someone scales the Deployment after the plan was saved.
  const ref = { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" };
  const current = (await store.get(ref))!;
  await store.update({ ...current, spec: { ...(current.spec as JsonObject), replicas: 7 } });

  const result = await applyPlanToStore(parsed.plan, store);
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(result.diagnostic.code, "MK8003");
  assert.match(result.diagnostic.message, /the saved plan is stale: Deployment\/web changed since the plan was made/);
  assert.equal(((await store.get(ref))!.spec as JsonObject).replicas, 7, "the stale plan wrote nothing");
  assert.equal(await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "b" }), undefined, "not even the objects that did not change");
  const [last] = await store.listApplies();
  assert.equal(last.outcome, "failed");
  assert.match(last.message ?? "", /stale/);

  // Status writes (controllers) do not make a plan stale; an object created meanwhile does.
  const fresh = await planStore(store, [deployment("web", { replicas: 5 }), configMap("a", { k: "1" }), configMap("b", { k: "1" })]);
  const saved = parsePlanFile(serializePlanFile(fresh, { mkVersion: "test" }), "web.plan");
  assert.ok(saved.ok);
  await store.updateStatus({ ...(await store.get(ref))!, status: { replicas: 7, readyReplicas: 7 } });
  await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b", namespace: "default" }, data: { k: "x" } }, { managedBy: "mkapply" });
  const refused = await applyPlanToStore(saved.plan, store);
  assert.ok(!refused.ok);
  assert.match(refused.diagnostic.message, /ConfigMap\/b was created since the plan was made/);
  await store.close();
});

test("a saved plan applies exactly what it says when nothing changed", async () => {
  const { store } = freshStore();
  await applyConfiguration(store, [deployment("web")]);
  const plan = await planStore(store, [deployment("web", { image: "nginx:1.26" })]);
  const parsed = parsePlanFile(serializePlanFile(plan, { mkVersion: "test" }), "web.plan");
  assert.ok(parsed.ok);
  const result = await applyPlanToStore(parsed.plan, store, { planDigest: "sha256:abc" });
  assert.ok(result.ok);
  const [record] = await store.listApplies();
  assert.equal(record.planDigest, "sha256:abc");
  assert.deepEqual(record.summary, { create: 0, update: 1, replace: 0, delete: 0 });
  const dep = await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" });
  const container = (((dep!.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
  assert.equal(container[0].image, "nginx:1.26");
  await store.close();
});

test("objects of another configuration are never pruned; destroy plans only this configuration's objects", async () => {
  const { store } = freshStore();
  await applyConfiguration(store, [deployment("web"), configMap("shared", { a: "1" })]);
  await applyConfiguration(store, [deployment("api")], "/projects/other");
  const plan = await planStore(store, [deployment("web")]);
  assert.deepEqual(actions(plan), ["delete ConfigMap/shared"]);
  const destroy = await planStore(store, [], { destroy: true });
  assert.deepEqual(actions(destroy), ["delete Deployment/web", "delete ConfigMap/shared"]);
  assert.ok(destroy.changes.every((c) => c.actionReason === "delete_because_destroy"));
  await store.close();
});

test("a plan made against a git revision cannot be applied", async () => {
  const { store } = freshStore();
  const plan = await planStore(store, [deployment("web")]);
  const result = await applyPlanToStore({ ...plan, baseline: { kind: "git", ref: "main", commit: "0".repeat(40) } }, store);
  assert.ok(!result.ok);
  assert.equal(result.diagnostic.code, "MK8009");
  assert.equal(await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" }), undefined);
  await store.close();
});
