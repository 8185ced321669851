import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { JsonObject } from "../../schema/json.js";
import type { ApplyOutcome, ApplyRecord, ApplyStart } from "../apply-history.js";
import { LockHeldError, StoreError } from "../errors.js";
import type { EventInput } from "../events.js";
import { APPLY_LOCK, holderLiveness, type LockInfo } from "../lock.js";
import type { ObjectRef } from "../object-ref.js";
import type {
  ChangeBatch,
  ChangeQuery,
  CreateOptions,
  DeleteOptions,
  DeleteResult,
  EventQuery,
  HeldLock,
  ListQuery,
  LockRequest,
  ObjectList,
  ObjectStore,
  Store,
  UpdateOptions,
} from "../store.js";
import * as applies from "./applies.js";
import type { SqliteContext } from "./context.js";
import * as events from "./events.js";
import * as locks from "./locks.js";
import * as objects from "./objects.js";
import { parseResourceVersion } from "./resource-version.js";

/** Marks the async work of one transaction; `open` goes false when it ends. */
interface TransactionScope {
  open: boolean;
}

/**
 * The Store on one SQLite connection. better-sqlite3 is synchronous, so every operation is one
 * synchronous step inside its own SQLite transaction (BEGIN IMMEDIATE for writes, so that a
 * writer never has to upgrade a read lock, which is where SQLITE_BUSY escapes the busy timeout).
 * An async `transaction` holds the connection's transaction across awaits: other callers of this
 * object wait for it to end, and operations made from inside it (tracked with AsyncLocalStorage)
 * join it.
 */
