import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { pathSegmentNameProblems } from "../names.js";
import { quantitySign } from "../quantity.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, listField, numberField, objectField, objectItems, stringField } from "./json-access.js";
import { checkQuantity } from "./resources.js";
import { checkLabelSelector } from "./selector.js";

const metricSources: Record<string, string> = {
  Resource: "resource",
  ContainerResource: "containerResource",
  Pods: "pods",
  Object: "object",
  External: "external",
};
const maxStabilizationWindowSeconds = 3600;
const maxPolicyPeriodSeconds = 1800;

/** autoscaling/v1 and autoscaling/v2 HorizontalPodAutoscaler (pkg/apis/autoscaling/validation). */
export function checkHorizontalPodAutoscaler(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  checkReplicaBounds(spec, issues);
  checkScaleTargetRef(objectField(spec, "scaleTargetRef"), issues);
  const cpu = numberField(spec, "targetCPUUtilizationPercentage");
  if (cpu !== undefined && cpu < 1) {
    issues.error(SemanticCode.hpaMetric, ["spec", "targetCPUUtilizationPercentage"], `targetCPUUtilizationPercentage must be at least 1 (got ${cpu})`);
  }
  for (const { item, index } of objectItems(spec, "metrics")) checkMetric(item, ["spec", "metrics", index], issues);
  const behavior = objectField(spec, "behavior");
  for (const direction of ["scaleUp", "scaleDown"]) {
    const rules = objectField(behavior, direction);
    if (rules) checkScalingRules(rules, ["spec", "behavior", direction], issues);
  }
}

function checkReplicaBounds(spec: JsonObject | undefined, issues: IssueList): void {
  const min = numberField(spec, "minReplicas");
  const max = numberField(spec, "maxReplicas");
  if (min !== undefined && min < 1) {
    issues.error(SemanticCode.hpaReplicas, ["spec", "minReplicas"], `minReplicas must be at least 1 (got ${min})`, {
      notes: "scaling to zero needs the HPAScaleToZero feature gate, which is off by default",
    });
  }
  if (max !== undefined && max < 1) {
    issues.error(SemanticCode.hpaReplicas, ["spec", "maxReplicas"], `maxReplicas must be at least 1 (got ${max})`);
  } else if (max !== undefined && max < (min ?? 1)) {
    issues.error(SemanticCode.hpaReplicas, ["spec", "maxReplicas"], `maxReplicas (${max}) must be greater than or equal to minReplicas (${min ?? 1})`, {
      help: `raise maxReplicas to at least ${min ?? 1}, or lower minReplicas`,
    });
  }
}

function checkScaleTargetRef(ref: JsonObject | undefined, issues: IssueList): void {
  const path: FieldPath = ["spec", "scaleTargetRef"];
  for (const field of ["kind", "name"]) {
    const value = stringField(ref, field) ?? "";
    if (value === "") {
      issues.error(SemanticCode.hpaTarget, [...path, field], `scaleTargetRef needs a ${field}: the ${field === "kind" ? "kind (e.g. Deployment)" : "name"} of the object to scale`);
      continue;
    }
    const problems = pathSegmentNameProblems(value);
    if (problems.length > 0) issues.error(SemanticCode.hpaTarget, [...path, field], `invalid scaleTargetRef.${field} \`${value}\`: ${problems[0]}`);
  }
}

