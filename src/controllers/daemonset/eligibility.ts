import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { labelsOf } from "../../store/selector.js";
import { metadataOf, specOf } from "../shared/pod-facts.js";

/**
 * Whether a DaemonSet's pod belongs on a node (NodeShouldRunDaemonPod): the template's
 * nodeSelector and required node affinity must match the node, and every NoSchedule/NoExecute
 * taint must be tolerated. An untolerated NoSchedule taint keeps new pods off but lets running
 * ones stay; NoExecute evicts them too.
 */
export interface NodeFit {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** The tolerations the DaemonSet controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export const DAEMON_TOLERATIONS: JsonObject[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === "Exists") return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? "") === (taint.value ?? "");
}

function matchRequirement(req: JsonObject, value: string | undefined): boolean {
  const values = Array.isArray(req.values) ? req.values.map(String) : [];
  switch (req.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
      return value !== undefined && /^-?\d+$/.test(value) && values.length === 1 && Number(value) > Number(values[0]);
    case "Lt":
      return value !== undefined && /^-?\d+$/.test(value) && values.length === 1 && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** A required nodeSelectorTerm: every expression on labels and fields holds (an empty term matches nothing). */
function termMatches(term: JsonObject, node: JsonObject): boolean {
  const labels = labelsOf(node);
  const exprs = Array.isArray(term.matchExpressions) ? term.matchExpressions.filter(isJsonObject) : [];
  const fields = Array.isArray(term.matchFields) ? term.matchFields.filter(isJsonObject) : [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => matchRequirement(r, labels[String(r.key)])) &&
    fields.every((r) => matchRequirement(r, r.key === "metadata.name" ? String(metadataOf(node).name) : undefined))
  );
}

export function requiredNodeAffinityMatches(podSpec: JsonObject, node: JsonObject): boolean {
  const affinity = isJsonObject(podSpec.affinity) ? podSpec.affinity : {};
  const nodeAffinity = isJsonObject(affinity.nodeAffinity) ? affinity.nodeAffinity : {};
  const required = isJsonObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution) ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  if (!required) return true;
  const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms.filter(isJsonObject) : [];
  return terms.some((t) => termMatches(t, node));
}

export function nodeFit(template: JsonObject, node: JsonObject): NodeFit {
  const podSpec = specOf(template);
  const labels = labelsOf(node);
  const selector = isJsonObject(podSpec.nodeSelector) ? podSpec.nodeSelector : {};
  const selected = Object.entries(selector).every(([k, v]) => labels[k] === v) && requiredNodeAffinityMatches(podSpec, node);
  if (!selected) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = [...(Array.isArray(podSpec.tolerations) ? podSpec.tolerations.filter(isJsonObject) : []), ...DAEMON_TOLERATIONS] as Toleration[];
  const taints = (Array.isArray(specOf(node).taints) ? specOf(node).taints as JsonObject[] : []).filter(isJsonObject).map((t) => ({ key: String(t.key ?? ""), value: typeof t.value === "string" ? t.value : undefined, effect: String(t.effect ?? "") }));
  let shouldRun = true;
  let shouldContinueRunning = true;
  for (const taint of taints) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (tolerations.some((t) => tolerates(t, taint))) continue;
    shouldRun = false;
    if (taint.effect === "NoExecute") shouldContinueRunning = false;
  }
  return { shouldRun, shouldContinueRunning };
}
