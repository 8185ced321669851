import type { JsonObject } from "../schema/json.js";
import type { Clock, EventInput, ObjectRef, Store } from "../store/index.js";

/**
 * The contract between the control loop (./manager.ts) and everything it drives: the workload
 * controllers (src/controllers/), the kubelet analog (src/kubelet/) and the Service endpoints.
 *
 * A reconciler is level-triggered, as Kubernetes' controllers are: it is handed the key of one
 * object, reads the store (and, for the kubelet, podman) as they are now, and moves the world one
 * step towards the object's spec. It never relies on having seen an earlier change: after a crash
 * half-way, running it again converges. The loop calls it again when a watched object changes,
 * when it asks to be requeued, and on every resync.
 */
export interface Reconciler {
  /** `replicaset-controller`, `deployment-controller`, `kubelet`: also the Events' source component. */
  readonly name: string;
  /** The store changes that wake this reconciler, and which keys they wake. */
  readonly watches: readonly Watch[];
  /**
   * How many keys this reconciler may work on at once (default 1). One key is never reconciled
   * twice at the same time.
   */
  readonly concurrency?: number;
  /** Reconcile every key of the primary kind this often even without changes (default: never). */
  readonly resyncMs?: number;
  reconcile(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void>;
  /**
   * Wake-ups from outside the store, started with the loop: the kubelet polls podman and its
   * probe timers fire; `wake` enqueues a key of this reconciler. Returns the function that stops them.
   */
  start?(ctx: ControlContext, wake: (key: ObjectRef) => void): () => Promise<void>;
}

export interface Watch {
  /** `apps/v1`; matched by API group, so `autoscaling/v1` and `/v2` are one kind. */
  apiVersion: string;
  kind: string;
  /**
   * The keys a changed object wakes (for DELETED changes, `object` is the object as removed).
   * Absent: the object's own key (the reconciler's primary kind). Controllers map a Pod to its
   * controller owner; the ReplicaSet controller also maps an orphan Pod to the ReplicaSets whose
   * selector matches it (adoption).
   */
  keys?: (object: JsonObject, ctx: ControlContext) => ObjectRef[] | Promise<ObjectRef[]>;
}

export interface ReconcileOutcome {
  /**
   * Reconcile this key again after this long even if nothing changes (back-off expiry,
   * minReadySeconds, a probe period, the next cron time). The earliest request wins.
   */
  requeueAfterMs?: number;
}

export interface ControlContext {
  store: Store;
  /** Every time a reconciler reads comes from here, so unit tests run on a fake clock. */
  clock: Clock;
  /** Records a Kubernetes Event (de-duplicated by the store: repeats count up). */
  recordEvent(event: EventInput): Promise<void>;
  /** Aborted when the loop is asked to stop (Ctrl-C): finish the current step, start no new one. */
  signal: AbortSignal;
  /** Progress and problems for people (`--verbose`); never required for correctness. */
  log(message: string): void;
}

/** The uid of the controller owner (ownerReferences[].controller true), if any. */
export function controllerOwner(object: JsonObject): { apiVersion: string; kind: string; name: string; uid: string } | undefined {
  const metadata = object.metadata as JsonObject | undefined;
  const refs = Array.isArray(metadata?.ownerReferences) ? (metadata.ownerReferences as JsonObject[]) : [];
  const ref = refs.find((r) => r.controller === true);
  if (!ref) return undefined;
  return { apiVersion: String(ref.apiVersion), kind: String(ref.kind), name: String(ref.name), uid: String(ref.uid) };
}
