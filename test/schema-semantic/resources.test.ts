import { test } from "node:test";
import assert from "node:assert/strict";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { claim, container, deployment, expectIssue, expectNoIssue, pod } from "./fixtures.js";

const withResources = (resources: Record<string, unknown>) => pod({ containers: [container({ resources })] });

test("quantities must parse", () => {
  expectNoIssue(withResources({ limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: 0.25, memory: "1e8" } }), C.invalidQuantity);
  const issue = expectIssue(withResources({ limits: { memory: "256MB" } }), C.invalidQuantity, "spec.containers[0].resources.limits.memory");
  assert.match(issue.message, /unknown quantity suffix `MB`/);
  expectIssue(claim({ resources: { requests: { storage: "ten" } } }), C.invalidQuantity, "spec.resources.requests.storage");
});

test("quantities must not be negative", () => {
  expectNoIssue(withResources({ requests: { cpu: "0" } }), C.negativeQuantity);
  expectIssue(withResources({ requests: { cpu: "-1" } }), C.negativeQuantity, "spec.containers[0].resources.requests.cpu");
});

test("requests must not exceed limits", () => {
  expectNoIssue(withResources({ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "1000m", memory: "1024Mi" } }), C.requestAboveLimit);
  const issue = expectIssue(withResources({ limits: { cpu: "500m" }, requests: { cpu: "1" } }), C.requestAboveLimit, "spec.containers[0].resources.requests.cpu");
  assert.equal(issue.message, "cpu request 1 is greater than its limit 500m");
  expectIssue(deployment({ template: { spec: { containers: [container({ resources: { limits: { memory: "1Gi" }, requests: { memory: "2Gi" } } })] } } }), C.requestAboveLimit, "spec.template.spec.containers[0].resources.requests.memory");
});

test("resource names: cpu, memory, ephemeral-storage, hugepages-*, or a domain-qualified extended resource", () => {
  expectNoIssue(withResources({ limits: { "ephemeral-storage": "1Gi", "hugepages-2Mi": "4Mi", "example.com/gpu": 1 }, requests: { "example.com/gpu": 1 } }), C.invalidResourceName);
  const storage = expectIssue(withResources({ requests: { storage: "1Gi" } }), C.invalidResourceName, "spec.containers[0].resources.requests.storage");
  assert.match(storage.help?.[0] ?? "", /PersistentVolumeClaim/);
  expectIssue(withResources({ limits: { gpu: 1 } }), C.invalidResourceName, "spec.containers[0].resources.limits.gpu");
});

test("extended resources are whole numbers and cannot be overcommitted", () => {
  expectIssue(withResources({ limits: { "example.com/gpu": "500m" } }), C.invalidResourceName, 'spec.containers[0].resources.limits["example.com/gpu"]');
  expectIssue(withResources({ limits: { "example.com/gpu": 2 }, requests: { "example.com/gpu": 1 } }), C.requestAboveLimit, 'spec.containers[0].resources.requests["example.com/gpu"]');
});
