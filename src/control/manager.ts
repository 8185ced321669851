import { performance } from "node:perf_hooks";
import type { JsonObject } from "../schema/json.js";
import { groupOf, isStoreError, refOf, systemClock, type Change, type Clock, type ObjectRef, type Store } from "../store/index.js";
import type { ControlContext, ReconcileOutcome, Reconciler, Watch } from "./reconciler.js";
import { FailureBackoff, queueKey, WorkQueue } from "./work-queue.js";

export interface ControlLoopOptions {
  store: Store;
  reconcilers: Reconciler[];
  /** The time reconcilers read (ctx.clock). Timers (requeueAfterMs, back-off) run on real time. */
  clock?: Clock;
  /** How often the store's change feed is polled when idle (default 50 ms). */
  pollMs?: number;
  log?: (message: string) => void;
  /** First retry delay after a failed reconcile (default 5 ms, as client-go), doubling per failure. */
  backoffBaseMs?: number;
  /** Cap of the retry delay (default 10 s; client-go's 1000 s is too long for one machine). */
  backoffMaxMs?: number;
}

export interface ControlLoopError {
  reconciler: string;
  key: ObjectRef;
  error: unknown;
  at: Date;
}

export interface ControlLoop {
  /** Lets running reconciles finish, starts no new one, stops timers, pollers and reconcilers' own wake-ups. */
  stop(): Promise<void>;
  /** Queues a key for the named reconciler (as a watch would). */
  enqueue(reconciler: string, key: ObjectRef): void;
  /**
   * Resolves when the change feed is caught up, no key is queued or running, and no requeue or
   * retry is due within graceMs (default 0). For tests and for `mk controller --once`.
   */
  settled(graceMs?: number): Promise<void>;
  /** The latest reconcile failures (at most 100, oldest first); conflicts included. */
  readonly errors: readonly ControlLoopError[];
}

const MAX_ERRORS = 100;
const CHANGE_PAGE = 500;

interface Timer {
  due: number;
  handle: ReturnType<typeof setTimeout>;
}

/** One reconciler's queue, timers and workers. */
class ReconcilerRunner {
  readonly queue = new WorkQueue();
  readonly timers = new Map<string, Timer>();
  readonly backoff: FailureBackoff;
  readonly running = new Set<Promise<void>>();

  constructor(
    readonly reconciler: Reconciler,
    backoffBaseMs: number,
    backoffMaxMs: number,
  ) {
    this.backoff = new FailureBackoff(backoffBaseMs, backoffMaxMs);
  }

  get concurrency(): number {
    return Math.max(1, this.reconciler.concurrency ?? 1);
  }

  /** The primary kind: the watch without a key mapping (else the first). */
  get primary(): Watch | undefined {
    return this.reconciler.watches.find((w) => w.keys === undefined) ?? this.reconciler.watches[0];
  }

  nextTimerDue(): number | undefined {
    let earliest: number | undefined;
    for (const t of this.timers.values()) if (earliest === undefined || t.due < earliest) earliest = t.due;
    return earliest;
  }
}

function watchMatches(watch: Watch, object: JsonObject): boolean {
  return object.kind === watch.kind && typeof object.apiVersion === "string" && groupOf(object.apiVersion) === groupOf(watch.apiVersion);
}

/** MK_TRACE_RECONCILE=1: every reconcile on standard error with its start, duration and outcome (as MK_TRACE_PODMAN does for podman calls). */
const traceReconciles = process.env.MK_TRACE_RECONCILE === "1";

function traceReconcile(reconciler: string, key: ObjectRef, startedAt: number, outcome: "ok" | "failed"): void {
  const ms = Math.round(performance.now() - startedAt);
  process.stderr.write(`[reconcile +${(startedAt / 1000).toFixed(3)}s ${ms} ms] ${reconciler} ${key.kind} ${key.namespace ? `${key.namespace}/` : ""}${key.name} ${outcome}\n`);
}

/**
 * The control loop: Kubernetes' informers and workqueues over the store. It lists every watched
 * kind once, then follows the store's change feed, maps each change through the reconcilers'
 * watches to keys, and runs each reconciler's keys through a de-duplicating queue with requeue
 * timers and rate-limited retries. Level-triggered: a missed or repeated change costs a reconcile,
 * never correctness.
 */
