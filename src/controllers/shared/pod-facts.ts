import { isJsonObject, type JsonObject } from "../../schema/json.js";

// The pod status readers of ./pod-status.ts, re-exported beside the object field readers below.
export { podPhase, isBeingDeleted, isPodActive, isPodReady, isPodAvailable } from "./pod-status.js";
export { controllerReference as controllerRef } from "./owner-reference.js";
import { podPhase } from "./pod-status.js";

/**
 * What the Job, CronJob, StatefulSet, DaemonSet and HPA controllers read from objects and Pods
 * (fields, phase, readiness, termination). Plain readers of the
 * Pod's JSON, so the decisions built on them stay pure.
 */

export function metadataOf(object: JsonObject): JsonObject {
  return isJsonObject(object.metadata) ? object.metadata : {};
}

export function statusOf(object: JsonObject): JsonObject {
  return isJsonObject(object.status) ? object.status : {};
}

export function specOf(object: JsonObject): JsonObject {
  return isJsonObject(object.spec) ? object.spec : {};
}

export function nameOf(object: JsonObject): string {
  return String(metadataOf(object).name ?? "");
}

export function uidOf(object: JsonObject): string {
  return String(metadataOf(object).uid ?? "");
}

export function isPodTerminal(pod: JsonObject): boolean {
  const phase = podPhase(pod);
  return phase === "Succeeded" || phase === "Failed";
}

function conditions(pod: JsonObject): JsonObject[] {
  const c = statusOf(pod).conditions;
  return Array.isArray(c) ? c.filter(isJsonObject) : [];
}

export function podCondition(pod: JsonObject, type: string): JsonObject | undefined {
  return conditions(pod).find((c) => c.type === type);
}

export interface TerminatedContainer {
  name: string;
  exitCode: number;
  finishedAt?: string;
}

/** Containers (init ones included) whose current or last state is terminated. */
export function terminatedContainers(pod: JsonObject): TerminatedContainer[] {
  const status = statusOf(pod);
  const out: TerminatedContainer[] = [];
  for (const field of ["initContainerStatuses", "containerStatuses"]) {
    const list = status[field];
    if (!Array.isArray(list)) continue;
    for (const cs of list.filter(isJsonObject)) {
      const state = isJsonObject(cs.state) ? cs.state : {};
      const terminated = isJsonObject(state.terminated) ? state.terminated : undefined;
      if (!terminated) continue;
      out.push({
        name: String(cs.name ?? ""),
        exitCode: typeof terminated.exitCode === "number" ? terminated.exitCode : 0,
        finishedAt: typeof terminated.finishedAt === "string" ? terminated.finishedAt : undefined,
      });
    }
  }
  return out;
}

/** Sum of the containers' restartCount (OnFailure Jobs count these against backoffLimit). */
export function podRestarts(pod: JsonObject): number {
  const status = statusOf(pod);
  let n = 0;
  for (const field of ["initContainerStatuses", "containerStatuses"]) {
    const list = status[field];
    if (!Array.isArray(list)) continue;
    for (const cs of list.filter(isJsonObject)) n += typeof cs.restartCount === "number" ? cs.restartCount : 0;
  }
  return n;
}

/** When the pod finished: the latest container finish, else its deletion or creation time. */
export function podFinishTime(pod: JsonObject): number | undefined {
  const times = terminatedContainers(pod)
    .map((c) => (c.finishedAt ? Date.parse(c.finishedAt) : NaN))
    .filter((t) => Number.isFinite(t));
  if (times.length > 0) return Math.max(...times);
  const meta = metadataOf(pod);
  for (const field of ["deletionTimestamp", "creationTimestamp"]) {
    const t = typeof meta[field] === "string" ? Date.parse(meta[field] as string) : NaN;
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

export function creationTime(object: JsonObject): number {
  const t = metadataOf(object).creationTimestamp;
  const ms = typeof t === "string" ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

export function hasFinalizer(object: JsonObject, finalizer: string): boolean {
  const f = metadataOf(object).finalizers;
  return Array.isArray(f) && f.includes(finalizer);
}

/** A copy without the finalizer (for an update). */
export function withoutFinalizer(object: JsonObject, finalizer: string): JsonObject {
  const meta = metadataOf(object);
  const f = Array.isArray(meta.finalizers) ? meta.finalizers.filter((x) => x !== finalizer) : [];
  const copy: JsonObject = { ...meta };
  if (f.length > 0) copy.finalizers = f;
  else delete copy.finalizers;
  return { ...object, metadata: copy };
}

/** A non-negative integer field, or the default when absent or malformed. */
export function intField(object: JsonObject, field: string, fallback: number): number {
  const v = object[field];
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : fallback;
}

export function deepCopy<T extends JsonObject>(object: T): T {
  return structuredClone(object);
}
