import assert from "node:assert/strict";
import { test } from "node:test";
import { decideDependent, foregroundBlocked, ownerState, type OwnerState } from "../../src/controllers/gc/decide.js";
import type { JsonObject } from "../../src/schema/json.js";

function obj(name: string, extra: JsonObject = {}): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, uid: `uid-${name}`, ...extra } };
}

test("owner states: gone, foreground-deleting, or solid (an orphaning or finalizer-held owner is still solid)", () => {
  assert.equal(ownerState(undefined), "dangling");
  assert.equal(ownerState(obj("o")), "solid");
  assert.equal(ownerState(obj("o", { deletionTimestamp: "t", finalizers: ["foregroundDeletion"] })), "waitingForDependents");
  assert.equal(ownerState(obj("o", { deletionTimestamp: "t", finalizers: ["orphan"] })), "solid");
});

test("dependents: kept while an owner is solid, deleted when all are gone, in the foreground for a waiting owner", () => {
  const m = (entries: [string, OwnerState][]) => new Map(entries);
  const d = obj("d");
  assert.deepEqual(decideDependent(d, m([["a", "solid"]]), false), { kind: "none" });
  assert.deepEqual(decideDependent(d, m([["a", "solid"], ["b", "dangling"]]), false), { kind: "removeReferences", uids: ["b"] });
  assert.deepEqual(decideDependent(d, m([["a", "dangling"]]), false), { kind: "delete", propagation: "Background" });
  assert.deepEqual(decideDependent(d, m([["a", "waitingForDependents"]]), true), { kind: "delete", propagation: "Foreground" });
  assert.deepEqual(decideDependent(d, m([["a", "waitingForDependents"]]), false), { kind: "delete", propagation: "Background" });
  assert.deepEqual(decideDependent(obj("d", { finalizers: ["orphan"] }), m([["a", "dangling"]]), true), { kind: "delete", propagation: "Orphan" });
  assert.deepEqual(decideDependent(obj("d", { deletionTimestamp: "t" }), m([["a", "dangling"]]), false), { kind: "none" }, "already going");
  assert.deepEqual(decideDependent(d, m([]), false), { kind: "none" });
});

test("a foreground deletion waits only for dependents that block owner deletion", () => {
  const blocking = obj("p", { ownerReferences: [{ uid: "owner", blockOwnerDeletion: true }] });
  const loose = obj("q", { ownerReferences: [{ uid: "owner", blockOwnerDeletion: false }] });
  assert.equal(foregroundBlocked("owner", [blocking, loose]), true);
  assert.equal(foregroundBlocked("owner", [loose]), false);
  assert.equal(foregroundBlocked("owner", []), false);
});
