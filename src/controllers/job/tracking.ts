import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { JOB_LABELS, JOB_TRACKING_FINALIZER, type JobSpec } from "./job-spec.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { hasFinalizer, isBeingDeleted, metadataOf, podPhase, uidOf } from "../shared/pod-facts.js";

/**
 * Counting finished pods exactly once, as the Job controller does with the
 * `batch.kubernetes.io/job-tracking` finalizer: (1) a finished pod's uid goes into
 * status.uncountedTerminatedPods, (2) its finalizer is removed, (3) the uid moves into the
 * succeeded/failed counters. A crash between the steps is repaired by the next reconcile.
 */
export interface UncountedPods {
  succeeded: string[];
  failed: string[];
}

export interface TrackingStep {
  /** status.uncountedTerminatedPods after adding the pods that finished since the last pass. */
  uncounted: UncountedPods;
  /** Indexes of Indexed pods that succeeded (added to completedIndexes at once). */
  succeededIndexes: number[];
  /** Pods whose tracking finalizer is to be removed (counted ones and ignored failures). */
  release: JsonObject[];
}

export function readUncounted(status: JsonObject): UncountedPods {
  const u = isJsonObject(status.uncountedTerminatedPods) ? status.uncountedTerminatedPods : {};
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return { succeeded: strings(u.succeeded), failed: strings(u.failed) };
}

/**
 * How a pod that will not run any more ended: Succeeded; Failed; or being deleted before it
 * succeeded, which counts as failed (orphaned pods never reach Failed) unless the Job is
 * suspended or finished, when deleting pods is the controller's own doing.
 */
export function podOutcome(pod: JsonObject, countDeletedAsFailed: boolean): "succeeded" | "failed" | undefined {
  const phase = podPhase(pod);
  if (phase === "Succeeded") return "succeeded";
  if (phase === "Failed") return "failed";
  return isBeingDeleted(pod) && countDeletedAsFailed ? "failed" : undefined;
}

export function completionIndexOf(pod: JsonObject): number | undefined {
  const annotations = isJsonObject(metadataOf(pod).annotations) ? (metadataOf(pod).annotations as JsonObject) : {};
  const v = annotations[JOB_LABELS.completionIndex];
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function trackFinishedPods(spec: JobSpec, status: JsonObject, pods: readonly JsonObject[], controllerDeleting: boolean): TrackingStep {
  const uncounted = readUncounted(status);
  const known = new Set([...uncounted.succeeded, ...uncounted.failed]);
  const succeededIndexes: number[] = [];
  const release: JsonObject[] = [];
  for (const pod of pods) {
    if (!hasFinalizer(pod, JOB_TRACKING_FINALIZER)) continue;
    const uid = uidOf(pod);
    if (known.has(uid)) {
      release.push(pod);
      continue;
    }
    const outcome = podOutcome(pod, !controllerDeleting);
    if (outcome === undefined) {
      // A pod deleted by the controller itself (suspend, completion) is not a failure.
      if (isBeingDeleted(pod) && podPhase(pod) !== "Succeeded") release.push(pod);
      continue;
    }
    if (outcome === "failed" && podPhase(pod) === "Failed" && matchPodFailurePolicy(spec.podFailurePolicy, pod)?.action === "Ignore") {
      release.push(pod);
      continue;
    }
    uncounted[outcome].push(uid);
    if (outcome === "succeeded" && spec.completionMode === "Indexed") {
      const index = completionIndexOf(pod);
      if (index !== undefined && spec.completions !== undefined && index < spec.completions) succeededIndexes.push(index);
    }
    release.push(pod);
  }
  return { uncounted, succeededIndexes, release };
}
