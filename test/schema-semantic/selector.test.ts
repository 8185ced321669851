import { test } from "node:test";
import assert from "node:assert/strict";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { daemonSet, deployment, expectIssue, expectNoIssue, replicaSet, replicationController, statefulSet } from "./fixtures.js";

test("apps/v1 workloads need a selector", () => {
  for (const make of [deployment, replicaSet, daemonSet, statefulSet]) {
    expectNoIssue(make({}), C.selectorRequired);
    const issue = expectIssue(make({ selector: undefined }), C.selectorRequired, "spec.selector");
    assert.ok(issue.help?.[0].includes("app: web"), "help suggests the template labels");
  }
});

test("an empty selector is rejected", () => {
  expectIssue(deployment({ selector: { matchLabels: undefined } }), C.selectorRequired, "spec.selector");
  expectIssue(statefulSet({ selector: { matchLabels: undefined, matchExpressions: [] } }), C.selectorRequired, "spec.selector");
});

test("the selector must match the template labels, with a message naming both", () => {
  expectNoIssue(deployment(), C.selectorMismatch);
  const issue = expectIssue(deployment({ selector: { matchLabels: { app: "nginx" } } }), C.selectorMismatch, "spec.template.metadata.labels");
  assert.equal(issue.message, "selector does not match template labels: selector wants `app=nginx`, template has `app=web`");
  assert.deepEqual(issue.help, ["add `app: nginx` to the template labels, or change the selector"]);
  const noLabels = expectIssue(replicaSet({ template: { metadata: { labels: undefined } } }), C.selectorMismatch, "spec.template.metadata.labels");
  assert.match(noLabels.message, /template has no labels/);
});

test("matchExpressions are evaluated with In, NotIn, Exists and DoesNotExist", () => {
  const expr = (e: Record<string, unknown>) => deployment({ selector: { matchExpressions: [e] } });
  expectNoIssue(expr({ key: "app", operator: "In", values: ["web", "api"] }), C.selectorMismatch);
  expectNoIssue(expr({ key: "tier", operator: "NotIn", values: ["db"] }), C.selectorMismatch);
  expectNoIssue(expr({ key: "app", operator: "Exists" }), C.selectorMismatch);
  expectNoIssue(expr({ key: "canary", operator: "DoesNotExist" }), C.selectorMismatch);
  assert.match(expectIssue(expr({ key: "app", operator: "In", values: ["a", "b"] }), C.selectorMismatch, "spec.template.metadata.labels").message, /`app in \(a, b\)`/);
  assert.match(expectIssue(expr({ key: "app", operator: "NotIn", values: ["web"] }), C.selectorMismatch, "spec.template.metadata.labels").message, /`app notin \(web\)`/);
  assert.match(expectIssue(expr({ key: "tier", operator: "Exists" }), C.selectorMismatch, "spec.template.metadata.labels").message, /wants `tier`/);
  assert.match(expectIssue(expr({ key: "app", operator: "DoesNotExist" }), C.selectorMismatch, "spec.template.metadata.labels").message, /wants `!app`/);
});

test("operator rules: In/NotIn need values, Exists/DoesNotExist take none, unknown operators fail", () => {
  const expr = (e: Record<string, unknown>) => deployment({ selector: { matchExpressions: [e] } });
  expectNoIssue(expr({ key: "app", operator: "In", values: ["web"] }), C.invalidSelector);
  expectIssue(expr({ key: "app", operator: "In", values: [] }), C.invalidSelector, "spec.selector.matchExpressions[0].values");
  expectIssue(expr({ key: "app", operator: "NotIn" }), C.invalidSelector, "spec.selector.matchExpressions[0].values");
  expectIssue(expr({ key: "app", operator: "Exists", values: ["web"] }), C.invalidSelector, "spec.selector.matchExpressions[0].values");
  expectIssue(expr({ key: "app", operator: "Equals", values: ["web"] }), C.invalidSelector, "spec.selector.matchExpressions[0].operator");
  expectIssue(expr({ key: "app", operator: "In", values: ["not valid"] }), C.invalidSelector, "spec.selector.matchExpressions[0].values[0]");
  expectIssue(expr({ key: "bad key", operator: "Exists" }), C.invalidLabelKey, "spec.selector.matchExpressions[0].key");
});

test("a malformed selector is not also reported as a mismatch", () => {
  expectNoIssue(deployment({ selector: { matchExpressions: [{ key: "zone", operator: "In", values: [] }] } }), C.selectorMismatch);
});

test("a ReplicationController selector defaults from the template labels but must match when given", () => {
  expectNoIssue(replicationController(), C.selectorMismatch);
  expectNoIssue(replicationController(), C.selectorRequired);
  expectNoIssue(replicationController({ selector: { app: "web" } }), C.selectorMismatch);
  expectIssue(replicationController({ selector: { app: "nginx" } }), C.selectorMismatch, "spec.template.metadata.labels");
  expectIssue(replicationController({ template: { metadata: { labels: undefined } } }), C.selectorRequired, "spec.template.metadata.labels");
});