export class SqliteStore implements Store {
  private readonly scope = new AsyncLocalStorage<TransactionScope>();
  private activeTransaction: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly ctx: SqliteContext,
    private readonly busyTimeoutMs: number,
  ) {}

  get location(): string {
    return this.ctx.location;
  }

  private inTransaction(): boolean {
    return this.scope.getStore()?.open === true;
  }

  /** Runs one synchronous step once no other transaction of this object is in progress. */
  private async step<T>(mode: "read" | "write", fn: () => T): Promise<T> {
    if (!this.inTransaction()) {
      while (this.activeTransaction) await this.activeTransaction;
    }
    // No await between the wait above and the run below: nothing can start in between.
    if (this.closed) throw new StoreError("Invalid", `the store at ${this.ctx.location} is closed`);
    const tx = this.ctx.db.transaction(fn);
    try {
      return mode === "write" ? tx.immediate() : tx.deferred();
    } catch (e) {
      throw this.busyAsStoreError(e);
    }
  }

  /** SQLITE_BUSY only escapes after the busy timeout: say what it means instead of SQLite's words. */
  private busyAsStoreError(e: unknown): unknown {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== "string" || !code.startsWith("SQLITE_BUSY")) return e;
    return new StoreError(
      "Busy",
      `${this.ctx.location} stayed locked by another process's write for longer than the busy timeout (${this.busyTimeoutMs / 1000}s); try again`,
    );
  }

  get(ref: ObjectRef): Promise<JsonObject | undefined> {
    return this.step("read", () => objects.getObject(this.ctx, ref));
  }

  getByUid(uid: string): Promise<JsonObject | undefined> {
    return this.step("read", () => objects.getObjectByUid(this.ctx, uid));
  }

  list(query: ListQuery = {}): Promise<ObjectList> {
    return this.step("read", () => objects.listObjects(this.ctx, query));
  }

  create(object: JsonObject, options: CreateOptions): Promise<JsonObject> {
    return this.step("write", () => objects.createObject(this.ctx, object, options));
  }

  update(object: JsonObject, options?: UpdateOptions): Promise<JsonObject> {
    return this.step("write", () => objects.updateObject(this.ctx, object, options));
  }

  updateStatus(object: JsonObject): Promise<JsonObject> {
    return this.step("write", () => objects.updateObjectStatus(this.ctx, object));
  }

  delete(ref: ObjectRef, options?: DeleteOptions): Promise<DeleteResult> {
    return this.step("write", () => objects.deleteObject(this.ctx, ref, options));
  }

  recordEvent(event: EventInput): Promise<JsonObject> {
    return this.step("write", () => events.recordEvent(this.ctx, event));
  }

  listEvents(query: EventQuery = {}): Promise<ObjectList> {
    return this.step("read", () => events.listEvents(this.ctx, query));
  }

  deleteEventsBefore(time: Date): Promise<number> {
    return this.step("write", () => events.deleteEventsBefore(this.ctx, time));
  }

  changes(query: ChangeQuery): Promise<ChangeBatch> {
    return this.step("read", () => objects.listChanges(this.ctx, query));
  }

  currentResourceVersion(): Promise<string> {
    return this.step("read", () => String(this.ctx.currentRevision()));
  }

  compactChanges(upTo: string): Promise<void> {
    return this.step("write", () => objects.compactChangesTo(this.ctx, parseResourceVersion(upTo)));
  }

  beginApply(start: ApplyStart): Promise<ApplyRecord> {
    return this.step("write", () => applies.beginApply(this.ctx, start));
  }

  finishApply(id: number, outcome: Exclude<ApplyOutcome, "running">, message?: string): Promise<ApplyRecord> {
    return this.step("write", () => applies.finishApply(this.ctx, id, outcome, message));
  }

  getApply(id: number): Promise<ApplyRecord | undefined> {
    return this.step("read", () => applies.getApply(this.ctx, id));
  }

  listApplies(options: { limit?: number } = {}): Promise<ApplyRecord[]> {
    return this.step("read", () => applies.listApplies(this.ctx, options.limit));
  }

  async transaction<T>(fn: (tx: ObjectStore) => Promise<T>): Promise<T> {
    if (this.inTransaction()) return fn(this);
    while (this.activeTransaction) await this.activeTransaction;
    if (this.closed) throw new StoreError("Invalid", `the store at ${this.ctx.location} is closed`);
    let finished!: () => void;
    this.activeTransaction = new Promise((resolve) => (finished = resolve));
    const scope: TransactionScope = { open: true };
    const db = this.ctx.db;
    try {
      try {
        db.exec("BEGIN IMMEDIATE");
      } catch (e) {
        throw this.busyAsStoreError(e);
      }
      try {
        const result = await this.scope.run(scope, () => fn(this));
        db.exec("COMMIT");
        return result;
      } catch (e) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw e;
      }
    } finally {
      scope.open = false;
      this.activeTransaction = undefined;
      finished();
    }
  }

  async acquireLock(request: LockRequest): Promise<HeldLock> {
    if (this.inTransaction()) throw new StoreError("Invalid", "take the lock before starting a transaction, not inside one");
    const name = request.name ?? APPLY_LOCK;
    const timeoutMs = request.timeoutMs ?? 0;
    const started = performance.now();
    let pollMs = 100;
    for (;;) {
      const attempt = await this.step("write", () => locks.tryAcquireLock(this.ctx, name, request.holder));
      if (attempt.acquired) return this.heldLock(attempt.info);
      const liveness = holderLiveness(attempt.holder, this.ctx.hostname, this.ctx.isProcessAlive);
      const waited = performance.now() - started;
      const remaining = timeoutMs - waited;
      // A dead holder never lets go: waiting for it would only delay the explanation.
      const giveUp = liveness === "dead" || remaining <= 0;
      const error = new LockHeldError(attempt.holder, liveness, giveUp && liveness !== "dead" ? timeoutMs : 0, this.ctx.clock.now());
      if (giveUp) throw error;
      await request.onWait?.(error);
      await delay(Math.min(pollMs, Math.max(1, remaining)));
      pollMs = Math.min(pollMs * 2, 1000);
    }
  }

  private heldLock(info: LockInfo): HeldLock {
    return {
      info,
      release: () => this.step("write", () => locks.releaseLock(this.ctx, info.name, info.id)),
    };
  }

  getLock(name: string): Promise<LockInfo | undefined> {
    return this.step("read", () => locks.getLock(this.ctx, name));
  }

  listLocks(): Promise<LockInfo[]> {
    return this.step("read", () => locks.listLocks(this.ctx));
  }

  forceUnlock(id: string): Promise<LockInfo> {
    return this.step("write", () => locks.forceUnlock(this.ctx, id));
  }

  async close(): Promise<void> {
    if (this.inTransaction()) throw new StoreError("Invalid", "cannot close the store from inside a transaction");
    while (this.activeTransaction) await this.activeTransaction;
    if (this.closed) return;
    this.closed = true;
    this.ctx.db.close();
  }
}
