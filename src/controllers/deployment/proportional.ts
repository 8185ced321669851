import type { JsonObject } from "../../schema/json.js";
import { desiredReplicas, maxSurge, strategyType } from "./fenceposts.js";
import { activeReplicaSets, byCreation, DESIRED_REPLICAS, intAnnotation, MAX_REPLICAS, rsSpecReplicas, rsStatus, specReplicaSum } from "./replica-sets.js";
import type { ScaleStep } from "./rolling.js";

/**
 * isScalingEvent: an active ReplicaSet was sized for a different spec.replicas (its
 * desired-replicas annotation), so the Deployment was scaled rather than changed.
 */
export function isScalingEvent(d: JsonObject, sets: readonly JsonObject[]): boolean {
  const desired = desiredReplicas(d);
  return activeReplicaSets(sets).some((rs) => {
    const annotated = intAnnotation(rs, DESIRED_REPLICAS);
    return annotated !== undefined && annotated !== desired;
  });
}

/** deploymentutil.FindActiveOrLatest: the only active ReplicaSet, or the latest when none is active. */
export function findActiveOrLatest(newRS: JsonObject | undefined, oldRSs: readonly JsonObject[]): JsonObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestOld = [...oldRSs].sort(byCreation).reverse();
  const active = activeReplicaSets([...newestOld, newRS]);
  if (active.length === 0) return newRS ?? newestOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** deploymentutil.IsSaturated: the new ReplicaSet has all the replicas, sized for them, and all are available. */
export function isSaturated(d: JsonObject, newRS: JsonObject | undefined): boolean {
  if (!newRS) return false;
  const desired = desiredReplicas(d);
  return rsSpecReplicas(newRS) === desired && intAnnotation(newRS, DESIRED_REPLICAS) === desired && rsStatus(newRS).availableReplicas === desired;
}

/** getReplicaSetFraction: this ReplicaSet's share of a scaling, from the size it was made for (max-replicas). */
function replicaSetFraction(rs: JsonObject, d: JsonObject): number {
  const desired = desiredReplicas(d);
  const size = rsSpecReplicas(rs);
  if (desired === 0) return -size;
  const deploymentReplicas = desired + maxSurge(d);
  const status = typeof (d.status as JsonObject | undefined)?.replicas === "number" ? ((d.status as JsonObject).replicas as number) : 0;
  const annotated = intAnnotation(rs, MAX_REPLICAS) ?? status;
  if (annotated === 0) return 0;
  return Math.round((size * deploymentReplicas) / annotated) - size;
}

/**
 * DeploymentController.scale: the sizes when spec.replicas changed. One active ReplicaSet (or
 * none) takes the new size; a saturated new ReplicaSet leaves the old ones at 0; during a rolling
 * update the difference is shared out in proportion to each active set's size (largest first when
 * growing, newest first among equals; smallest/oldest first when shrinking), leftovers to the first.
 */
export function proportionalScale(d: JsonObject, newRS: JsonObject | undefined, oldRSs: readonly JsonObject[]): ScaleStep[] {
  const desired = desiredReplicas(d);
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single) return rsSpecReplicas(single) === desired ? [] : [{ rs: single, replicas: desired }];
  if (isSaturated(d, newRS)) return activeReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 }));
  if (strategyType(d) !== "RollingUpdate") return [];
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaSum(all);
  if (toAdd === 0) return [];
  // ReplicaSetsBySizeNewer (growing) / BySizeOlder (shrinking): larger first; ties newer / older first.
  const sorted = [...all].sort((a, b) => rsSpecReplicas(b) - rsSpecReplicas(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
  let added = 0;
  const sizes = new Map<JsonObject, number>();
  for (const rs of sorted) {
    let proportion = 0;
    if (rsSpecReplicas(rs) !== 0 && toAdd !== added) {
      const fraction = replicaSetFraction(rs, d);
      const left = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
    }
    sizes.set(rs, rsSpecReplicas(rs) + proportion);
    added += proportion;
  }
  const first = sorted[0];
  sizes.set(first, Math.max(0, (sizes.get(first) as number) + (toAdd - added)));
  return sorted.filter((rs) => sizes.get(rs) !== rsSpecReplicas(rs)).map((rs) => ({ rs, replicas: sizes.get(rs) as number }));
}
