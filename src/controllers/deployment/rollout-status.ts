import type { JsonObject } from "../../schema/json.js";
import { conditionsOf, getCondition, REASON } from "./conditions.js";
import { desiredReplicas } from "./fenceposts.js";
import { generationOf, statusOf } from "./status.js";

export interface RolloutStatus {
  /** kubectl rollout status' line (without the trailing newline). */
  message: string;
  /** While waiting on replicas, what the line reports: `1 out of 3 new replicas have been updated`. */
  waitingOn?: string;
  done: boolean;
  /** The progress deadline passed: kubectl exits with this as an error. */
  failed: boolean;
  /**
   * spec.paused: kubectl keeps printing the waiting text (INVENTORY D3: a seed shows
   * `deployment "nginx" paused`, which kubectl has no text for); callers may say so themselves.
   */
  paused?: true;
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/**
 * kubectl's DeploymentStatusViewer, word for word: the deadline first, then updated, old and
 * available replicas, then success. `replicaSets` is accepted for callers that hold them; the
 * texts depend on the Deployment's status only, as kubectl's do.
 */
export function rolloutStatusMessage(deployment: JsonObject, replicaSets?: readonly JsonObject[]): RolloutStatus {
  const result = viewStatus(deployment, replicaSets);
  const spec = deployment.spec as JsonObject | undefined;
  return spec?.paused === true && !result.done ? { ...result, paused: true } : result;
}

function viewStatus(deployment: JsonObject, _replicaSets?: readonly JsonObject[]): RolloutStatus {
  const name = String((deployment.metadata as JsonObject).name);
  const status = statusOf(deployment);
  if (generationOf(deployment) > num(status.observedGeneration)) {
    return { message: "Waiting for deployment spec update to be observed...", done: false, failed: false };
  }
  const progressing = getCondition(conditionsOf(status), "Progressing");
  if (progressing?.reason === REASON.ProgressDeadlineExceeded) {
    return { message: `deployment "${name}" exceeded its progress deadline`, done: false, failed: true };
  }
  const desired = desiredReplicas(deployment);
  const updated = num(status.updatedReplicas);
  const replicas = num(status.replicas);
  const available = num(status.availableReplicas);
  const waiting = (on: string): RolloutStatus => ({ message: `Waiting for deployment "${name}" rollout to finish: ${on}...`, waitingOn: on, done: false, failed: false });
  if (updated < desired) return waiting(`${updated} out of ${desired} new replicas have been updated`);
  if (replicas > updated) return waiting(`${replicas - updated} old replicas are pending termination`);
  if (available < updated) return waiting(`${available} of ${updated} updated replicas are available`);
  return { message: `deployment "${name}" successfully rolled out`, done: true, failed: false };
}
