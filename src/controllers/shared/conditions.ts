import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { formatTimestamp } from "../../store/index.js";

export interface ConditionInput {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
}

export function readConditions(status: JsonObject): JsonObject[] {
  return Array.isArray(status.conditions) ? status.conditions.filter(isJsonObject).map((c) => ({ ...c })) : [];
}

export function findCondition(conditions: readonly JsonObject[], type: string): JsonObject | undefined {
  return conditions.find((c) => c.type === type);
}

export function conditionTrue(conditions: readonly JsonObject[], type: string): boolean {
  return findCondition(conditions, type)?.status === "True";
}

/**
 * Sets a condition in place; lastTransitionTime moves only when the status changes (as every
 * Kubernetes controller does), lastProbeTime (Jobs write it) on every change of the condition.
 */
export function setCondition(conditions: JsonObject[], input: ConditionInput, now: Date, withProbeTime = false): void {
  const at = formatTimestamp(now);
  const existing = conditions.find((c) => c.type === input.type);
  if (existing) {
    if (existing.status === input.status && existing.reason === input.reason && existing.message === input.message) return;
    if (existing.status !== input.status) existing.lastTransitionTime = at;
    existing.status = input.status;
    existing.reason = input.reason;
    existing.message = input.message;
    if (withProbeTime) existing.lastProbeTime = at;
    return;
  }
  const c: JsonObject = { type: input.type, status: input.status };
  if (withProbeTime) c.lastProbeTime = at;
  c.lastTransitionTime = at;
  c.reason = input.reason;
  c.message = input.message;
  conditions.push(c);
}
