import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { isPodReady, maxContainerRestarts, podPhase, podReadySince } from "./pod-status.js";

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The annotation that lets users say which pods go first on scale-down (lower cost first). */
export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

function nodeNameOf(pod: JsonObject): string {
  const spec = isJsonObject(pod.spec) ? pod.spec : {};
  return typeof spec.nodeName === "string" ? spec.nodeName : "";
}

function deletionCost(pod: JsonObject): number {
  const metadata = isJsonObject(pod.metadata) ? pod.metadata : {};
  const annotations = isJsonObject(metadata.annotations) ? metadata.annotations : {};
  const v = Number(annotations[POD_DELETION_COST]);
  return Number.isInteger(v) ? v : 0;
}

function createdAt(pod: JsonObject): number {
  const metadata = isJsonObject(pod.metadata) ? pod.metadata : {};
  const t = typeof metadata.creationTimestamp === "string" ? Date.parse(metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/**
 * controller.ActivePodsWithRanks' Less: negative when `a` should be deleted before `b`.
 * Unscheduled before scheduled; Pending before Unknown before Running; not ready before ready;
 * lower pod-deletion-cost first; ready for less time first; more restarts first; newer first.
 */
export function compareForDeletion(a: JsonObject, b: JsonObject): number {
  const nodeA = nodeNameOf(a) !== "";
  const nodeB = nodeNameOf(b) !== "";
  if (nodeA !== nodeB) return nodeA ? 1 : -1;
  const phaseA = PHASE_RANK[podPhase(a)] ?? 0;
  const phaseB = PHASE_RANK[podPhase(b)] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costA = deletionCost(a);
  const costB = deletionCost(b);
  if (costA !== costB) return costA - costB;
  if (readyA && readyB) {
    const sinceA = podReadySince(a)?.getTime() ?? 0;
    const sinceB = podReadySince(b)?.getTime() ?? 0;
    // Ready more recently = ready for less time = deleted first.
    if (sinceA !== sinceB) return sinceB - sinceA;
  }
  const restartsA = maxContainerRestarts(a);
  const restartsB = maxContainerRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  const createdA = createdAt(a);
  const createdB = createdAt(b);
  if (createdA !== createdB) {
    // Pods without a creation time first, then newer before older.
    if (!Number.isFinite(createdA)) return -1;
    if (!Number.isFinite(createdB)) return 1;
    return createdB - createdA;
  }
  return 0;
}

/** The `count` pods to delete, in the order Kubernetes would pick them. */
export function podsToDelete(pods: readonly JsonObject[], count: number): JsonObject[] {
  if (count <= 0) return [];
  return [...pods].sort(compareForDeletion).slice(0, count);
}
