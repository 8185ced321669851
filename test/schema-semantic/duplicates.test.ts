import { test } from "node:test";
import assert from "node:assert/strict";
import { findDuplicateObjects } from "../../src/schema/semantic/duplicates.js";
import type { JsonObject } from "../../src/schema/json.js";

const obj = (apiVersion: string, kind: string, name: string, namespace?: string): { object: JsonObject } => ({
  object: { apiVersion, kind, metadata: namespace === undefined ? { name } : { name, namespace } },
});

test("the same kind, namespace and name twice is a duplicate; the default namespace is implied", () => {
  const dups = findDuplicateObjects([obj("apps/v1", "Deployment", "web"), obj("v1", "Service", "web"), obj("apps/v1", "Deployment", "web", "default")]);
  assert.deepEqual(dups, [{ index: 2, firstIndex: 0 }]);
});

test("different namespaces, kinds or groups are distinct; versions of one group are not", () => {
  assert.deepEqual(findDuplicateObjects([obj("apps/v1", "Deployment", "web"), obj("apps/v1", "Deployment", "web", "prod"), obj("v1", "Pod", "web")]), []);
  assert.deepEqual(findDuplicateObjects([obj("autoscaling/v1", "HorizontalPodAutoscaler", "s"), obj("autoscaling/v2", "HorizontalPodAutoscaler", "s")]), [{ index: 1, firstIndex: 0 }]);
});

test("cluster-scoped kinds ignore the namespace", () => {
  assert.deepEqual(findDuplicateObjects([obj("v1", "Namespace", "kafka"), obj("v1", "Namespace", "kafka", "default")]), [{ index: 1, firstIndex: 0 }]);
  assert.deepEqual(findDuplicateObjects([obj("v1", "Node", "n1", "a"), obj("v1", "Node", "n1", "b")]), [{ index: 1, firstIndex: 0 }]);
});

test("every later copy points at the first; unnamed objects never collide", () => {
  const dups = findDuplicateObjects([obj("batch/v1", "Job", "pi"), obj("batch/v1", "Job", "pi"), obj("batch/v1", "Job", "pi"), { object: { kind: "Pod", metadata: { generateName: "x-" } } }, { object: { kind: "Pod", metadata: { generateName: "x-" } } }]);
  assert.deepEqual(dups, [
    { index: 1, firstIndex: 0 },
    { index: 2, firstIndex: 0 },
  ]);
});
