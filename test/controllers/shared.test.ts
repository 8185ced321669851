import assert from "node:assert/strict";
import { test } from "node:test";
import { decideClaims } from "../../src/controllers/shared/adoption.js";
import { compareForDeletion, podsToDelete } from "../../src/controllers/shared/deletion-order.js";
import { activePods, isPodAvailable, isPodReady, msUntilAvailable } from "../../src/controllers/shared/pod-status.js";
import { slowStartBatch, slowStartBatchSizes } from "../../src/controllers/shared/slow-start.js";
import { computePodTemplateHash, fnv32a, safeEncodeString } from "../../src/controllers/shared/template-hash.js";
import type { JsonObject } from "../../src/schema/json.js";
import { mulberry32 } from "../support/prng.js";

interface PodShape {
  name: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  restarts?: number;
  created?: string;
  deleting?: boolean;
  cost?: number;
  labels?: Record<string, string>;
  owner?: string;
}

function pod(p: PodShape): JsonObject {
  const metadata: JsonObject = { name: p.name, namespace: "default", uid: `uid-${p.name}`, creationTimestamp: p.created ?? "2025-03-01T10:00:00Z", labels: p.labels ?? { app: "web" } };
  if (p.deleting) metadata.deletionTimestamp = "2025-03-01T10:05:00Z";
  if (p.cost !== undefined) metadata.annotations = { "controller.kubernetes.io/pod-deletion-cost": String(p.cost) };
  if (p.owner) metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "o", uid: p.owner, controller: true }];
  const status: JsonObject = { phase: p.phase ?? "Running" };
  if (p.ready !== undefined) status.conditions = [{ type: "Ready", status: p.ready ? "True" : "False", lastTransitionTime: p.readySince ?? "2025-03-01T10:00:00Z" }];
  status.containerStatuses = [{ name: "c", restartCount: p.restarts ?? 0 }];
  const spec: JsonObject = { containers: [] };
  if (p.node) spec.nodeName = p.node;
  return { apiVersion: "v1", kind: "Pod", metadata, spec, status };
}

const NOW = new Date("2025-03-01T10:10:00Z");

test("readiness and availability with minReadySeconds", () => {
  const ready = pod({ name: "a", ready: true, readySince: "2025-03-01T10:09:55Z" });
  assert.equal(isPodReady(ready), true);
  assert.equal(isPodAvailable(ready, 0, NOW), true);
  assert.equal(isPodAvailable(ready, 5, NOW), true, "ready exactly 5 s");
  assert.equal(isPodAvailable(ready, 6, NOW), false);
  assert.equal(msUntilAvailable(ready, 6, NOW), 1000);
  assert.equal(isPodAvailable(pod({ name: "b", ready: false }), 0, NOW), false);
  assert.equal(isPodReady(pod({ name: "c" })), false, "no Ready condition: not ready");
});

test("active pods exclude finished and terminating ones", () => {
  const list = [pod({ name: "a" }), pod({ name: "b", phase: "Succeeded" }), pod({ name: "c", phase: "Failed" }), pod({ name: "d", deleting: true }), pod({ name: "e", phase: "Pending" })];
  assert.deepEqual(activePods(list).map((p) => (p.metadata as JsonObject).name), ["a", "e"]);
});

