import type { JsonObject } from "../../schema/json.js";
import { formatTimestamp } from "../../store/index.js";
import { remainingBackoffMs } from "./backoff.js";
import { conditionTrue, findCondition, readConditions, setCondition } from "../shared/conditions.js";
import { formatIndexes } from "./indexes.js";
import type { JobSpec } from "./job-spec.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { creationTime, isBeingDeleted, isPodActive, isPodReady, isPodTerminal, podFinishTime, podPhase, podRestarts, statusOf } from "../shared/pod-facts.js";
import { completionIndexOf } from "./tracking.js";

export interface JobEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface JobDecisionInput {
  job: JsonObject;
  spec: JobSpec;
  /** The Job's pods (owned by it and matching its selector). */
  pods: readonly JsonObject[];
  /** Counters after this pass's finished pods were counted. */
  succeeded: number;
  failed: number;
  completedIndexes: ReadonlySet<number>;
  now: Date;
  backoffBaseMs?: number;
}

export interface JobDecision {
  status: JsonObject;
  /** Pods to create: one entry each (with the completion index for Indexed Jobs). */
  create: { index?: number }[];
  delete: JsonObject[];
  events: JobEvent[];
  /** ttlSecondsAfterFinished has passed: delete the Job (its pods go with it). */
  deleteJob: boolean;
  requeueAfterMs?: number;
}

const MSG_BACKOFF = "Job has reached the specified backoff limit";
const MSG_DEADLINE = "Job was active longer than specified deadline";
const MSG_COMPLETIONS = "Reached expected number of succeeded pods";

/** Deletion preference among active pods: not ready first, then the newest. */
function deletionOrder(a: JsonObject, b: JsonObject): number {
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  return creationTime(b) - creationTime(a);
}

