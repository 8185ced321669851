/**
 * Following objects in the store until they are done: the wait of mkapply, and the watch of
 * `mk rollout status -w` and `mk get -w`. It reads the change feed and the Events, works out each
 * object's progress by its kind's wait rule (./progress.ts) and emits what changed as ApplyEvents,
 * so all three commands are drawn by the same renderers.
 */
import type { JsonObject } from "../schema/json.js";
import type { PlanAction } from "../plan/index.js";
import type { Clock, ObjectRef, Store } from "../store/index.js";
import type { ApplyEvent, ApplyOutcomeKind, ObjectOutcome } from "./events.js";
import { obj, str } from "./pods.js";
import { objectProgress } from "./progress.js";
import type { ObjectProgress } from "./progress-model.js";
import { gatherRelated, remainingDependents } from "./related.js";

/** One object to follow. */
export interface FollowTarget {
  address: string;
  ref: Required<ObjectRef>;
  /** A delete waits for the object and its dependents to go; anything else for its wait rule. */
  action: PlanAction;
  /** The uid the object had before (deletions and replacements wait for that one's dependents). */
  previousUid?: string;
  /** spec.progressDeadlineSeconds of the written object: the stall backstop is never shorter. */
  progressDeadlineSeconds?: number;
}

export interface ObjectResult {
  address: string;
  outcome: ObjectOutcome;
  message: string;
}

export interface FollowOptions {
  store: Store;
  targets: readonly FollowTarget[];
  emit: (event: ApplyEvent) => void;
  clock: Clock;
  /** When the wait began (the apply's start): timeouts and elapsed times count from it. */
  started: number;
  /** The whole wait; Infinity for none. */
  timeoutMs: number;
  /** An object whose progress does not move for this long times out (default 10 minutes). */
  progressDeadlineMs?: number;
  /** How often the store is read for changes (default 200 ms). */
  pollMs?: number;
  /** Ctrl-C: the objects still open end `interrupted`. */
  signal?: AbortSignal;
  /**
   * `mk get -w`: objects never end by themselves (a converged Deployment may be scaled next);
   * only the signal ends the watch.
   */
  untilStopped?: boolean;
  /**
   * `mk rollout status`: a paused Deployment part-way through a rollout is waited for (kubectl's
   * rollout status waits for the resume), where mkapply takes it as done.
   */
  waitWhilePaused?: boolean;
  /** `mk get -w`: asked after every change for objects that appeared; they are followed too. */
  discover?: (known: ReadonlySet<string>) => Promise<FollowTarget[]>;
}

interface Tracked {
  target: FollowTarget;
  /** Dependents of the previous object seen so far (./related.ts remainingDependents). */
  dependents: Set<string>;
  last?: ObjectProgress;
  lastKey?: string;
  lastMovedAt: number;
  done?: ObjectResult;
}

