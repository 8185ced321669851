import type { JsonObject } from "../schema/json.js";
import { objectAt, objectsAt, stringAt, stringMapAt, stringsAt } from "./pod-spec/pod-fields.js";

/**
 * The scheduler's filter plugins for one node, as a pure function: NodeUnschedulable,
 * NodeAffinity (nodeSelector and required node affinity) and TaintToleration. The reasons are
 * the scheduler's, so the Unschedulable message reads as kubectl shows it.
 */
export type FitResult = { fits: true } | { fits: false; reasons: string[] };

export const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_UNSCHEDULABLE = "node(s) were unschedulable";

export function podFitsNode(pod: JsonObject, node: JsonObject): FitResult {
  const spec = objectAt(pod.spec);
  const nodeSpec = objectAt(node.spec);
  const nodeName = stringAt(objectAt(node.metadata).name) ?? "";
  const nodeLabels = stringMapAt(objectAt(node.metadata).labels);
  const reasons: string[] = [];
  const tolerations = objectsAt(spec.tolerations);
  if (nodeSpec.unschedulable === true && !tolerations.some((t) => tolerates(t, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }))) {
    reasons.push(REASON_UNSCHEDULABLE);
  }
  if (!matchesNodeSelector(stringMapAt(spec.nodeSelector), nodeLabels) || !matchesRequiredAffinity(spec, nodeLabels, nodeName)) {
    reasons.push(REASON_AFFINITY);
  }
  const untolerated = objectsAt(nodeSpec.taints).find(
    (taint) => (taint.effect === "NoSchedule" || taint.effect === "NoExecute") && !tolerations.some((t) => tolerates(t, taint)),
  );
  if (untolerated) reasons.push(`node(s) had untolerated taint {${stringAt(untolerated.key) ?? ""}: ${stringAt(untolerated.value) ?? ""}}`);
  return reasons.length === 0 ? { fits: true } : { fits: false, reasons };
}

/** `0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.` (one node: each reason counts 1). */
export function unschedulableMessage(reasons: readonly string[], nodes = 1): string {
  const parts = [...reasons].sort().map((r) => `${nodes} ${r}`);
  return `0/${nodes} nodes are available: ${parts.join(", ")}.`;
}

function matchesNodeSelector(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** requiredDuringSchedulingIgnoredDuringExecution: the terms are ORed, a term's requirements ANDed; an empty term matches nothing. */
function matchesRequiredAffinity(spec: JsonObject, labels: Record<string, string>, nodeName: string): boolean {
  const required = objectAt(objectAt(objectAt(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  if (required.nodeSelectorTerms === undefined) return true;
  return objectsAt(required.nodeSelectorTerms).some((term) => {
    const expressions = objectsAt(term.matchExpressions);
    const fields = objectsAt(term.matchFields);
    if (expressions.length === 0 && fields.length === 0) return false;
    return (
      expressions.every((e) => requirementMatches(e, labels[stringAt(e.key) ?? ""])) &&
      fields.every((f) => stringAt(f.key) === "metadata.name" && requirementMatches(f, nodeName))
    );
  });
}

/** One NodeSelectorRequirement against a label value (undefined: the label is absent). */
export function requirementMatches(requirement: JsonObject, value: string | undefined): boolean {
  const values = stringsAt(requirement.values) ?? [];
  switch (stringAt(requirement.operator)) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      return requirement.operator === "Gt" ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** v1.Toleration.ToleratesTaint. */
export function tolerates(toleration: JsonObject, taint: JsonObject): boolean {
  const effect = stringAt(toleration.effect) ?? "";
  if (effect !== "" && effect !== stringAt(taint.effect)) return false;
  const key = stringAt(toleration.key) ?? "";
  if (key !== "" && key !== stringAt(taint.key)) return false;
  const operator = stringAt(toleration.operator) ?? "Equal";
  if (operator === "Exists") return true;
  return operator === "Equal" && (stringAt(toleration.value) ?? "") === (stringAt(taint.value) ?? "");
}