/** The Job controller's syncJob as a function of the Job, its pods and now. */
export function decideJob(input: JobDecisionInput): JobDecision {
  const { spec, now } = input;
  const nowMs = now.getTime();
  const previous = statusOf(input.job);
  const conditions = readConditions(previous);
  const events: JobEvent[] = [];
  const toDelete: JsonObject[] = [];
  const create: { index?: number }[] = [];
  const timers: number[] = [];

  const active = input.pods.filter(isPodActive);
  const terminating = input.pods.filter((p) => isBeingDeleted(p) && !isPodTerminal(p));
  let startTime = typeof previous.startTime === "string" ? previous.startTime : undefined;
  let completionTime = typeof previous.completionTime === "string" ? previous.completionTime : undefined;
  let deleteJob = false;

  const finished = conditionTrue(conditions, "Complete") || conditionTrue(conditions, "Failed");
  if (!finished) {
    // Suspension and resumption.
    const wasSuspended = conditionTrue(conditions, "Suspended");
    if (spec.suspend) {
      if (!wasSuspended) {
        setCondition(conditions, { type: "Suspended", status: "True", reason: "JobSuspended", message: "Job suspended" }, now, true);
        events.push({ type: "Normal", reason: "Suspended", message: "Job suspended" });
      }
    } else {
      if (wasSuspended) {
        setCondition(conditions, { type: "Suspended", status: "False", reason: "JobResumed", message: "Job resumed" }, now, true);
        events.push({ type: "Normal", reason: "Resumed", message: "Job resumed" });
        startTime = formatTimestamp(now);
      }
      startTime ??= formatTimestamp(now);
    }

    // Failure: an earlier FailureTarget stays; else podFailurePolicy, deadline, back-off limit.
    let failure = findCondition(conditions, "FailureTarget")?.status === "True" ? findCondition(conditions, "FailureTarget") : undefined;
    if (!failure) {
      let reason: string | undefined;
      let message = "";
      const failJob = input.pods
        .filter((p) => podPhase(p) === "Failed")
        .map((p) => matchPodFailurePolicy(spec.podFailurePolicy, p))
        .find((m) => m?.action === "FailJob");
      const deadlineMs = !spec.suspend && startTime && spec.activeDeadlineSeconds !== undefined ? Date.parse(startTime) + spec.activeDeadlineSeconds * 1000 : undefined;
      // OnFailure pods restart in place: their restarts count against backoffLimit.
      const restarts = active.reduce((n, p) => n + podRestarts(p), 0);
      const pastBackoffLimitOnFailure = spec.restartPolicy === "OnFailure" && (spec.backoffLimit === 0 ? restarts > 0 : restarts >= spec.backoffLimit);
      if (failJob) {
        reason = "PodFailurePolicy";
        message = failJob.message;
      } else if (deadlineMs !== undefined && deadlineMs <= nowMs) {
        // The deadline wins over the back-off limit (batch/v1 docs).
        reason = "DeadlineExceeded";
        message = MSG_DEADLINE;
      } else if (input.failed > spec.backoffLimit || pastBackoffLimitOnFailure) {
        reason = "BackoffLimitExceeded";
        message = MSG_BACKOFF;
      } else if (deadlineMs !== undefined) {
        timers.push(deadlineMs - nowMs);
      }
      if (reason) {
        setCondition(conditions, { type: "FailureTarget", status: "True", reason, message }, now, true);
        events.push({ type: "Warning", reason, message });
        failure = findCondition(conditions, "FailureTarget");
      }
    }

    const complete =
      !failure &&
      (spec.completions === undefined
        ? input.succeeded > 0 && active.length === 0
        : spec.completionMode === "Indexed"
          ? input.completedIndexes.size >= spec.completions
          : input.succeeded >= spec.completions);
    if (complete && !conditionTrue(conditions, "SuccessCriteriaMet")) {
      setCondition(conditions, { type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached", message: MSG_COMPLETIONS }, now, true);
    }

    if (failure || complete || conditionTrue(conditions, "SuccessCriteriaMet")) {
      toDelete.push(...active);
      // The terminal condition waits until no pod of the Job is still running or terminating.
      if (active.length === 0 && terminating.length === 0) {
        if (failure) {
          setCondition(conditions, { type: "Failed", status: "True", reason: String(failure.reason), message: String(failure.message) }, now, true);
        } else {
          setCondition(conditions, { type: "Complete", status: "True", reason: "CompletionsReached", message: MSG_COMPLETIONS }, now, true);
          completionTime = formatTimestamp(now);
          events.push({ type: "Normal", reason: "Completed", message: "Job completed" });
        }
      }
    } else if (spec.suspend) {
      toDelete.push(...active);
    } else {
      manageActivePods(input, active, toDelete, create, timers);
    }
  } else {
    // Finished: nothing runs any more; ttlSecondsAfterFinished counts from the finish.
    toDelete.push(...active);
    if (spec.ttlSecondsAfterFinished !== undefined) {
      const finishedAt = completionTime ?? String(findCondition(conditions, "Failed")?.lastTransitionTime ?? "");
      const expiresMs = Date.parse(finishedAt) + spec.ttlSecondsAfterFinished * 1000;
      if (Number.isFinite(expiresMs)) {
        if (expiresMs <= nowMs) deleteJob = true;
        else timers.push(expiresMs - nowMs);
      }
    }
  }
  if (!finished && (conditionTrue(conditions, "Complete") || conditionTrue(conditions, "Failed")) && spec.ttlSecondsAfterFinished !== undefined) {
    timers.push(spec.ttlSecondsAfterFinished * 1000);
  }

  const deleted = new Set(toDelete);
  const stillActive = active.filter((p) => !deleted.has(p));
  const status: JsonObject = {};
  status.conditions = conditions;
  if (startTime) status.startTime = startTime;
  if (completionTime) status.completionTime = completionTime;
  status.active = stillActive.length + create.length;
  status.ready = stillActive.filter(isPodReady).length;
  status.terminating = terminating.length + toDelete.length;
  status.succeeded = input.succeeded;
  status.failed = input.failed;
  if (spec.completionMode === "Indexed") status.completedIndexes = formatIndexes(input.completedIndexes);
  status.uncountedTerminatedPods = {};
  if (conditions.length === 0) delete status.conditions;

  const positive = timers.filter((t) => t > 0);
  return {
    status,
    create,
    delete: toDelete,
    events,
    deleteJob,
    requeueAfterMs: positive.length > 0 ? Math.min(...positive) : undefined,
  };
}

function manageActivePods(input: JobDecisionInput, active: JsonObject[], toDelete: JsonObject[], create: { index?: number }[], timers: number[]): void {
  const { spec } = input;
  let wantActive: number;
  if (spec.completions === undefined) {
    // Work queue: once one pod succeeded no new pods start.
    wantActive = input.succeeded > 0 ? active.length : spec.parallelism;
  } else {
    const done = spec.completionMode === "Indexed" ? input.completedIndexes.size : input.succeeded;
    wantActive = Math.max(0, Math.min(spec.parallelism, spec.completions - done));
  }

  if (spec.completionMode === "Indexed") {
    // A pod whose index is already complete, or a second pod for one index, is surplus.
    const seen = new Set<number>();
    for (const pod of [...active].sort((a, b) => creationTime(a) - creationTime(b))) {
      const index = completionIndexOf(pod);
      if (index === undefined || input.completedIndexes.has(index) || seen.has(index) || (spec.completions !== undefined && index >= spec.completions)) {
        toDelete.push(pod);
      } else seen.add(index);
    }
  }
  const remaining = active.filter((p) => !toDelete.includes(p));
  if (remaining.length > wantActive) {
    toDelete.push(...[...remaining].sort(deletionOrder).slice(0, remaining.length - wantActive));
    return;
  }
  const missing = wantActive - remaining.length;
  if (missing <= 0) return;

  // Back-off: failures since the last success delay the replacement pods.
  const successAt = Math.max(0, ...input.pods.filter((p) => podPhase(p) === "Succeeded").map((p) => podFinishTime(p) ?? 0));
  const failures = input.pods.filter((p) => {
    if (podPhase(p) !== "Failed" && !(isBeingDeleted(p) && podPhase(p) !== "Succeeded")) return false;
    if (matchPodFailurePolicy(spec.podFailurePolicy, p)?.action === "Ignore") return false;
    return (podFinishTime(p) ?? 0) >= successAt;
  });
  const lastFailure = failures.length > 0 ? Math.max(...failures.map((p) => podFinishTime(p) ?? 0)) : undefined;
  const wait = remainingBackoffMs(failures.length, lastFailure, input.now.getTime(), input.backoffBaseMs);
  if (wait > 0) {
    timers.push(wait);
    return;
  }

  if (spec.completionMode === "Indexed" && spec.completions !== undefined) {
    const held = new Set(remaining.map(completionIndexOf).filter((i): i is number => i !== undefined));
    for (let i = 0; i < spec.completions && create.length < missing; i++) {
      if (!input.completedIndexes.has(i) && !held.has(i)) create.push({ index: i });
    }
  } else {
    for (let i = 0; i < missing; i++) create.push({});
  }
}
