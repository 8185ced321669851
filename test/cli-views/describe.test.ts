// mk describe's layout as kubectl prints it: values in a column at 20, a longer label keeps two
// spaces; a StatefulSet's replicas, strategy and partition in kubectl's words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeObject } from "../../src/ui/describe/describe.js";

const now = new Date("2026-01-01T00:00:00Z");
const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "localhost/mk/web:1" }] } };

test("a label longer than the column keeps two spaces before its value (RollingUpdateStrategy)", () => {
  const text = describeObject(
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" }, spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: 1 } }, template }, status: {} },
    { events: [], replicaSets: [], now },
  );
  assert.match(text, /^RollingUpdateStrategy: {2}25% max unavailable, 1 max surge$/m);
  assert.match(text, /^Name: {15}web$/m);
});

test("a StatefulSet: desired | total replicas, its update strategy and partition", () => {
  const text = describeObject(
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 3, serviceName: "web", selector: { matchLabels: { app: "web" } }, updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } }, template },
      status: { replicas: 2 },
    },
    { events: [], pods: [], now },
  );
  assert.match(text, /^Replicas: {11}3 desired \| 2 total$/m);
  assert.match(text, /^Update Strategy: {4}RollingUpdate$/m);
  assert.match(text, /^ {2}Partition: {8}1$/m);
  assert.match(text, /^Pods Status: {8}0 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
});
