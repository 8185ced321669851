import { isJsonObject, type JsonObject } from "../../schema/json.js";

/** A Pod's status conditions, as plain objects. */
function conditionsOf(pod: JsonObject): JsonObject[] {
  const status = isJsonObject(pod.status) ? pod.status : {};
  return Array.isArray(status.conditions) ? status.conditions.filter(isJsonObject) : [];
}

export function podPhase(pod: JsonObject): string {
  const status = isJsonObject(pod.status) ? pod.status : {};
  return typeof status.phase === "string" ? status.phase : "Pending";
}

export function isBeingDeleted(object: JsonObject): boolean {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return typeof metadata.deletionTimestamp === "string";
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: JsonObject): boolean {
  return conditionsOf(pod).some((c) => c.type === "Ready" && c.status === "True");
}

/** When the pod last became Ready (the Ready condition's lastTransitionTime), if it is ready. */
export function podReadySince(pod: JsonObject): Date | undefined {
  const ready = conditionsOf(pod).find((c) => c.type === "Ready" && c.status === "True");
  if (!ready || typeof ready.lastTransitionTime !== "string") return undefined;
  const t = new Date(ready.lastTransitionTime);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/**
 * podutil.IsPodAvailable: ready, and ready for at least minReadySeconds by `now`. With
 * minReadySeconds 0 every ready pod is available.
 */
export function isPodAvailable(pod: JsonObject, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since.getTime() + minReadySeconds * 1000 <= now.getTime();
}

/**
 * How long until a ready pod becomes available (for a requeue), or undefined when it is not ready
 * or already available.
 */
export function msUntilAvailable(pod: JsonObject, minReadySeconds: number, now: Date): number | undefined {
  if (!isPodReady(pod) || minReadySeconds <= 0) return undefined;
  const since = podReadySince(pod);
  if (!since) return undefined;
  const left = since.getTime() + minReadySeconds * 1000 - now.getTime();
  return left > 0 ? left : undefined;
}

/** controller.IsPodActive: not finished (Succeeded/Failed) and not being deleted. */
export function isPodActive(pod: JsonObject): boolean {
  const phase = podPhase(pod);
  return phase !== "Succeeded" && phase !== "Failed" && !isBeingDeleted(pod);
}

export function activePods(pods: readonly JsonObject[]): JsonObject[] {
  return pods.filter(isPodActive);
}

/** The highest restartCount among the pod's containers. */
export function maxContainerRestarts(pod: JsonObject): number {
  const status = isJsonObject(pod.status) ? pod.status : {};
  const statuses = Array.isArray(status.containerStatuses) ? status.containerStatuses.filter(isJsonObject) : [];
  return statuses.reduce((max, s) => Math.max(max, typeof s.restartCount === "number" ? s.restartCount : 0), 0);
}