test("deletion order: unscheduled, Pending, Unknown, not ready, low cost, ready for less time, restarts, newer", () => {
  const ordered = [
    pod({ name: "unscheduled", phase: "Pending" }),
    pod({ name: "pending", node: "n", phase: "Pending" }),
    pod({ name: "unknown", node: "n", phase: "Unknown" }),
    pod({ name: "notready", node: "n", ready: false }),
    pod({ name: "cheap", node: "n", ready: true, cost: -5, readySince: "2025-03-01T09:00:00Z" }),
    pod({ name: "young", node: "n", ready: true, readySince: "2025-03-01T10:09:00Z" }),
    pod({ name: "restarty", node: "n", ready: true, readySince: "2025-03-01T10:00:00Z", restarts: 4 }),
    pod({ name: "newer", node: "n", ready: true, readySince: "2025-03-01T10:00:00Z", created: "2025-03-01T09:59:00Z" }),
    pod({ name: "oldest", node: "n", ready: true, readySince: "2025-03-01T10:00:00Z", created: "2025-03-01T09:00:00Z" }),
  ];
  const names = ordered.map((p) => (p.metadata as JsonObject).name);
  // Shuffled inputs always sort back to the same order.
  const random = mulberry32(6);
  for (let round = 0; round < 20; round++) {
    const shuffled = [...ordered].sort(() => random() - 0.5);
    assert.deepEqual([...shuffled].sort(compareForDeletion).map((p) => (p.metadata as JsonObject).name), names);
  }
  assert.deepEqual(podsToDelete(ordered, 2).map((p) => (p.metadata as JsonObject).name), ["unscheduled", "pending"]);
  assert.deepEqual(podsToDelete(ordered, 0), []);
});

test("pod-template-hash: stable, safe alphabet, moved by the collision count and by any template change", () => {
  const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "localhost/mk/web:1" }] } };
  const h = computePodTemplateHash(template);
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  assert.equal(computePodTemplateHash(JSON.parse(JSON.stringify(template))), h);
  // Key order carries no meaning.
  assert.equal(computePodTemplateHash({ spec: template.spec, metadata: template.metadata }), h);
  assert.notEqual(computePodTemplateHash(template, 1), h);
  assert.notEqual(computePodTemplateHash({ ...template, spec: { containers: [{ name: "web", image: "localhost/mk/web:2" }] } }), h);
  // FNV-1a reference values.
  assert.equal(fnv32a(new TextEncoder().encode("")), 0x811c9dc5);
  assert.equal(fnv32a(new TextEncoder().encode("a")), 0xe40c292c);
  assert.equal(safeEncodeString("0123"), "4567");
});

test("slow-start batches grow 1, 2, 4, ... and stop at the first failing batch", async () => {
  assert.deepEqual(slowStartBatchSizes(10), [1, 2, 4, 3]);
  assert.deepEqual(slowStartBatchSizes(1), [1]);
  assert.deepEqual(slowStartBatchSizes(0), []);
  let calls = 0;
  const result = await slowStartBatch(10, 1, async (i) => {
    calls++;
    if (i === 2) throw new Error("quota");
  });
  assert.equal(calls, 3, "batches of 1 and 2; the second fails, nothing more is tried");
  assert.equal(result.successes, 2);
  assert.match(String(result.error), /quota/);
  const ok = await slowStartBatch(7, 1, async () => {});
  assert.deepEqual(ok, { successes: 7 });
});

test("claims: own matching pods, adopt matching orphans, release non-matching, never touch others' or while deleting", () => {
  const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs", uid: "rs-uid" }, spec: {} } as JsonObject;
  const selector = { matchLabels: { app: "web" } };
  const candidates = [
    pod({ name: "mine", owner: "rs-uid" }),
    pod({ name: "strayed", owner: "rs-uid", labels: { app: "other" } }),
    pod({ name: "orphan" }),
    pod({ name: "orphan-other", labels: { app: "db" } }),
    pod({ name: "theirs", owner: "other-uid" }),
    pod({ name: "orphan-deleting", deleting: true }),
  ];
  const names = (list: JsonObject[]) => list.map((p) => (p.metadata as JsonObject).name);
  const d = decideClaims(owner, selector, candidates);
  assert.deepEqual(names(d.owned), ["mine"]);
  assert.deepEqual(names(d.adopt), ["orphan"]);
  assert.deepEqual(names(d.release), ["strayed"]);
  const deleting = decideClaims({ ...owner, metadata: { ...(owner.metadata as JsonObject), deletionTimestamp: "2025-03-01T10:00:00Z" } }, selector, candidates);
  assert.deepEqual(names(deleting.adopt), [], "no adoption while the owner is being deleted");
  assert.deepEqual(names(deleting.release), [], "no release either: the garbage collector needs the references");
});
