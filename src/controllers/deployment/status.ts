import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { conditionsOf, getCondition, newCondition, REASON, removeCondition, setCondition, type DeploymentCondition } from "./conditions.js";
import { desiredReplicas, maxUnavailable, progressDeadlineSeconds } from "./fenceposts.js";
import { actualReplicaSum, availableReplicaSum, readyReplicaSum, rsName, rsStatus, specReplicaSum } from "./replica-sets.js";

export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  collisionCount?: number;
  conditions: DeploymentCondition[];
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

export function statusOf(d: JsonObject): JsonObject {
  return isJsonObject(d.status) ? d.status : {};
}

export function generationOf(o: JsonObject): number {
  const g = (o.metadata as JsonObject).generation;
  return typeof g === "number" ? g : 1;
}

/** DeploymentController.calculateStatus, with the Available condition. */
export function calculateStatus(d: JsonObject, allRSs: readonly JsonObject[], newRS: JsonObject | undefined, now: Date): DeploymentStatus {
  const previous = statusOf(d);
  const available = availableReplicaSum(allRSs);
  const total = specReplicaSum(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: generationOf(d),
    replicas: actualReplicaSum(allRSs),
    updatedReplicas: actualReplicaSum([newRS]),
    readyReplicas: readyReplicaSum(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: conditionsOf(previous),
  };
  if (typeof previous.collisionCount === "number") status.collisionCount = previous.collisionCount;
  const minAvailable = available >= desiredReplicas(d) - maxUnavailable(d);
  status.conditions = setCondition(
    status.conditions,
    minAvailable
      ? newCondition("Available", "True", REASON.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
      : newCondition("Available", "False", REASON.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now),
  );
  return status;
}

/** deploymentutil.DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: JsonObject, s: DeploymentStatus): boolean {
  const desired = desiredReplicas(d);
  return s.updatedReplicas === desired && s.replicas === desired && s.availableReplicas === desired && s.observedGeneration >= generationOf(d);
}

/** deploymentutil.DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last time. */
export function deploymentProgressing(d: JsonObject, s: DeploymentStatus): boolean {
  const old = statusOf(d);
  const oldOld = num(old.replicas) - num(old.updatedReplicas);
  const newOld = s.replicas - s.updatedReplicas;
  return s.updatedReplicas > num(old.updatedReplicas) || newOld < oldOld || s.readyReplicas > num(old.readyReplicas) || s.availableReplicas > num(old.availableReplicas);
}

/** deploymentutil.DeploymentTimedOut: no progress for progressDeadlineSeconds since the condition's lastUpdateTime. */
export function deploymentTimedOut(d: JsonObject, s: DeploymentStatus, now: Date): boolean {
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined) return false;
  const c = getCondition(s.conditions, "Progressing");
  if (!c) return false;
  if (c.reason === REASON.NewReplicaSetAvailable) return false;
  if (c.reason === REASON.ProgressDeadlineExceeded) return true;
  const from = Date.parse(c.lastUpdateTime);
  return !Number.isNaN(from) && from + deadline * 1000 < now.getTime();
}

/**
 * syncRolloutStatus' decision: the new status with the Progressing condition moved (complete,
 * progressing, timed out) and ReplicaFailure mirrored from the ReplicaSets; plus when to look
 * again for the deadline (requeueStuckDeployment).
 */
export function rolloutStatus(d: JsonObject, allRSs: readonly JsonObject[], newRS: JsonObject | undefined, now: Date): { status: DeploymentStatus; requeueAfterMs?: number } {
  const status = calculateStatus(d, allRSs, newRS, now);
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined) status.conditions = removeCondition(status.conditions, "Progressing");
  const current = getCondition(conditionsOf(statusOf(d)), "Progressing");
  const complete = status.replicas === status.updatedReplicas && current?.reason === REASON.NewReplicaSetAvailable;
  if (deadline !== undefined && !complete) {
    const name = newRS ? rsName(newRS) : "";
    if (deploymentComplete(d, status)) {
      status.conditions = setCondition(status.conditions, newCondition("Progressing", "True", REASON.NewReplicaSetAvailable, `ReplicaSet "${name}" has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      let c = newCondition("Progressing", "True", REASON.ReplicaSetUpdated, `ReplicaSet "${name}" is progressing.`, now);
      if (current && current.status === "True") c = { ...c, lastTransitionTime: current.lastTransitionTime };
      status.conditions = [...removeCondition(status.conditions, "Progressing"), c];
    } else if (deploymentTimedOut(d, status, now)) {
      status.conditions = setCondition(status.conditions, newCondition("Progressing", "False", REASON.ProgressDeadlineExceeded, `ReplicaSet "${name}" has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  status.conditions = failure ? setCondition(status.conditions, failure) : removeCondition(status.conditions, "ReplicaFailure");
  return { status, requeueAfterMs: stuckRequeue(d, status, now) };
}

function replicaFailure(allRSs: readonly JsonObject[], newRS: JsonObject | undefined): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...allRSs.filter((rs) => rs !== newRS)] : [...allRSs];
  for (const rs of ordered) {
    const c = conditionsOf(rsStatus(rs)).find((x) => x.type === "ReplicaFailure");
    if (c) return { ...c, lastUpdateTime: c.lastTransitionTime };
  }
  return undefined;
}

/** requeueStuckDeployment: while progressing with a deadline, look again when the deadline passes. */
function stuckRequeue(d: JsonObject, s: DeploymentStatus, now: Date): number | undefined {
  const deadline = progressDeadlineSeconds(d);
  const c = getCondition(s.conditions, "Progressing");
  if (deadline === undefined || !c || c.reason === REASON.NewReplicaSetAvailable || c.reason === REASON.ProgressDeadlineExceeded) return undefined;
  const from = Date.parse(c.lastUpdateTime);
  if (Number.isNaN(from)) return undefined;
  const after = from + deadline * 1000 - now.getTime();
  // Timestamps have second precision: look a little after the deadline, never in a tight loop.
  return after < 1000 ? Math.max(0, after) + 50 : after + 1000;
}

/** The status as stored (zero counts omitted as the API's omitempty does; replicas and observedGeneration kept). */
export function statusToJson(s: DeploymentStatus): JsonObject {
  const out: JsonObject = { observedGeneration: s.observedGeneration, replicas: s.replicas };
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions.length) out.conditions = s.conditions.map((c) => ({ ...c }));
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}
