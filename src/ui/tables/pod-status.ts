import type { JsonObject } from "../../schema/json.js";
import { formatAge } from "../../store/clock.js";
import { list, record, type Json } from "../json-fields.js";


/**
 * The STATUS column of `kubectl get pods` (kubectl's printPod): the phase, overridden by the
 * pod's reason, then by the first init container that has not succeeded (`Init:1/2`,
 * `Init:CrashLoopBackOff`), then by an app container's waiting or terminated reason
 * (`CrashLoopBackOff`, `Completed`, `Error`, `ExitCode:3`), `NotReady` for a running pod whose
 * containers are not all ready with Completed ones among them, and `Terminating` once deleted.
 */
export function podStatusText(pod: JsonObject): string {
  const spec = record(pod.spec);
  const status = record(pod.status);
  let reason = typeof status.phase === "string" && status.phase !== "" ? status.phase : "Pending";
  if (typeof status.reason === "string" && status.reason !== "") reason = status.reason;

  const inits = list(status.initContainerStatuses);
  const initCount = list(spec.initContainers).length;
  let initializing = false;
  for (const [i, c] of inits.entries()) {
    const state = record(c.state);
    const terminated = record(state.terminated);
    const waiting = record(state.waiting);
    if (state.terminated !== undefined && terminated.exitCode === 0) continue;
    initializing = true;
    if (state.terminated !== undefined) {
      reason = typeof terminated.reason === "string" && terminated.reason !== "" ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
    } else if (typeof waiting.reason === "string" && waiting.reason !== "" && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    break;
  }

  if (!initializing) {
    let hasRunning = false;
    for (const c of [...list(status.containerStatuses)].reverse()) {
      const state = record(c.state);
      const waiting = record(state.waiting);
      const terminated = record(state.terminated);
      if (typeof waiting.reason === "string" && waiting.reason !== "") reason = waiting.reason;
      else if (state.terminated !== undefined) {
        reason = typeof terminated.reason === "string" && terminated.reason !== "" ? terminated.reason : terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      } else if (state.running !== undefined && c.ready === true) hasRunning = true;
    }
    if (reason === "Completed" && hasRunning) reason = podReady(pod) ? "Running" : "NotReady";
  }
  if (record(pod.metadata).deletionTimestamp !== undefined) reason = "Terminating";
  return reason;
}

function podReady(pod: JsonObject): boolean {
  return list(record(pod.status).conditions).some((c) => c.type === "Ready" && c.status === "True");
}

/** The READY column: ready containers of all containers (`1/2`). */
export function podReadyText(pod: JsonObject): string {
  const total = list(record(pod.spec).containers).length;
  const ready = list(record(pod.status).containerStatuses).filter((c) => c.ready === true).length;
  return `${ready}/${total}`;
}

/** The RESTARTS column: the sum over containers, with the age of the last restart (`3 (2m ago)`). */
export function podRestartsText(pod: JsonObject, now: Date): string {
  let restarts = 0;
  let last: Date | undefined;
  for (const c of list(record(pod.status).containerStatuses)) {
    restarts += typeof c.restartCount === "number" ? c.restartCount : 0;
    const finished = record(record(c.lastState).terminated).finishedAt;
    if (typeof finished === "string") {
      const at = new Date(finished);
      if (!last || at > last) last = at;
    }
  }
  return restarts > 0 && last ? `${restarts} (${formatAge(last, now)} ago)` : String(restarts);
}
