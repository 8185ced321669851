/** Pods as mkapply shows and judges them: a summary row, readiness, and why a pod is stuck. */
import { isJsonObject, type JsonObject, type JsonValue } from "../schema/json.js";
import type { PodSummary } from "./progress-model.js";

/**
 * Waiting reasons that mean the kubelet already tried and is backing off: the pod will not get
 * better without a change (an image that is not there, a command that keeps crashing, a missing
 * ConfigMap key). mkapply fails the object at once instead of waiting for the progress deadline.
 */
export const STUCK_REASONS: ReadonlySet<string> = new Set([
  "ImagePullBackOff",
  "ErrImageNeverPull",
  "InvalidImageName",
  "CrashLoopBackOff",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

export function obj(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

export function list(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

export function num(value: JsonValue | undefined, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

export function str(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function nameOf(object: JsonObject): string {
  return str(obj(object.metadata).name) ?? "";
}

export function uidOf(object: JsonObject): string {
  return str(obj(object.metadata).uid) ?? "";
}

export function isTerminating(object: JsonObject): boolean {
  return str(obj(object.metadata).deletionTimestamp) !== undefined;
}

export function conditionStatus(object: JsonObject, type: string): { status?: string; reason?: string; message?: string } {
  const found = list(obj(object.status).conditions).find((c) => c.type === type);
  return found ? { status: str(found.status), reason: str(found.reason), message: str(found.message) } : {};
}

export function isPodReady(pod: JsonObject): boolean {
  return conditionStatus(pod, "Ready").status === "True";
}

function containerStatuses(pod: JsonObject): JsonObject[] {
  const status = obj(pod.status);
  return [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
}

/** The reason a container is waiting or terminated with, first container first; undefined when all run. */
function containerReason(pod: JsonObject): { reason: string; message?: string; container: string } | undefined {
  const statuses = containerStatuses(pod);
  for (const s of statuses) {
    const waiting = obj(obj(s.state).waiting);
    const reason = str(waiting.reason);
    if (reason && reason !== "ContainerCreating" && reason !== "PodInitializing") return { reason, message: str(waiting.message), container: str(s.name) ?? "" };
  }
  for (const s of statuses) {
    const terminated = obj(obj(s.state).terminated);
    const reason = str(terminated.reason);
    if (reason) return { reason, message: str(terminated.message), container: str(s.name) ?? "" };
  }
  for (const s of statuses) {
    const waiting = obj(obj(s.state).waiting);
    const reason = str(waiting.reason);
    if (reason) return { reason, message: str(waiting.message), container: str(s.name) ?? "" };
  }
  return undefined;
}

export function summarizePod(pod: JsonObject): PodSummary {
  const phase = isTerminating(pod) ? "Terminating" : (str(obj(pod.status).phase) ?? "Pending");
  const restarts = list(obj(pod.status).containerStatuses).reduce((sum, s) => sum + num(s.restartCount), 0);
  const reason = containerReason(pod)?.reason;
  return { name: nameOf(pod), phase, ready: isPodReady(pod), restarts, ...(reason ? { reason } : {}) };
}

/**
 * Why a pod cannot make progress, in one line naming it: `pod web-7d9c-x2k4f: ImagePullBackOff:
 * Failed to pull image "localhost/mk/nope:1": image not known`. The latest Warning Event about the
 * pod says it best (the kubelet's words); the container's waiting message is the fallback.
 * Undefined when the pod is not stuck.
 */
export function podFailure(pod: JsonObject, warnings: readonly JsonObject[] = []): string | undefined {
  if (isTerminating(pod)) return undefined;
  const phase = str(obj(pod.status).phase);
  const stuck = containerReason(pod);
  const failedPhase = phase === "Failed";
  if (!failedPhase && !(stuck && STUCK_REASONS.has(stuck.reason))) return undefined;
  const reason = stuck?.reason ?? str(obj(pod.status).reason) ?? "Failed";
  const detail = latestWarningAbout(pod, warnings) ?? stuck?.message ?? str(obj(pod.status).message);
  return `pod ${nameOf(pod)}: ${reason}${detail ? `: ${detail}` : ""}`;
}

function latestWarningAbout(pod: JsonObject, warnings: readonly JsonObject[]): string | undefined {
  const uid = uidOf(pod);
  const name = nameOf(pod);
  for (let i = warnings.length - 1; i >= 0; i--) {
    const event = warnings[i];
    const involved = obj(event.involvedObject);
    if (involved.kind !== "Pod") continue;
    if ((uid !== "" && involved.uid === uid) || (involved.uid === undefined && involved.name === name)) return str(event.message);
  }
  return undefined;
}