/** Waits, reading the store's change feed, until every target is done; their results in target order. */
export async function followObjects(options: FollowOptions): Promise<ObjectResult[]> {
  const { store, clock, emit } = options;
  const time = () => clock.now().toISOString();
  const pollMs = options.pollMs ?? 200;
  const deadline = options.started + options.timeoutMs;
  const stallMs = options.progressDeadlineMs ?? 600_000;
  const tracked: Tracked[] = options.targets.map((target) => ({ target, dependents: new Set(), lastMovedAt: options.started }));
  let changesSince = await store.currentResourceVersion();
  let eventsSince = changesSince;
  const warnings: JsonObject[] = [];
  const addressOfUid = new Map<string, string>();
  let first = true;

  const complete = (t: Tracked, outcome: ObjectOutcome, message: string) => {
    t.done = { address: t.target.address, outcome, message };
    emit({ type: "object_done", time: time(), address: t.target.address, outcome, message, elapsedMs: clock.now().getTime() - options.started });
  };

  for (;;) {
    const open = tracked.filter((t) => !t.done);
    if (open.length === 0) break;
    if (options.signal?.aborted) {
      for (const t of open) complete(t, "interrupted", t.last?.message ?? "not started");
      break;
    }
    const batch = await store.changes({ sinceResourceVersion: changesSince, limit: 1 });
    const moved = first || batch.changes.length > 0;
    if (batch.changes.length > 0) changesSince = await store.currentResourceVersion();
    first = false;
    if (moved && options.discover) {
      const known = new Set(tracked.map((t) => t.target.address));
      for (const target of await options.discover(known)) {
        if (!known.has(target.address)) tracked.push({ target, dependents: new Set(), lastMovedAt: clock.now().getTime() });
      }
    }

    const events = (await store.listEvents({ sinceResourceVersion: eventsSince })).items;
    if (events.length > 0) eventsSince = await store.currentResourceVersion();
    // Warnings first: a Warning Event may be what explains (and fails) a stuck pod.
    for (const event of events) if (event.type === "Warning") warnings.push(event);

    if (moved || events.length > 0) {
      for (const t of tracked.filter((x) => !x.done)) {
        const progress = await progressOf(store, t, warnings, addressOfUid, clock.now(), options.waitWhilePaused === true);
        const key = JSON.stringify(progress);
        if (key === t.lastKey) continue;
        t.lastKey = key;
        t.last = progress;
        t.lastMovedAt = clock.now().getTime();
        emit({ type: "object_progress", time: time(), address: t.target.address, state: progress.state, message: progress.message, ...(progress.rollout ? { rollout: progress.rollout } : {}) });
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

    if (!options.untilStopped) {
      const now = clock.now().getTime();
      for (const t of tracked.filter((x) => !x.done)) {
        if (t.last?.state === "converged") complete(t, "converged", t.last.message);
        else if (t.last?.state === "failed") complete(t, "failed", t.last.message);
        else if (now >= deadline) complete(t, "timed_out", `timed out after ${formatDuration(options.timeoutMs)} (--timeout): ${t.last?.message ?? "no progress"}`);
        else if (now - t.lastMovedAt >= stallDeadline(t.target, stallMs)) complete(t, "timed_out", `no progress for ${formatDuration(stallDeadline(t.target, stallMs))}: ${t.last?.message ?? "no progress"}`);
      }
      if (tracked.every((t) => t.done)) break;
    }
    if (!batch.more) await pause(pollMs, options.signal);
  }
  return tracked.map((t) => t.done as ObjectResult);
}

/** How a wait ended as a whole, and the message naming every object that did not converge. */
export function followOutcome(objects: readonly ObjectResult[]): { outcome: Exclude<ApplyOutcomeKind, "written" | "error">; message?: string } {
  const outcome = objects.some((o) => o.outcome === "interrupted")
    ? "interrupted"
    : objects.some((o) => o.outcome === "failed")
      ? "failed"
      : objects.some((o) => o.outcome === "timed_out")
        ? "timed_out"
        : "converged";
  const bad = objects.filter((o) => o.outcome !== "converged");
  return bad.length === 0 ? { outcome } : { outcome, message: bad.map((o) => `${o.address}: ${o.message}`).join("\n") };
}

function stallDeadline(target: FollowTarget, fallbackMs: number): number {
  const seconds = target.progressDeadlineSeconds;
  // The Deployment controller reports its own deadline (ProgressDeadlineExceeded); this is the backstop.
  return seconds !== undefined ? Math.max(fallbackMs, seconds * 1000 + 30_000) : fallbackMs;
}

async function progressOf(store: Store, t: Tracked, warnings: readonly JsonObject[], addressOfUid: Map<string, string>, now: Date, waitWhilePaused: boolean): Promise<ObjectProgress> {
  const { address, previousUid, action, ref } = t.target;
  const leftover = previousUid ? await remainingDependents(store, previousUid, t.dependents) : [];
  for (const d of leftover) addressOfUid.set(str(obj(d.metadata).uid) ?? "", address);
  if (action === "delete") {
    const still = previousUid ? await store.getByUid(previousUid) : undefined;
    if (still) return { state: "progressing", message: "Waiting for the object to be deleted (finalizers)..." };
    if (leftover.length > 0) return { state: "progressing", message: `Waiting for ${leftover.length} dependent object${leftover.length === 1 ? "" : "s"} to be deleted...` };
    return { state: "converged", message: "deleted" };
  }
  const current = await store.get(ref);
  if (!current) return { state: "pending", message: "not in the store" };
  const gathered = await gatherRelated(store, current);
  for (const uid of gathered.uids) addressOfUid.set(uid, address);
  const progress = objectProgress(current, { ...gathered.related, warnings }, now);
  if (progress.paused && waitWhilePaused) return { ...progress, state: "progressing", message: progress.paused.waitingMessage };
  if (progress.state === "converged" && leftover.length > 0) {
    return { ...progress, state: "progressing", message: `Waiting for the replaced object's ${leftover.length} dependent object${leftover.length === 1 ? "" : "s"} to be deleted...` };
  }
  return progress;
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
