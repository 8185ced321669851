/**
 * The executor behind mkapply: holds the apply lock, writes the plan (applyPlanToStore: one
 * transaction, stale plans refused, recorded in the apply history), then runs the controllers and
 * follows the store until every planned object is converged, failed or timed out. Everything it
 * reports goes out as ApplyEvents (./events.ts).
 *
 * Crash safety comes from the store: what was written is there, and the controllers are level-
 * triggered, so a rerun (or `mk controller`) converges without anything this process kept in memory.
 */
import { error, type Diagnostic } from "../diag/diagnostic.js";
import type { JsonObject } from "../schema/json.js";
import { applyPlanToStore, type ObjectChange, type Plan } from "../plan/index.js";
import { APPLY_LOCK, currentActor, isStoreError, storeErrorDiagnostic, systemClock, type Actor, type Clock, type HeldLock, type LockHeldError, type Store } from "../store/index.js";
import { ApplyCode } from "./codes.js";
import { APPLY_EVENTS_VERSION, countsOf, type ApplyEvent, type ApplyEventSink, type ApplyOutcomeKind, type PlannedObject } from "./events.js";
import { followObjects, followOutcome, type FollowTarget, type ObjectResult } from "./follow.js";
import { obj, str } from "./pods.js";

export type { ObjectResult } from "./follow.js";

/** What runs the controllers while mkapply waits: the CLI starts the full control plane. */
export interface RunningControllers {
  stop(): Promise<void>;
}

export interface ExecuteOptions {
  plan: Plan;
  store: Store;
  emit: ApplyEventSink;
  /** Starts the control loop; called once the plan is written (not with wait false). */
  startControllers?: (store: Store) => Promise<RunningControllers> | RunningControllers;
  /** Wait for convergence (default true); false is `--no-wait`. */
  wait?: boolean;
  /** `--timeout`: the whole wait (default 5 minutes). */
  timeoutMs?: number;
  /**
   * An object whose progress does not move for this long times out on its own (default 10
   * minutes; a Deployment's spec.progressDeadlineSeconds is its controller's business).
   */
  progressDeadlineMs?: number;
  /** The apply lock when the caller took it already (mkapply holds it from planning on); not released here. */
  heldLock?: HeldLock;
  lockTimeoutMs?: number;
  onLockWait?: (held: LockHeldError) => void | Promise<void>;
  /** Ctrl-C: stop waiting, stop the controllers cleanly, report what was left in progress. */
  signal?: AbortSignal;
  clock?: Clock;
  /** How often the store is read for changes while waiting (default 200 ms). */
  pollMs?: number;
  planDigest?: string;
  actor?: Actor;
  /** The lock holder's operation (`mkapply`, `mk destroy`). */
  operation?: string;
}

export interface ExecuteResult {
  outcome: ApplyOutcomeKind;
  /** 0: written (--no-wait) or converged; 1: anything else. */
  exitCode: 0 | 1;
  /** Why nothing could be written: the lock, a stale plan, the store. */
  diagnostic?: Diagnostic;
  objects: ObjectResult[];
}

export async function executePlan(options: ExecuteOptions): Promise<ExecuteResult> {
  const clock = options.clock ?? systemClock;
  const { plan, store } = options;
  const started = clock.now().getTime();
  const time = () => clock.now().toISOString();
  const emit = (event: ApplyEvent) => options.emit(event);
  const counts = countsOf(plan.changes);
  emit({ type: "plan", time: time(), version: APPLY_EVENTS_VERSION, configuration: plan.configuration, mode: plan.mode, objects: plan.changes.map(plannedObject), counts });

  const finish = (outcome: ApplyOutcomeKind, objects: ObjectResult[], message?: string, diagnostic?: Diagnostic): ExecuteResult => {
    const unfinished = objects.filter((o) => o.outcome === "interrupted" || o.outcome === "timed_out").map((o) => o.address);
    emit({ type: "apply_finished", time: time(), outcome, mode: plan.mode, counts, durationMs: clock.now().getTime() - started, unfinished, ...(message ? { message } : {}) });
    return { outcome, exitCode: outcome === "converged" || outcome === "written" ? 0 : 1, objects, ...(diagnostic ? { diagnostic } : {}) };
  };

  const actor = options.actor ?? currentActor();
  let lock: HeldLock;
  try {
    lock = options.heldLock ?? await store.acquireLock({ name: APPLY_LOCK, holder: { ...actor, operation: options.operation ?? "mkapply" }, timeoutMs: options.lockTimeoutMs ?? 0, onWait: options.onLockWait });
  } catch (e) {
    if (!isStoreError(e)) throw e;
    const diagnostic = storeErrorDiagnostic(e);
    return finish("error", [], diagnostic.message, diagnostic);
  }
  try {
    const targets: FollowTarget[] = [];
    for (const change of plan.changes) {
      const before = change.action === "delete" || change.action === "replace" ? await store.get(change.ref) : undefined;
      const previousUid = before ? str(obj(before.metadata).uid) : undefined;
      const deadlineSeconds = obj(change.write?.spec).progressDeadlineSeconds;
      targets.push({
        address: change.address,
        ref: change.ref,
        action: change.action,
        ...(previousUid ? { previousUid } : {}),
        ...(typeof deadlineSeconds === "number" ? { progressDeadlineSeconds: deadlineSeconds } : {}),
      });
    }
    const wait = options.wait ?? true;
    const timeoutMs = options.timeoutMs ?? 300_000;
    emit({ type: "apply_started", time: time(), wait, timeoutMs });

    const written = await applyPlanToStore(plan, store, { heldLock: lock, actor, operation: options.operation ?? "mkapply", ...(options.planDigest ? { planDigest: options.planDigest } : {}) });
    if (!written.ok) return finish("error", [], written.diagnostic.message, written.diagnostic);
    for (const change of plan.changes) if (change.action !== "no-op") emit({ type: "object_written", time: time(), address: change.address, action: change.action });
    if (!wait) return finish("written", []);

    const controllers = options.startControllers ? await options.startControllers(store) : undefined;
    try {
      const objects = await followObjects({
        store,
        targets,
        emit,
        clock,
        started,
        timeoutMs,
        ...(options.progressDeadlineMs !== undefined ? { progressDeadlineMs: options.progressDeadlineMs } : {}),
        ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const { outcome, message } = followOutcome(objects);
      return finish(outcome, objects, message);
    } finally {
      await controllers?.stop();
    }
  } catch (e) {
    const diagnostic = isStoreError(e) ? storeErrorDiagnostic(e) : error(ApplyCode.Internal, `mkapply failed: ${e instanceof Error ? e.message : String(e)}`);
    return finish("error", [], diagnostic.message, diagnostic);
  } finally {
    if (!options.heldLock) await lock.release();
  }
}

function plannedObject(change: ObjectChange): PlannedObject {
  return { address: change.address, apiVersion: change.ref.apiVersion, kind: change.ref.kind, namespace: change.ref.namespace, name: change.ref.name, action: change.action };
}
