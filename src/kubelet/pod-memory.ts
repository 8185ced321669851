import type { ObservedPod } from "./observed.js";
import type { JsonObject } from "../schema/json.js";
import type { BackoffEntry } from "./backoff.js";
import type { ResolvedVolumes } from "./volumes/resolved.js";

/**
 * What the pod worker remembers between reconciles of one pod (by uid), beyond what podman and
 * the stored status show: back-off entries, the waiting reason a failed step left, the previous
 * run of a restarted container. restartCount and lastState are also kept in the stored status,
 * from which this memory is seeded after a restart of mk.
 */
export interface ContainerMemory {
  restartCount: number;
  /** The previous run's terminated state (status lastState.terminated). */
  lastTerminated?: JsonObject;
  /** Crash-loop back-off (restarts). */
  backoff?: BackoffEntry;
  /** Image pull back-off. */
  pullBackoff?: BackoffEntry;
  /** Why the container is not running when podman cannot say (ErrImagePull, CrashLoopBackOff, ...). */
  waiting?: { reason: string; message: string };
  /** The container id and run (startedAt) mk stopped itself: its exit is not an OOM kill. */
  killedRun?: string;
  /** `podman start` failed (the command does not exist): the time and message (StartError). */
  startError?: { atMs: number; message: string };
  /** The container vanished from podman (removed behind mk's back) and stays finished: its last state. */
  gone?: JsonObject;
  /** The container id the status last showed: a container gone from podman behind mk's back is drift. */
  knownId?: string;
  /** Precise times of the current run, from `podman inspect` (ps shows whole seconds). */
  run?: { id: string; signature: string; startedAt: Date | null; finishedAt: Date | null; oomKilled: boolean };
}

export interface PodMemory {
  uid: string;
  containers: Map<string, ContainerMemory>;
  /** The pod's volumes once prepared on this host. */
  volumes?: ResolvedVolumes;
  podIP?: string;
  /** The init containers all succeeded once: app containers may run (Initialized stays True). */
  initialized: boolean;
  /** spec.activeDeadlineSeconds passed: the pod is Failed (DeadlineExceeded). */
  deadlineExceeded?: boolean;
  /** When the worker last changed the pod's containers (performance.now()): observations must be newer. */
  lastActionAt?: number;
  /** What the last sync saw of the pod in podman (its status was written from it). */
  lastObserved?: ObservedPod;
  /** When lastObserved was read by an inspect of the pod's own containers rather than the shared ps. */
  inspectedAt?: number;
}

/** Memory for a pod seen for the first time, seeded from its stored status (restartCount, lastState, initialized, podIP). */
export function seedPodMemory(pod: JsonObject): PodMemory {
  const metadata = (pod.metadata ?? {}) as JsonObject;
  const status = (pod.status ?? {}) as JsonObject;
  const memory: PodMemory = { uid: String(metadata.uid ?? ""), containers: new Map(), initialized: false };
  for (const list of [status.initContainerStatuses, status.containerStatuses]) {
    if (!Array.isArray(list)) continue;
    for (const s of list as JsonObject[]) {
      const c: ContainerMemory = { restartCount: typeof s.restartCount === "number" ? s.restartCount : 0 };
      const last = (s.lastState as JsonObject | undefined)?.terminated;
      if (last && typeof last === "object" && !Array.isArray(last)) c.lastTerminated = last as JsonObject;
      if (typeof s.containerID === "string" && s.containerID.startsWith("podman://")) c.knownId = s.containerID.slice("podman://".length);
      memory.containers.set(String(s.name), c);
    }
  }
  const conditions = Array.isArray(status.conditions) ? (status.conditions as JsonObject[]) : [];
  memory.initialized = conditions.some((c) => c.type === "Initialized" && c.status === "True");
  // The address the sandbox had when the status was written: a new mk process need not ask podman
  // again (ensureSandbox forgets it whenever it creates or starts the sandbox).
  if (typeof status.podIP === "string" && status.podIP !== "") memory.podIP = status.podIP;
  return memory;
}

export function containerMemory(memory: PodMemory, name: string): ContainerMemory {
  let c = memory.containers.get(name);
  if (!c) {
    c = { restartCount: 0 };
    memory.containers.set(name, c);
  }
  return c;
}
