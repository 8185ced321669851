/**
 * The whole control plane as one list of reconcilers: the workload controllers
 * (src/controllers), the kubelet analog (src/kubelet), the PVC binder and the Services' endpoints
 * (src/services). mkapply, `mk destroy` and `mk controller` run exactly this list, so what
 * converges under mkapply keeps converging under the daemon.
 */
import type { Reconciler } from "../../control/reconciler.js";
import { startControlLoop, type ControlLoop } from "../../control/manager.js";
import { createWorkloadControllers } from "../../controllers/index.js";
import { createKubelet } from "../../kubelet/kubelet.js";
import { createVolumeBinder } from "../../kubelet/volumes/pvc-binder.js";
import { networkLabels, projectSelector } from "../../runtime/labels.js";
import { listContainers } from "../../runtime/observe.js";
import { createPodmanMetricsSource } from "../../runtime/stats.js";
import { ensureNetwork, removeNetwork } from "../../runtime/network.js";
import { openRuntimeSession, type RuntimeSession } from "../../runtime/session.js";
import { createEndpointsController } from "../../services/index.js";
import { currentActor, groupOf, LockHeldError, type HeldLock, type LockInfo, type Store } from "../../store/index.js";

export interface ControlPlaneOptions {
  /** The project's state folder (`.mk`): podman's containers.conf, pod volumes. */
  stateDir: string;
  /** Default: openRuntimeSession(stateDir). */
  session?: RuntimeSession;
  /** `--verbose`: the loop's and the reconcilers' log lines. */
  log?: (message: string) => void;
}

export function controlPlaneReconcilers(options: ControlPlaneOptions): Reconciler[] {
  const session = options.session ?? openRuntimeSession(options.stateDir);
  return [
    ...createWorkloadControllers({ metrics: createPodmanMetricsSource(session.podman, session.project) }),
    createKubelet({ session, stateDir: options.stateDir }),
    createVolumeBinder({ session }),
    createEndpointsController({ session }),
  ];
}

/**
 * What the runtime needs before any pod can start: the project's podman network (with DNS, mk's
 * labels). The error's text when podman cannot give it.
 */
export async function prepareRuntime(session: RuntimeSession): Promise<string | undefined> {
  const made = await ensureNetwork(session.podman, session.network, networkLabels(session.project, session.network));
  return made.ok ? undefined : `podman network ${session.network}: ${made.error.message}`;
}

/**
 * After a destroy that converged: the project's podman network goes too, when no container of
 * the project is left (podman refuses to remove a network in use, so a container left behind
 * keeps it). The error's text when podman cannot say or remove.
 */
export async function releaseRuntime(session: RuntimeSession): Promise<string | undefined> {
  const selector = projectSelector(session.project);
  const left = await listContainers(session.podman, selector);
  if (!left.ok) return `podman network ${session.network}: ${left.error.message}`;
  if (left.value.length > 0) return undefined;
  const removed = await removeNetwork(session.podman, session.network, selector);
  return removed.ok ? undefined : `podman network ${session.network}: ${removed.error.message}`;
}

export function startControlPlane(store: Store, options: ControlPlaneOptions & { reconcilers?: Reconciler[] }): ControlLoop {
  return startControlLoop({ store, reconcilers: options.reconcilers ?? controlPlaneReconcilers(options), ...(options.log ? { log: options.log } : {}) });
}

/**
 * Kinds that do nothing without their controller. A plan with one of them and no reconciler for
 * it in this build is refused before anything is written (a controller still being built), rather
 * than waiting five minutes for a status that never comes.
 */
const CONTROLLED_KINDS: ReadonlyArray<{ apiVersion: string; kind: string }> = [
  { apiVersion: "apps/v1", kind: "Deployment" },
  { apiVersion: "apps/v1", kind: "ReplicaSet" },
  { apiVersion: "v1", kind: "ReplicationController" },
  { apiVersion: "apps/v1", kind: "StatefulSet" },
  { apiVersion: "apps/v1", kind: "DaemonSet" },
  { apiVersion: "batch/v1", kind: "Job" },
  { apiVersion: "batch/v1", kind: "CronJob" },
  { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler" },
  { apiVersion: "v1", kind: "Pod" },
  { apiVersion: "v1", kind: "Service" },
  { apiVersion: "v1", kind: "PersistentVolumeClaim" },
];

/** The kinds among `kinds` that need a controller and have none among the reconcilers (a watch of the kind's own keys). */
export function missingControllers(reconcilers: readonly Reconciler[], kinds: ReadonlyArray<{ apiVersion: string; kind: string }>): string[] {
  const primary = new Set(reconcilers.flatMap((r) => r.watches.filter((w) => w.keys === undefined).map((w) => `${groupOf(w.apiVersion)}/${w.kind}`)));
  const missing = new Set<string>();
  for (const k of kinds) {
    const needs = CONTROLLED_KINDS.some((c) => c.kind === k.kind && groupOf(c.apiVersion) === groupOf(k.apiVersion));
    if (needs && !primary.has(`${groupOf(k.apiVersion)}/${k.kind}`)) missing.add(k.kind);
  }
  return [...missing].sort();
}

/**
 * One control loop per state at a time: two kubelets would race for the same pods. Whoever runs
 * the loop (mkapply while it waits, or `mk controller`) holds this lock; mkapply finding it held
 * by a running `mk controller` lets that one reconcile and only watches.
 */
export const CONTROLLER_LOCK = "controller";

export type ControllerLock = { held: HeldLock } | { heldBy: LockInfo };

/** Takes the controller lock, taking over one whose holder process is gone from this host. */
export async function takeControllerLock(store: Store, operation: string, timeoutMs = 0, onWait?: (holder: LockInfo) => void): Promise<ControllerLock> {
  const actor = currentActor();
  for (let attempt = 0; ; attempt++) {
    try {
      return { held: await store.acquireLock({ name: CONTROLLER_LOCK, holder: { ...actor, operation }, timeoutMs, ...(onWait ? { onWait: (e) => onWait(e.holder) } : {}) }) };
    } catch (e) {
      if (!(e instanceof LockHeldError)) throw e;
      // Only a loop that runs can reconcile: a dead holder's lock means nothing (unlike the apply lock, it guards no half-written state).
      if (e.liveness === "dead" && attempt === 0) {
        await store.forceUnlock(e.holder.id).catch(() => undefined);
        continue;
      }
      return { heldBy: e.holder };
    }
  }
}
