import type { JsonObject } from "../schema/json.js";
import { formatTimestamp } from "../store/index.js";
import { containerStatus, type ContainerView } from "./container-status.js";
import { qosClass } from "./qos.js";
import { objectAt, objectsAt, stringAt } from "./pod-spec/pod-fields.js";

/**
 * A Pod's status as the kubelet writes it, computed from plain values: the spec, the containers'
 * views (podman, worker memory, probes) and the time. Pure: the pod worker calls it after every
 * step and writes the result only when it differs from the stored status.
 */
export interface PodStatusInput {
  pod: JsonObject;
  /** In spec order. */
  init: ContainerView[];
  app: ContainerView[];
  /** Init containers all succeeded at some point (or there are none): app containers may run. */
  initialized: boolean;
  podIP?: string;
  hostIP: string;
  now: Date;
  /** spec.activeDeadlineSeconds passed: Failed, reason DeadlineExceeded. */
  deadlineExceeded?: boolean;
}

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

const TERMINAL: readonly string[] = ["Succeeded", "Failed"];

export function computePodStatus(input: PodStatusInput): JsonObject {
  const spec = objectAt(input.pod.spec);
  const previous = objectAt(input.pod.status);
  const initStatuses = input.init.map(containerStatus);
  // The kubelet sorts app container statuses by name; init ones keep the spec's order.
  const appStatuses = input.app.map(containerStatus).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const restartPolicy = stringAt(spec.restartPolicy) ?? "Always";
  const previousPhase = stringAt(previous.phase);
  const phase: PodPhase =
    previousPhase !== undefined && TERMINAL.includes(previousPhase)
      ? (previousPhase as PodPhase)
      : input.deadlineExceeded
        ? "Failed"
        : podPhase(initStatuses, orderBySpec(appStatuses, input.app), restartPolicy);
  const status: JsonObject = {
    phase,
    conditions: podConditions(input, initStatuses, appStatuses, phase, previous),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
  };
  if (input.deadlineExceeded || stringAt(previous.reason) === "DeadlineExceeded") {
    status.reason = "DeadlineExceeded";
    status.message = "Pod was active on the node longer than the specified deadline";
  }
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  status.startTime = stringAt(previous.startTime) ?? formatTimestamp(input.now);
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  status.containerStatuses = appStatuses;
  status.qosClass = qosClass(spec);
  return status;
}

function orderBySpec(statuses: JsonObject[], views: ContainerView[]): JsonObject[] {
  return views.map((v) => statuses.find((s) => s.name === v.name)).filter((s): s is JsonObject => s !== undefined);
}

function stateOf(status: JsonObject): { running?: JsonObject; terminated?: JsonObject; waiting?: JsonObject } {
  return objectAt(status.state) as { running?: JsonObject; terminated?: JsonObject; waiting?: JsonObject };
}

function lastTerminated(status: JsonObject): JsonObject | undefined {
  const t = objectAt(status.lastState).terminated;
  return t !== undefined ? objectAt(t) : undefined;
}

/** The kubelet's getPhase. */
export function podPhase(init: JsonObject[], app: JsonObject[], restartPolicy: string): PodPhase {
  let pendingInit = 0;
  let failedInit = 0;
  for (const s of init) {
    const state = stateOf(s);
    if (state.running) pendingInit++;
    else if (state.terminated) {
      if (state.terminated.exitCode !== 0) failedInit++;
    } else if (state.waiting) {
      const last = lastTerminated(s);
      if (last) {
        if (last.exitCode !== 0) failedInit++;
      } else pendingInit++;
    } else pendingInit++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of app) {
    const state = stateOf(s);
    if (state.running) running++;
    else if (state.terminated) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state.waiting) {
      if (lastTerminated(s)) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (failedInit > 0 && restartPolicy === "Never") return "Failed";
  if (pendingInit > 0 || waiting > 0) return "Pending";
  if (failedInit > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

function condition(type: string, status: "True" | "False", previous: JsonObject, now: Date, reason?: string, message?: string): JsonObject {
  const before = objectsAt(previous.conditions).find((c) => c.type === type);
  const since = before && before.status === status && typeof before.lastTransitionTime === "string" ? before.lastTransitionTime : formatTimestamp(now);
  const c: JsonObject = { type, status, lastProbeTime: null, lastTransitionTime: since };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** Initialized, Ready, ContainersReady, PodScheduled: the kubelet's order and reasons. */
function podConditions(input: PodStatusInput, init: JsonObject[], app: JsonObject[], phase: PodPhase, previous: JsonObject): JsonObject[] {
  const now = input.now;
  const completed = phase === "Succeeded";
  const incomplete = init.filter((s) => stateOf(s).terminated?.reason !== "Completed").map((s) => String(s.name));
  const initialized = completed || input.initialized || incomplete.length === 0;
  const unready = input.app.map((v) => v.name).filter((name) => app.find((s) => s.name === name)?.ready !== true);
  const ready = !completed && unready.length === 0;
  const readyReason = completed ? "PodCompleted" : ready ? undefined : "ContainersNotReady";
  const readyMessage = completed || ready ? undefined : `containers with unready status: [${unready.join(" ")}]`;
  return [
    initialized
      ? condition("Initialized", "True", previous, now, completed && init.length > 0 ? "PodCompleted" : undefined)
      : condition("Initialized", "False", previous, now, "ContainersNotInitialized", `containers with incomplete status: [${incomplete.join(" ")}]`),
    condition("Ready", ready ? "True" : "False", previous, now, readyReason, readyMessage),
    condition("ContainersReady", ready ? "True" : "False", previous, now, readyReason, readyMessage),
    condition("PodScheduled", "True", previous, now),
  ];
}
