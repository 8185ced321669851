import { isJsonObject, type JsonObject, type JsonValue } from "../../schema/json.js";

/** apps/v1 defaults for spec.strategy.rollingUpdate. */
export const DEFAULT_MAX_SURGE = "25%";
export const DEFAULT_MAX_UNAVAILABLE = "25%";

/**
 * intstr.GetScaledValueFromIntOrPercent: a number as is, or `N%` of total rounded up or down.
 * Undefined for a malformed value (validation refuses it before it gets here).
 */
export function scaledValue(value: JsonValue | undefined, total: number, roundUp: boolean): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return /^\d+$/.test(value) ? Number(value) : undefined;
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * deploymentutil.ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and when both
 * come out 0 maxUnavailable becomes 1 (validation refuses both being 0 literally, but 1% of 3
 * rounds down to 0 and a rollout must still be able to move).
 */
export function resolveFenceposts(maxSurge: JsonValue | undefined, maxUnavailable: JsonValue | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? DEFAULT_MAX_SURGE, desired, true) ?? 0;
  let unavailable = scaledValue(maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE, desired, false) ?? 0;
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function deploymentSpec(d: JsonObject): JsonObject {
  return isJsonObject(d.spec) ? d.spec : {};
}

/** spec.replicas (default 1). */
export function desiredReplicas(d: JsonObject): number {
  const r = deploymentSpec(d).replicas;
  return typeof r === "number" ? r : 1;
}

export function strategyType(d: JsonObject): "RollingUpdate" | "Recreate" {
  const s = deploymentSpec(d).strategy;
  return isJsonObject(s) && s.type === "Recreate" ? "Recreate" : "RollingUpdate";
}

function rollingUpdate(d: JsonObject): JsonObject {
  const s = deploymentSpec(d).strategy;
  return isJsonObject(s) && isJsonObject(s.rollingUpdate) ? s.rollingUpdate : {};
}

/** deploymentutil.MaxSurge: 0 for Recreate. */
export function maxSurge(d: JsonObject): number {
  if (strategyType(d) !== "RollingUpdate") return 0;
  const ru = rollingUpdate(d);
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, desiredReplicas(d)).surge;
}

/** deploymentutil.MaxUnavailable: 0 for Recreate or no replicas, at most the replicas. */
export function maxUnavailable(d: JsonObject): number {
  const replicas = desiredReplicas(d);
  if (strategyType(d) !== "RollingUpdate" || replicas === 0) return 0;
  const ru = rollingUpdate(d);
  return Math.min(replicas, resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas).unavailable);
}

export function minReadySeconds(d: JsonObject): number {
  const v = deploymentSpec(d).minReadySeconds;
  return typeof v === "number" ? v : 0;
}

/** spec.progressDeadlineSeconds (default 600); undefined when there is none (MaxInt32). */
export function progressDeadlineSeconds(d: JsonObject): number | undefined {
  const v = deploymentSpec(d).progressDeadlineSeconds;
  if (v === undefined) return 600;
  return typeof v === "number" && v !== 2147483647 ? v : undefined;
}

/** spec.revisionHistoryLimit (default 10). */
export function revisionHistoryLimit(d: JsonObject): number {
  const v = deploymentSpec(d).revisionHistoryLimit;
  return typeof v === "number" ? v : 10;
}

export function isPaused(d: JsonObject): boolean {
  return deploymentSpec(d).paused === true;
}
