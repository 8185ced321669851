import { lockHeldMessage, type HolderLiveness, type LockInfo } from "./lock.js";

/**
 * Why a store operation failed, named after the Kubernetes API status reasons where one exists
 * (NotFound, AlreadyExists, Conflict, Invalid, Gone) so that controllers can branch on them as
 * client-go callers do with `apierrors.IsConflict`.
 */
export type StoreErrorReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "Gone"
  | "SchemaTooNew"
  | "NotAStore"
  | "LockHeld"
  | "LockNotFound"
  | "Busy";

/**
 * A store operation that could not be done. Store operations throw these (unlike the compiler,
 * which returns diagnostics as values) because a throw is what rolls back a transaction: a
 * conflict half-way through a plan must undo the writes before it.
 */
export class StoreError extends Error {
  readonly reason: StoreErrorReason;

  constructor(reason: StoreErrorReason, message: string) {
    super(message);
    this.name = "StoreError";
    this.reason = reason;
  }
}

/** A compare-and-swap failure: the object changed since the caller read it. */
export class ConflictError extends StoreError {
  readonly expectedResourceVersion: string;
  readonly currentResourceVersion: string;

  constructor(object: string, expected: string, current: string) {
    super(
      "Conflict",
      `conflict on ${object}: expected resourceVersion ${expected} but the stored object is at resourceVersion ${current}; read it again and retry`,
    );
    this.expectedResourceVersion = expected;
    this.currentResourceVersion = current;
  }
}

/** Another process holds the lock: who, since when, and whether it still runs (see ./lock.ts). */
export class LockHeldError extends StoreError {
  readonly holder: LockInfo;
  readonly liveness: HolderLiveness;
  /** How long the caller waited (--lock-timeout) before giving up; 0 when it did not wait. */
  readonly waitedMs: number;

  constructor(holder: LockInfo, liveness: HolderLiveness, waitedMs: number, now: Date) {
    super("LockHeld", lockHeldMessage(holder, liveness, now, waitedMs));
    this.holder = holder;
    this.liveness = liveness;
    this.waitedMs = waitedMs;
  }

  /** The holder ran on this host and its process is gone: waiting will not help. */
  get stale(): boolean {
    return this.liveness === "dead";
  }
}

export function isStoreError(value: unknown, reason?: StoreErrorReason): value is StoreError {
  return value instanceof StoreError && (reason === undefined || value.reason === reason);
}

export function isConflict(value: unknown): value is ConflictError {
  return value instanceof ConflictError;
}

export function isNotFound(value: unknown): value is StoreError {
  return isStoreError(value, "NotFound");
}
