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
import { APPLY_EVENTS_VERSION, countsOf, type ApplyEvent, type ApplyEventSink, type ApplyOutcomeKind, type ObjectOutcome, type PlannedObject } from "./events.js";
import { obj, str } from "./pods.js";
import { objectProgress } from "./progress.js";
import type { ObjectProgress } from "./progress-model.js";
import { gatherRelated, remainingDependents } from "./related.js";

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

export interface ObjectResult {
  address: string;
  outcome: ObjectOutcome;
  message: string;
}

export interface ExecuteResult {
  outcome: ApplyOutcomeKind;
  /** 0: written (--no-wait) or converged; 1: anything else. */
  exitCode: 0 | 1;
  /** Why nothing could be written: the lock, a stale plan, the store. */
  diagnostic?: Diagnostic;
  objects: ObjectResult[];
}

interface Tracked {
  change: ObjectChange;
  /** The uid the object had before the apply (deletions and replacements wait for its dependents). */
  previousUid?: string;
  /** Dependents of the previous object seen so far (./related.ts remainingDependents). */
  dependents: Set<string>;
  last?: ObjectProgress;
  lastKey?: string;
  lastMovedAt: number;
  done?: ObjectResult;
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
    const tracked: Tracked[] = [];
    for (const change of plan.changes) {
      const before = change.action === "delete" || change.action === "replace" ? await store.get(change.ref) : undefined;
      const previousUid = before ? str(obj(before.metadata).uid) : undefined;
      tracked.push({ change, lastMovedAt: started, dependents: new Set(), ...(previousUid ? { previousUid } : {}) });
    }
    const wait = options.wait ?? true;
    const timeoutMs = options.timeoutMs ?? 300_000;
    emit({ type: "apply_started", time: time(), wait, timeoutMs });

    const written = await applyPlanToStore(plan, store, { heldLock: lock, actor, operation: options.operation ?? "mkapply", ...(options.planDigest ? { planDigest: options.planDigest } : {}) });
    if (!written.ok) return finish("error", [], written.diagnostic.message, written.diagnostic);
    for (const t of tracked) if (t.change.action !== "no-op") emit({ type: "object_written", time: time(), address: t.change.address, action: t.change.action });
    if (!wait) return finish("written", []);