export function startControlLoop(options: ControlLoopOptions): ControlLoop {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 50;
  const log = options.log ?? (() => {});
  const abort = new AbortController();
  const errors: ControlLoopError[] = [];
  const runners = new Map<string, ReconcilerRunner>();
  for (const r of options.reconcilers) {
    if (runners.has(r.name)) throw new Error(`two reconcilers are named ${r.name}`);
    runners.set(r.name, new ReconcilerRunner(r, options.backoffBaseMs ?? 5, options.backoffMaxMs ?? 10_000));
  }

  const ctxFor = (r: Reconciler): ControlContext => ({
    store,
    clock,
    signal: abort.signal,
    log: (m) => log(`${r.name}: ${m}`),
    recordEvent: async (event) => {
      await store.recordEvent(event);
    },
  });
  const contexts = new Map<string, ControlContext>([...runners.values()].map((r) => [r.reconciler.name, ctxFor(r.reconciler)]));

  let stopped = false;
  /** Where the change feed continues; undefined until the first list. */
  let feedVersion: string | undefined;
  /** The last pump saw no new changes. */
  let caughtUp = false;
  /** Counts finished reconciles: a pump proves the feed caught up only if none finished after it began. */
  let finishedReconciles = 0;
  let caughtUpAt = -1;
  let pumping: Promise<void> = Promise.resolve();
  let pollHandle: ReturnType<typeof setTimeout> | undefined;
  const resyncHandles: ReturnType<typeof setInterval>[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  const waiters = new Set<() => void>();

  const notify = (): void => {
    for (const w of [...waiters]) w();
  };

  const recordError = (reconciler: string, key: ObjectRef, error: unknown): void => {
    errors.push({ reconciler, key, error, at: new Date() });
    if (errors.length > MAX_ERRORS) errors.splice(0, errors.length - MAX_ERRORS);
  };

  const enqueueTo = (runner: ReconcilerRunner, key: ObjectRef): void => {
    if (stopped) return;
    runner.queue.add(key);
    drain(runner);
  };

  const requeueAfter = (runner: ReconcilerRunner, key: ObjectRef, ms: number): void => {
    if (stopped) return;
    const k = queueKey(key);
    const due = Date.now() + Math.max(0, ms);
    const existing = runner.timers.get(k);
    if (existing && existing.due <= due) return;
    if (existing) clearTimeout(existing.handle);
    const handle = setTimeout(() => {
      runner.timers.delete(k);
      enqueueTo(runner, key);
    }, Math.max(0, ms));
    runner.timers.set(k, { due, handle });
  };

  const runOne = async (runner: ReconcilerRunner, key: ObjectRef): Promise<void> => {
    const name = runner.reconciler.name;
    let outcome: ReconcileOutcome | void = undefined;
    const traceStart = traceReconciles ? performance.now() : 0;
    try {
      outcome = await runner.reconciler.reconcile(key, contexts.get(name) as ControlContext);
      if (traceReconciles) traceReconcile(name, key, traceStart, "ok");
      runner.backoff.forget(key);
      if (outcome && typeof outcome.requeueAfterMs === "number" && Number.isFinite(outcome.requeueAfterMs)) {
        requeueAfter(runner, key, outcome.requeueAfterMs);
      }
    } catch (error) {
      if (traceReconciles) traceReconcile(name, key, traceStart, "failed");
      recordError(name, key, error);
      const delay = runner.backoff.next(key);
      if (!isStoreError(error, "Conflict")) {
        log(`${name}: reconciling ${key.kind} ${key.namespace ? `${key.namespace}/` : ""}${key.name} failed (retry in ${delay} ms): ${error instanceof Error ? error.message : String(error)}`);
      }
      requeueAfter(runner, key, delay);
    }
  };

  function drain(runner: ReconcilerRunner): void {
    while (!stopped && runner.running.size < runner.concurrency) {
      const key = runner.queue.take();
      if (!key) break;
      const p: Promise<void> = runOne(runner, key).finally(() => {
        runner.queue.done(key);
        runner.running.delete(p);
        finishedReconciles++;
        // A reconcile usually writes: look at the feed soon rather than at the next poll.
        schedulePump(0);
        drain(runner);
        notify();
      });
      runner.running.add(p);
    }
  }

  /** Maps one object through every watch that matches it and queues the keys. */
  const dispatch = async (object: JsonObject): Promise<void> => {
    for (const runner of runners.values()) {
      for (const watch of runner.reconciler.watches) {
        if (!watchMatches(watch, object)) continue;
        try {
          const keys = watch.keys ? await watch.keys(object, contexts.get(runner.reconciler.name) as ControlContext) : [refOf(object)];
          for (const key of keys) enqueueTo(runner, key);
        } catch (error) {
          recordError(runner.reconciler.name, refOf(object), error);
          log(`${runner.reconciler.name}: mapping ${String(object.kind)} ${refOf(object).name} to keys failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  };

  /** Lists every watched kind (at start, and when the feed was compacted away under us). */
  const listAll = async (): Promise<void> => {
    const from = await store.currentResourceVersion();
    const kinds = new Map<string, Watch>();
    for (const runner of runners.values()) for (const w of runner.reconciler.watches) kinds.set(`${groupOf(w.apiVersion)}/${w.kind}`, w);
    for (const w of kinds.values()) {
      const list = await store.list({ apiVersion: w.apiVersion, kind: w.kind });
      for (const object of list.items) await dispatch(object);
    }
    feedVersion = from;
  };

  const pumpOnce = async (): Promise<void> => {
    if (stopped) return;
    const startedAt = finishedReconciles;
    if (feedVersion === undefined) {
      await listAll();
      caughtUp = false;
      return;
    }
    let sawChanges = false;
    for (;;) {
      let batch;
      try {
        batch = await store.changes({ sinceResourceVersion: feedVersion, limit: CHANGE_PAGE });
      } catch (error) {
        if (isStoreError(error, "Gone")) {
          log(`change feed: ${error.message}; listing again`);
          feedVersion = undefined;
          await listAll();
          caughtUp = false;
          return;
        }
        throw error;
      }
      for (const change of batch.changes as Change[]) await dispatch(change.object);
      if (batch.changes.length > 0) sawChanges = true;
      feedVersion = batch.resourceVersion;
      if (!batch.more || stopped) break;
    }
    caughtUp = !sawChanges;
    caughtUpAt = startedAt;
  };

  /** Pumps are serialized: one reader of the feed at a time. */
  const pump = (): Promise<void> => {
    pumping = pumping
      .then(pumpOnce)
      .catch((error: unknown) => log(`change feed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(notify);
    return pumping;
  };

  function schedulePump(ms: number): void {
    if (stopped) return;
    if (pollHandle !== undefined) {
      if (ms > 0) return;
      clearTimeout(pollHandle);
    }
    pollHandle = setTimeout(() => {
      pollHandle = undefined;
      void pump().finally(() => schedulePump(pollMs));
    }, ms);
  }

  const isIdle = (graceMs: number): boolean => {
    if (!caughtUp || caughtUpAt !== finishedReconciles || feedVersion === undefined) return false;
    const horizon = Date.now() + graceMs;
    for (const runner of runners.values()) {
      if (runner.queue.length > 0 || runner.running.size > 0) return false;
      const due = runner.nextTimerDue();
      if (due !== undefined && due <= horizon) return false;
    }
    return true;
  };

  // Start: reconcilers' own wake-ups, the first list, the poller, the resyncs.
  for (const runner of runners.values()) {
    const r = runner.reconciler;
    if (r.start) {
      const stopper = r.start(contexts.get(r.name) as ControlContext, (key) => enqueueTo(runner, key));
      stoppers.push(stopper);
    }
    const primary = runner.primary;
    if (r.resyncMs && r.resyncMs > 0 && primary) {
      resyncHandles.push(
        setInterval(() => {
          void store
            .list({ apiVersion: primary.apiVersion, kind: primary.kind })
            .then((list) => {
              for (const o of list.items) enqueueTo(runner, refOf(o));
            })
            .catch((error: unknown) => log(`${r.name}: resync failed: ${error instanceof Error ? error.message : String(error)}`));
        }, r.resyncMs),
      );
    }
  }
  schedulePump(0);

  return {
    errors,
    enqueue(reconciler, key) {
      const runner = runners.get(reconciler);
      if (!runner) throw new Error(`no reconciler named ${reconciler} in this control loop`);
      enqueueTo(runner, key);
    },
    async settled(graceMs = 0) {
      for (;;) {
        if (stopped) return;
        await pump();
        if (isIdle(graceMs)) return;
        // Wait for a reconcile to finish, a timer to fire or a little while (other writers).
        await new Promise<void>((resolve) => {
          const done = (): void => {
            waiters.delete(done);
            clearTimeout(t);
            resolve();
          };
          const t = setTimeout(done, Math.max(5, Math.min(pollMs, 25)));
          waiters.add(done);
        });
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      if (pollHandle !== undefined) clearTimeout(pollHandle);
      for (const h of resyncHandles) clearInterval(h);
      for (const runner of runners.values()) {
        for (const t of runner.timers.values()) clearTimeout(t.handle);
        runner.timers.clear();
      }
      await pumping.catch(() => {});
      await Promise.allSettled([...runners.values()].flatMap((r) => [...r.running]));
      for (const s of stoppers) {
        try {
          await s();
        } catch (error) {
          log(`stopping: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      notify();
    },
  };
}