function checkMetric(metric: JsonObject, path: FieldPath, issues: IssueList): void {
  const type = stringField(metric, "type") ?? "";
  const source = metricSources[type];
  if (source === undefined) {
    issues.error(SemanticCode.hpaMetric, [...path, "type"], type === "" ? "a metric needs a type" : `unsupported metric type \`${type}\`; use ${Object.keys(metricSources).join(", ")}`);
    return;
  }
  const body = objectField(metric, source);
  if (!body) {
    issues.error(SemanticCode.hpaMetric, [...path, source], `a ${type} metric needs the \`${source}\` block`);
    return;
  }
  for (const other of Object.values(metricSources)) {
    if (other !== source && has(metric, other)) issues.error(SemanticCode.hpaMetric, [...path, other], `a ${type} metric may only set \`${source}\`, not \`${other}\``);
  }
  const at: FieldPath = [...path, source];
  const target = objectField(body, "target");
  if (type === "Resource" || type === "ContainerResource") {
    if ((stringField(body, "name") ?? "") === "") issues.error(SemanticCode.hpaMetric, [...at, "name"], `a ${type} metric needs a resource name, e.g. cpu or memory`);
    if (type === "ContainerResource" && (stringField(body, "container") ?? "") === "") issues.error(SemanticCode.hpaMetric, [...at, "container"], "a ContainerResource metric needs a container name");
    checkTarget(target, [...at, "target"], issues);
    if (target && !has(target, "averageUtilization") && !has(target, "averageValue")) {
      issues.error(SemanticCode.hpaMetric, [...at, "target"], `a ${type} metric target needs averageUtilization (a percentage of the request) or averageValue`);
    }
    if (has(target, "averageUtilization") && has(target, "averageValue")) {
      issues.error(SemanticCode.hpaMetric, [...at, "target", "averageValue"], "set averageUtilization or averageValue, not both");
    }
    return;
  }
  const metricId = objectField(body, "metric");
  if ((stringField(metricId, "name") ?? "") === "") issues.error(SemanticCode.hpaMetric, [...at, "metric", "name"], `a ${type} metric needs metric.name`);
  const selector = objectField(metricId, "selector");
  if (selector) checkLabelSelector(selector, [...at, "metric", "selector"], issues);
  checkTarget(target, [...at, "target"], issues);
  if (type === "Pods" && !has(target, "averageValue")) {
    issues.error(SemanticCode.hpaMetric, [...at, "target", "averageValue"], "a Pods metric target needs averageValue");
  }
  if ((type === "Object" || type === "External") && target && !has(target, "value") && !has(target, "averageValue")) {
    issues.error(SemanticCode.hpaMetric, [...at, "target"], `a ${type} metric target needs value or averageValue`);
  }
  if (type === "Object") {
    const described = objectField(body, "describedObject");
    for (const field of ["kind", "name"]) {
      if ((stringField(described, field) ?? "") === "") issues.error(SemanticCode.hpaMetric, [...at, "describedObject", field], `an Object metric needs describedObject.${field}`);
    }
  }
}

function checkTarget(target: JsonObject | undefined, path: FieldPath, issues: IssueList): void {
  if (!target) {
    issues.error(SemanticCode.hpaMetric, path, "a metric needs a target");
    return;
  }
  const type = stringField(target, "type") ?? "";
  if (!["Utilization", "Value", "AverageValue"].includes(type)) {
    issues.error(SemanticCode.hpaMetric, [...path, "type"], type === "" ? "a metric target needs a type: Utilization, Value or AverageValue" : `unsupported target type \`${type}\`; use Utilization, Value or AverageValue`);
  }
  const needs: Record<string, string> = { Utilization: "averageUtilization", Value: "value", AverageValue: "averageValue" };
  if (needs[type] && !has(target, needs[type])) {
    issues.error(SemanticCode.hpaMetric, [...path, needs[type]], `a ${type} target needs ${needs[type]}`);
  }
  for (const field of ["value", "averageValue"]) {
    const q = checkQuantity(target[field], [...path, field], `target.${field}`, issues);
    if (q && quantitySign(q) === 0) issues.error(SemanticCode.hpaMetric, [...path, field], `target.${field} must be positive`);
  }
  const utilization = numberField(target, "averageUtilization");
  if (utilization !== undefined && utilization < 1) {
    issues.error(SemanticCode.hpaMetric, [...path, "averageUtilization"], `averageUtilization must be at least 1 (got ${utilization})`);
  }
}

function checkScalingRules(rules: JsonObject, path: FieldPath, issues: IssueList): void {
  const window = numberField(rules, "stabilizationWindowSeconds");
  if (window !== undefined && (window < 0 || window > maxStabilizationWindowSeconds)) {
    issues.error(SemanticCode.hpaBehavior, [...path, "stabilizationWindowSeconds"], `stabilizationWindowSeconds must be between 0 and ${maxStabilizationWindowSeconds} (got ${window})`);
  }
  const select = stringField(rules, "selectPolicy");
  if (select !== undefined && !["Max", "Min", "Disabled"].includes(select)) {
    issues.error(SemanticCode.hpaBehavior, [...path, "selectPolicy"], `unsupported selectPolicy \`${select}\`; use Max, Min or Disabled`);
  }
  const policies = listField(rules, "policies");
  if (policies !== undefined && policies.length === 0) {
    issues.error(SemanticCode.hpaBehavior, [...path, "policies"], "scaling rules need at least one policy (leave `policies` out for the defaults)");
  }
  for (const { item, index } of objectItems(rules, "policies")) {
    const at: FieldPath = [...path, "policies", index];
    const type = stringField(item, "type") ?? "";
    if (type !== "Pods" && type !== "Percent") issues.error(SemanticCode.hpaBehavior, [...at, "type"], `unsupported policy type \`${type}\`; use Pods or Percent`);
    const value = numberField(item, "value");
    if (value === undefined || value <= 0) issues.error(SemanticCode.hpaBehavior, [...at, "value"], "a scaling policy value must be greater than 0");
    const period = numberField(item, "periodSeconds");
    if (period === undefined || period <= 0 || period > maxPolicyPeriodSeconds) {
      issues.error(SemanticCode.hpaBehavior, [...at, "periodSeconds"], `periodSeconds must be between 1 and ${maxPolicyPeriodSeconds}`);
    }
  }
}
