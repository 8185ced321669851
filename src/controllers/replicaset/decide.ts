import type { JsonObject } from "../../schema/json.js";
import { podsToDelete } from "../shared/deletion-order.js";

/** replicaset.burstReplicas: at most this many creations or deletions per reconcile. */
export const BURST_REPLICAS = 500;

export type ReplicaAction = { create: number } | { delete: JsonObject[] } | { none: true };

/**
 * manageReplicas' decision: create the missing pods (at most the burst) or delete the surplus in
 * Kubernetes' deletion order. `pods` are the active pods the ReplicaSet controls.
 */
export function decideReplicas(desired: number, pods: readonly JsonObject[]): ReplicaAction {
  const diff = pods.length - desired;
  if (diff < 0) return { create: Math.min(-diff, BURST_REPLICAS) };
  if (diff > 0) return { delete: podsToDelete(pods, Math.min(diff, BURST_REPLICAS)) };
  return { none: true };
}
