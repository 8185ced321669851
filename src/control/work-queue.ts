import type { ObjectRef } from "../store/index.js";
import { groupOf } from "../store/index.js";

/** The queue identity of a key: (group, kind, namespace, name), as the store keys objects. */
export function queueKey(ref: ObjectRef): string {
  return `${groupOf(ref.apiVersion)}\u0000${ref.kind}\u0000${ref.namespace ?? ""}\u0000${ref.name}`;
}

/**
 * client-go's workqueue semantics for one reconciler: a key waiting in the queue is there once
 * however often it is added; a key being processed is never handed out again until it is done, and
 * if it was added meanwhile it is queued again when done (the "dirty" set).
 */
export class WorkQueue {
  private readonly order: string[] = [];
  private readonly waiting = new Map<string, ObjectRef>();
  private readonly processing = new Set<string>();
  /** Keys added while being processed: queued again on done(). */
  private readonly dirty = new Map<string, ObjectRef>();

  add(ref: ObjectRef): void {
    const k = queueKey(ref);
    if (this.processing.has(k)) {
      this.dirty.set(k, ref);
      return;
    }
    if (this.waiting.has(k)) return;
    this.waiting.set(k, ref);
    this.order.push(k);
  }

  /** The next key to work on, marked as processing; undefined when nothing waits. */
  take(): ObjectRef | undefined {
    const k = this.order.shift();
    if (k === undefined) return undefined;
    const ref = this.waiting.get(k) as ObjectRef;
    this.waiting.delete(k);
    this.processing.add(k);
    return ref;
  }

  done(ref: ObjectRef): void {
    const k = queueKey(ref);
    this.processing.delete(k);
    const again = this.dirty.get(k);
    if (again) {
      this.dirty.delete(k);
      this.add(again);
    }
  }

  get length(): number {
    return this.order.length;
  }

  get busy(): number {
    return this.processing.size;
  }
}

/**
 * client-go's per-item exponential failure rate limiter: base × 2^failures, capped. Forget() on
 * success resets it.
 */
export class FailureBackoff {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  /** The delay before retrying this key, counting this failure. */
  next(ref: ObjectRef): number {
    const k = queueKey(ref);
    const n = this.failures.get(k) ?? 0;
    this.failures.set(k, n + 1);
    return Math.min(this.maxMs, this.baseMs * 2 ** Math.min(n, 40));
  }

  forget(ref: ObjectRef): void {
    this.failures.delete(queueKey(ref));
  }

  failuresOf(ref: ObjectRef): number {
    return this.failures.get(queueKey(ref)) ?? 0;
  }
}
