import type { JsonObject } from "../../schema/json.js";
import { desiredReplicas, maxSurge, maxUnavailable, strategyType } from "./fenceposts.js";
import { availableReplicaSum, byCreation, rsSpecReplicas, rsStatus, specReplicaSum } from "./replica-sets.js";

/** A ReplicaSet to be scaled to `replicas`. */
export interface ScaleStep {
  rs: JsonObject;
  replicas: number;
}

/**
 * The pods a ReplicaSet may have now: its size, or more while its status still reports pods a
 * scale-down has not removed yet.
 */
function podCeiling(rs: JsonObject): number {
  return Math.max(rsSpecReplicas(rs), num(rsStatus(rs).replicas));
}

/**
 * deploymentutil.NewRSNewReplicas: the size the new ReplicaSet may grow to now. RollingUpdate:
 * up to the desired count while all ReplicaSets together stay within replicas + maxSurge.
 * Recreate: the desired count at once (old pods are gone by then).
 *
 * One deliberate difference: Kubernetes sums spec.replicas, so while a shrunk old ReplicaSet is
 * still deleting its pod the new one may already grow, and for a moment there are more than
 * replicas + maxSurge pods. mk counts each set's status.replicas when that is higher, so the pod
 * count itself never exceeds the surge (terminating pods aside, as they are not counted anywhere).
 */
export function newRSNewReplicas(d: JsonObject, allRSs: readonly JsonObject[], newRS: JsonObject): number {
  const desired = desiredReplicas(d);
  if (strategyType(d) === "Recreate") return desired;
  const current = allRSs.reduce((sum, rs) => sum + podCeiling(rs), 0);
  const maxTotal = desired + maxSurge(d);
  const newSize = rsSpecReplicas(newRS);
  if (current >= maxTotal) return newSize;
  const scaleUp = Math.min(maxTotal - current, desired - newSize);
  return newSize + Math.max(0, scaleUp);
}

/**
 * reconcileNewReplicaSet's decision: the new ReplicaSet's next size, or undefined when it is right.
 */
export function reconcileNewReplicaSet(d: JsonObject, allRSs: readonly JsonObject[], newRS: JsonObject): number | undefined {
  const desired = desiredReplicas(d);
  const size = rsSpecReplicas(newRS);
  if (size === desired) return undefined;
  if (size > desired) return desired;
  const next = newRSNewReplicas(d, allRSs, newRS);
  return next === size ? undefined : next;
}

/**
 * reconcileOldReplicaSets' decision for RollingUpdate: how far old ReplicaSets may shrink now
 * without going below replicas − maxUnavailable available pods. First the old ReplicaSets'
 * unhealthy (not available) replicas go (cleanupUnhealthyReplicas), then available ones, oldest
 * ReplicaSet first (scaleDownOldReplicaSetsForRollingUpdate). `oldRSs` are the active old sets.
 */
export function reconcileOldReplicaSets(d: JsonObject, allRSs: readonly JsonObject[], oldRSs: readonly JsonObject[], newRS: JsonObject | undefined): ScaleStep[] {
  const oldPods = specReplicaSum(oldRSs);
  if (oldPods === 0) return [];
  const allPods = specReplicaSum(allRSs);
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = newRS ? rsSpecReplicas(newRS) - num(rsStatus(newRS).availableReplicas) : 0;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];

  const sizes = new Map<JsonObject, number>(oldRSs.map((rs) => [rs, rsSpecReplicas(rs)]));
  const sorted = [...oldRSs].sort(byCreation);
  // cleanupUnhealthyReplicas
  let cleaned = 0;
  for (const rs of sorted) {
    if (cleaned >= maxScaledDown) break;
    const size = sizes.get(rs) as number;
    const available = num(rsStatus(rs).availableReplicas);
    if (size === 0 || size === available) continue;
    const down = Math.min(maxScaledDown - cleaned, size - available);
    sizes.set(rs, size - down);
    cleaned += down;
  }
  // scaleDownOldReplicaSetsForRollingUpdate: bounded by availability (status as read), not by maxScaledDown.
  const availableNow = availableReplicaSum([...oldRSs, newRS]);
  if (availableNow > minAvailable) {
    const total = availableNow - minAvailable;
    let done = 0;
    for (const rs of sorted) {
      if (done >= total) break;
      const size = sizes.get(rs) as number;
      if (size === 0) continue;
      const down = Math.min(size, total - done);
      sizes.set(rs, size - down);
      done += down;
    }
  }
  return sorted.filter((rs) => sizes.get(rs) !== rsSpecReplicas(rs)).map((rs) => ({ rs, replicas: sizes.get(rs) as number }));
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}
