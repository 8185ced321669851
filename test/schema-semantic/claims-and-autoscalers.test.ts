import { test } from "node:test";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { claim, expectClean, expectIssue, expectNoIssue, hpaV1, hpaV2 } from "./fixtures.js";

test("a clean PVC and clean HPAs have no issues", () => {
  expectClean(claim());
  expectClean(hpaV1({ minReplicas: 2, targetCPUUtilizationPercentage: 50 }));
  expectClean(hpaV2({ metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] }));
});

test("PVC: accessModes required and valid; ReadWriteOncePod alone", () => {
  expectNoIssue(claim({ accessModes: ["ReadWriteOnce", "ReadOnlyMany"] }), C.accessModes);
  expectIssue(claim({ accessModes: [] }), C.accessModes, "spec.accessModes");
  expectIssue(claim({ accessModes: undefined }), C.accessModes, "spec.accessModes");
  expectIssue(claim({ accessModes: ["ReadWriteAll"] }), C.accessModes, "spec.accessModes[0]");
  expectIssue(claim({ accessModes: ["ReadWriteOncePod", "ReadOnlyMany"] }), C.accessModes, "spec.accessModes");
});

test("PVC: a positive storage request is required", () => {
  expectNoIssue(claim({ resources: { requests: { storage: "500Mi" } } }), C.storageRequest);
  expectIssue(claim({ resources: undefined }), C.storageRequest, "spec.resources.requests.storage");
  expectIssue(claim({ resources: { requests: { storage: "0" } } }), C.storageRequest, "spec.resources.requests.storage");
});

test("PVC: volumeMode and storageClassName", () => {
  expectNoIssue(claim({ volumeMode: "Block", storageClassName: "" }), C.claimSpec);
  expectIssue(claim({ volumeMode: "Raw" }), C.unsupportedValue, "spec.volumeMode");
  expectIssue(claim({ storageClassName: "Fast_SSD" }), C.claimSpec, "spec.storageClassName");
});

test("HPA: minReplicas at least 1, maxReplicas at least minReplicas", () => {
  expectNoIssue(hpaV2({ minReplicas: 3, maxReplicas: 3 }), C.hpaReplicas);
  expectIssue(hpaV2({ minReplicas: 0 }), C.hpaReplicas, "spec.minReplicas");
  expectIssue(hpaV2({ minReplicas: 5, maxReplicas: 3 }), C.hpaReplicas, "spec.maxReplicas");
  expectIssue(hpaV1({ maxReplicas: 0 }), C.hpaReplicas, "spec.maxReplicas");
});

test("HPA: scaleTargetRef needs kind and name", () => {
  expectNoIssue(hpaV1(), C.hpaTarget);
  expectIssue(hpaV2({ scaleTargetRef: { kind: "" } }), C.hpaTarget, "spec.scaleTargetRef.kind");
  expectIssue(hpaV2({ scaleTargetRef: { name: undefined } }), C.hpaTarget, "spec.scaleTargetRef.name");
  expectIssue(hpaV2({ scaleTargetRef: { name: "a/b" } }), C.hpaTarget, "spec.scaleTargetRef.name");
});

test("HPA v1: targetCPUUtilizationPercentage at least 1", () => {
  expectIssue(hpaV1({ targetCPUUtilizationPercentage: 0 }), C.hpaMetric, "spec.targetCPUUtilizationPercentage");
});

test("HPA v2: metric types, sources and targets", () => {
  const metric = (m: Record<string, unknown>) => hpaV2({ metrics: [m] });
  expectNoIssue(metric({ type: "Pods", pods: { metric: { name: "rps" }, target: { type: "AverageValue", averageValue: "100" } } }), C.hpaMetric);
  expectNoIssue(metric({ type: "External", external: { metric: { name: "queue" }, target: { type: "Value", value: "30" } } }), C.hpaMetric);
  expectIssue(metric({ type: "Cpu" }), C.hpaMetric, "spec.metrics[0].type");
  expectIssue(metric({ type: "Resource" }), C.hpaMetric, "spec.metrics[0].resource");
  expectIssue(metric({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 0 } } }), C.hpaMetric, "spec.metrics[0].resource.target.averageUtilization");
  expectIssue(metric({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization" } } }), C.hpaMetric, "spec.metrics[0].resource.target.averageUtilization");
  expectIssue(metric({ type: "Resource", resource: { name: "cpu", target: { type: "Percent", averageUtilization: 50 } } }), C.hpaMetric, "spec.metrics[0].resource.target.type");
  expectIssue(metric({ type: "Pods", pods: { metric: { name: "rps" }, target: { type: "AverageValue", averageValue: "0" } } }), C.hpaMetric, "spec.metrics[0].pods.target.averageValue");
  expectIssue(metric({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } }, pods: {} }), C.hpaMetric, "spec.metrics[0].pods");
  expectIssue(metric({ type: "Object", object: { metric: { name: "hits" }, target: { type: "Value", value: "10" } } }), C.hpaMetric, "spec.metrics[0].object.describedObject.kind");
});

test("HPA v2: behavior windows, select policies and policies", () => {
  expectNoIssue(hpaV2({ behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } } }), C.hpaBehavior);
  expectIssue(hpaV2({ behavior: { scaleUp: { stabilizationWindowSeconds: 4000 } } }), C.hpaBehavior, "spec.behavior.scaleUp.stabilizationWindowSeconds");
  expectIssue(hpaV2({ behavior: { scaleUp: { selectPolicy: "Average" } } }), C.hpaBehavior, "spec.behavior.scaleUp.selectPolicy");
  expectIssue(hpaV2({ behavior: { scaleDown: { policies: [] } } }), C.hpaBehavior, "spec.behavior.scaleDown.policies");
  expectIssue(hpaV2({ behavior: { scaleDown: { policies: [{ type: "Pods", value: 0, periodSeconds: 60 }] } } }), C.hpaBehavior, "spec.behavior.scaleDown.policies[0].value");
  expectIssue(hpaV2({ behavior: { scaleDown: { policies: [{ type: "Pods", value: 1, periodSeconds: 3600 }] } } }), C.hpaBehavior, "spec.behavior.scaleDown.policies[0].periodSeconds");
});
