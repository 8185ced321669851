import type { JsonObject } from "../schema/json.js";
import { formatTimestamp } from "../store/index.js";
import type { ContainerMemory } from "./pod-memory.js";
import type { ObservedContainer } from "./observed.js";

/**
 * One container's status (v1.ContainerStatus) as the kubelet reports it, from what podman shows
 * and what the pod worker remembers. Pure.
 */
export interface ContainerView {
  name: string;
  /** The image the spec asks for (reported until a container exists). */
  specImage: string;
  /** The container in podman, with precise times of its run. */
  observed?: ObservedContainer;
  memory: ContainerMemory;
  /** The probe manager's view (no probes: started and ready once running). */
  probe: { started: boolean; ready: boolean };
  /** The waiting reason while it does not exist yet: PodInitializing or ContainerCreating. */
  pendingReason: "PodInitializing" | "ContainerCreating";
  /** The container has a memory limit (exit 137 then means the OOM killer, unless mk stopped it). */
  memoryLimited: boolean;
  init: boolean;
}

const EPOCH = "1970-01-01T00:00:00Z";

/** Completed, Error, OOMKilled: the reason of a terminated state. */
export function terminatedReason(exitCode: number, oomKilled: boolean, memoryLimited: boolean, killedByMk: boolean): string {
  // podman 4.3 on cgroups v1 reports OOMKilled false: a SIGKILL of a memory-limited container
  // that mk did not send is the OOM killer.
  if (oomKilled || (exitCode === 137 && memoryLimited && !killedByMk)) return "OOMKilled";
  return exitCode === 0 ? "Completed" : "Error";
}

/** The terminated state of the observed run of an exited container. */
export function terminatedState(view: ContainerView): JsonObject | undefined {
  const o = view.observed;
  if (o && (o.state === "exited" || o.state === "stopped") && o.startedAt) {
    const killedByMk = view.memory.killedRun === runKey(o);
    const state: JsonObject = {
      exitCode: o.exitCode,
      reason: terminatedReason(o.exitCode, o.oomKilled === true, view.memoryLimited, killedByMk),
      startedAt: formatTimestamp(o.startedAt),
      finishedAt: formatTimestamp(o.finishedAt ?? o.startedAt),
      containerID: `podman://${o.id}`,
    };
    return state;
  }
  if (view.memory.startError && (!o || o.state === "created")) {
    return {
      exitCode: 128,
      reason: "StartError",
      message: view.memory.startError.message,
      startedAt: EPOCH,
      finishedAt: formatTimestamp(new Date(view.memory.startError.atMs)),
      ...(o ? { containerID: `podman://${o.id}` } : {}),
    };
  }
  return undefined;
}

/** The identity of one run of a container (a restart with `podman start` keeps the id). */
export function runKey(o: Pick<ObservedContainer, "id" | "startedAt">): string {
  return `${o.id}@${o.startedAt?.getTime() ?? 0}`;
}

export function containerStatus(view: ContainerView): JsonObject {
  const o = view.observed;
  const running = o !== undefined && (o.state === "running" || o.state === "stopping" || o.state === "paused");
  const current = running ? undefined : (terminatedState(view) ?? (o === undefined ? view.memory.gone : undefined));
  let state: JsonObject;
  let lastState: JsonObject = view.memory.lastTerminated ? { terminated: view.memory.lastTerminated } : {};
  if (running) {
    state = { running: { startedAt: formatTimestamp(o.startedAt ?? new Date(0)) } };
  } else if (view.memory.waiting) {
    state = { waiting: { reason: view.memory.waiting.reason, message: view.memory.waiting.message } };
    if (current) lastState = { terminated: current };
  } else if (current) {
    state = { terminated: current };
  } else {
    state = { waiting: { reason: o?.state === "created" ? "ContainerCreating" : view.pendingReason } };
  }
  const status: JsonObject = {
    name: view.name,
    state,
    lastState,
    ready: running ? view.probe.started && view.probe.ready : view.init && current?.exitCode === 0 && current.reason === "Completed",
    restartCount: view.memory.restartCount,
    image: o?.image || view.specImage,
    imageID: o?.imageId ? `sha256:${o.imageId}` : "",
    started: running ? view.probe.started : false,
  };
  if (o) status.containerID = `podman://${o.id}`;
  return status;
}