    const controllers = options.startControllers ? await options.startControllers(store) : undefined;
    try {
      return await follow({ ...options, clock, timeoutMs, started, tracked, emit, finish });
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

interface FollowContext extends ExecuteOptions {
  clock: Clock;
  timeoutMs: number;
  started: number;
  tracked: Tracked[];
  emit: (event: ApplyEvent) => void;
  finish: (outcome: ApplyOutcomeKind, objects: ObjectResult[], message?: string) => ExecuteResult;
}

/** Waits, reading the store's change feed, until every tracked object is done. */
async function follow(ctx: FollowContext): Promise<ExecuteResult> {
  const { store, clock, tracked, emit } = ctx;
  const time = () => clock.now().toISOString();
  const pollMs = ctx.pollMs ?? 200;
  const deadline = ctx.started + ctx.timeoutMs;
  const stallMs = ctx.progressDeadlineMs ?? 600_000;
  let changesSince = await store.currentResourceVersion();
  let eventsSince = await store.currentResourceVersion();
  const warnings: JsonObject[] = [];
  const addressOfUid = new Map<string, string>();
  let first = true;

  const complete = (t: Tracked, outcome: ObjectOutcome, message: string) => {
    t.done = { address: t.change.address, outcome, message };
    emit({ type: "object_done", time: time(), address: t.change.address, outcome, message, elapsedMs: clock.now().getTime() - ctx.started });
  };

  for (;;) {
    const open = tracked.filter((t) => !t.done);
    if (open.length === 0) break;
    if (ctx.signal?.aborted) {
      for (const t of open) complete(t, "interrupted", t.last?.message ?? "not started");
      break;
    }
    const batch = await store.changes({ sinceResourceVersion: changesSince, limit: 1 });
    const moved = first || batch.changes.length > 0;
    if (batch.changes.length > 0) changesSince = await store.currentResourceVersion();
    first = false;

    const events = (await store.listEvents({ sinceResourceVersion: eventsSince })).items;
    if (events.length > 0) eventsSince = await store.currentResourceVersion();
    // Warnings first: a Warning Event may be what explains (and fails) a stuck pod.
    for (const event of events) if (event.type === "Warning") warnings.push(event);

    if (moved || events.length > 0) {
      for (const t of open) {
        const progress = await progressOf(store, t, warnings, addressOfUid, clock.now());
        const key = JSON.stringify(progress);
        if (key === t.lastKey) continue;
        t.lastKey = key;
        t.last = progress;
        t.lastMovedAt = clock.now().getTime();
        emit({ type: "object_progress", time: time(), address: t.change.address, state: progress.state, message: progress.message, ...(progress.rollout ? { rollout: progress.rollout } : {}) });
      }
    }
    for (const event of events) {
      const involved = obj(event.involvedObject);
      const address = addressOfUid.get(str(involved.uid) ?? "");
      if (!address) continue;
      emit({
        type: "k8s_event",
        time: time(),
        address,
        involved: `${str(involved.kind) ?? "?"}/${str(involved.name) ?? "?"}`,
        eventType: event.type === "Warning" ? "Warning" : "Normal",
        reason: str(event.reason) ?? "",
        message: str(event.message) ?? "",
        count: typeof event.count === "number" ? event.count : 1,
        source: str(obj(event.source).component) ?? "",
      });
    }

    const now = clock.now().getTime();
    for (const t of tracked.filter((x) => !x.done)) {
      if (t.last?.state === "converged") complete(t, "converged", t.last.message);
      else if (t.last?.state === "failed") complete(t, "failed", t.last.message);
      else if (now >= deadline) complete(t, "timed_out", `timed out after ${formatDuration(ctx.timeoutMs)} (--timeout): ${t.last?.message ?? "no progress"}`);
      else if (now - t.lastMovedAt >= stallDeadline(t, stallMs)) complete(t, "timed_out", `no progress for ${formatDuration(stallDeadline(t, stallMs))}: ${t.last?.message ?? "no progress"}`);
    }
    if (tracked.every((t) => t.done)) break;
    if (!batch.more) await pause(pollMs, ctx.signal);
  }

  const objects = tracked.map((t) => t.done as ObjectResult);
  const outcome: ApplyOutcomeKind = objects.some((o) => o.outcome === "interrupted")
    ? "interrupted"
    : objects.some((o) => o.outcome === "failed")
      ? "failed"
      : objects.some((o) => o.outcome === "timed_out")
        ? "timed_out"
        : "converged";
  const bad = objects.filter((o) => o.outcome !== "converged");
  const message = bad.length === 0 ? undefined : bad.map((o) => `${o.address}: ${o.message}`).join("\n");
  return ctx.finish(outcome, objects, message);
}

function stallDeadline(t: Tracked, fallbackMs: number): number {
  const seconds = obj(t.change.write?.spec).progressDeadlineSeconds;
  // The Deployment controller reports its own deadline (ProgressDeadlineExceeded); this is the backstop.
  return typeof seconds === "number" ? Math.max(fallbackMs, seconds * 1000 + 30_000) : fallbackMs;
}

async function progressOf(store: Store, t: Tracked, warnings: readonly JsonObject[], addressOfUid: Map<string, string>, now: Date): Promise<ObjectProgress> {
  const address = t.change.address;
  const leftover = t.previousUid ? await remainingDependents(store, t.previousUid, t.dependents) : [];
  for (const d of leftover) addressOfUid.set(str(obj(d.metadata).uid) ?? "", address);
  if (t.change.action === "delete") {
    const still = t.previousUid ? await store.getByUid(t.previousUid) : undefined;
    if (still) return { state: "progressing", message: "Waiting for the object to be deleted (finalizers)..." };
    if (leftover.length > 0) return { state: "progressing", message: `Waiting for ${leftover.length} dependent object${leftover.length === 1 ? "" : "s"} to be deleted...` };
    return { state: "converged", message: "deleted" };
  }
  const current = await store.get(t.change.ref);
  if (!current) return { state: "pending", message: "not in the store" };
  const gathered = await gatherRelated(store, current);
  for (const uid of gathered.uids) addressOfUid.set(uid, address);
  const progress = objectProgress(current, { ...gathered.related, warnings }, now);
  if (progress.state === "converged" && leftover.length > 0) {
    return { ...progress, state: "progressing", message: `Waiting for the replaced object's ${leftover.length} dependent object${leftover.length === 1 ? "" : "s"} to be deleted...` };
  }
  return progress;
}

function plannedObject(change: ObjectChange): PlannedObject {
  return { address: change.address, apiVersion: change.ref.apiVersion, kind: change.ref.kind, namespace: change.ref.namespace, name: change.ref.name, action: change.action };
}

/** `5m0s`, `30s`, `1m30s` (Go's time.Duration text, as Kubernetes prints durations). */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
