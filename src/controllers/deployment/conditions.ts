import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { formatTimestamp } from "../../store/index.js";

/** Progressing condition reasons (deploymentutil). */
export const REASON = {
  NewReplicaSetCreated: "NewReplicaSetCreated",
  FoundNewReplicaSet: "FoundNewReplicaSet",
  ReplicaSetUpdated: "ReplicaSetUpdated",
  NewReplicaSetAvailable: "NewReplicaSetAvailable",
  ProgressDeadlineExceeded: "ProgressDeadlineExceeded",
  FailedReplicaSetCreate: "ReplicaSetCreateError",
  DeploymentPaused: "DeploymentPaused",
  DeploymentResumed: "DeploymentResumed",
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

export interface DeploymentCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export function newCondition(type: string, status: DeploymentCondition["status"], reason: string, message: string, now: Date): DeploymentCondition {
  const t = formatTimestamp(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

export function conditionsOf(status: JsonObject | undefined): DeploymentCondition[] {
  const list = status && Array.isArray(status.conditions) ? status.conditions.filter(isJsonObject) : [];
  return list.map((c) => ({
    type: String(c.type),
    status: (c.status === "True" || c.status === "False" ? c.status : "Unknown") as DeploymentCondition["status"],
    reason: String(c.reason ?? ""),
    message: String(c.message ?? ""),
    lastUpdateTime: String(c.lastUpdateTime ?? c.lastTransitionTime ?? ""),
    lastTransitionTime: String(c.lastTransitionTime ?? ""),
  }));
}

export function getCondition(conditions: readonly DeploymentCondition[], type: string): DeploymentCondition | undefined {
  return conditions.find((c) => c.type === type);
}

/**
 * deploymentutil.SetDeploymentCondition: the same status and reason is no change at all (not even
 * lastUpdateTime); the same status keeps its lastTransitionTime.
 */
export function setCondition(conditions: readonly DeploymentCondition[], condition: DeploymentCondition): DeploymentCondition[] {
  const current = getCondition(conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return [...conditions];
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  return [...conditions.filter((c) => c.type !== condition.type), next];
}

export function removeCondition(conditions: readonly DeploymentCondition[], type: string): DeploymentCondition[] {
  return conditions.filter((c) => c.type !== type);
}
