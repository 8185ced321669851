/**
 * Writes a plan into the store: the part of mkapply that does not need a runtime. It takes the
 * apply lock, records the apply in the history, checks in one transaction that every object the
 * plan was computed against is still as it was (else the plan is stale and nothing is written),
 * then creates, updates, replaces and deletes in the plan's order. The controllers act on what it
 * wrote afterwards.
 */
import { error, type Diagnostic } from "../diag/diagnostic.js";
import { cloneJson } from "../schema/defaults/mutate.js";
import { isJsonObject, type JsonObject } from "../schema/json.js";
import {
  APPLY_LOCK,
  currentActor,
  isStoreError,
  storeErrorDiagnostic,
  type Actor,
  type HeldLock,
  type LockHeldError,
  type LockInfo,
  type ObjectStore,
  type PlanSummary,
  type Store,
} from "../store/index.js";
import { PlanCode } from "./codes.js";
import { digestText, fingerprintObject } from "./fingerprint.js";
import type { ObjectChange, Plan } from "./model.js";
import { expectedFingerprint, serializePlanFile } from "./plan-file.js";
import { keepServerSetFields } from "./server-set.js";

export interface ApplyToStoreOptions {
  /** Who applies (default: this process's user, host and pid). */
  actor?: Actor;
  /** The lock holder's operation, shown to whoever finds the lock held (default `mkapply`). */
  operation?: string;
  /** How long to wait for a lock held by someone else (default 0: fail at once). */
  lockTimeoutMs?: number;
  onLockWait?: (held: LockHeldError) => void | Promise<void>;
  /** Called once the lock is held, before anything is written (mkapply reports progress here). */
  onLocked?: (lock: LockInfo) => void | Promise<void>;
  /** The plan's digest for the history (default: the digest of its plan file text). */
  planDigest?: string;
  /** The apply lock, when the caller already holds it (mkapply holds it while it waits too): used, not released. */
  heldLock?: HeldLock;
}

export type ApplyToStoreResult =
  | { ok: true; applyId: number; summary: PlanSummary }
  | { ok: false; diagnostic: Diagnostic; applyId?: number };

/** A plan whose objects changed since it was made: nothing is written. Thrown inside the transaction to roll it back. */
class StalePlanError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export async function applyPlanToStore(plan: Plan, store: Store, options: ApplyToStoreOptions = {}): Promise<ApplyToStoreResult> {
  if (plan.baseline.kind !== "store") {
    return {
      ok: false,
      diagnostic: error(PlanCode.PlanNotApplicable, `this plan compares the configuration with git revision ${plan.baseline.ref}, not with a state: it cannot be applied`, {
        help: ["run mkplan without --against to make a plan that can be applied"],
      }),
    };
  }
  const actor = options.actor ?? currentActor();
  let lock: HeldLock;
  try {
    lock = options.heldLock ?? await store.acquireLock({ name: APPLY_LOCK, holder: { ...actor, operation: options.operation ?? "mkapply" }, timeoutMs: options.lockTimeoutMs ?? 0, onWait: options.onLockWait });
  } catch (e) {
    if (isStoreError(e)) return { ok: false, diagnostic: storeErrorDiagnostic(e) };
    throw e;
  }
  try {
    await options.onLocked?.(lock.info);
    const summary: PlanSummary = { create: plan.counts.create, update: plan.counts.update, replace: plan.counts.replace, delete: plan.counts.delete };
    const planDigest = options.planDigest ?? digestOf(plan);
    const record = await store.beginApply({ actor, planDigest, summary });
    try {
      await store.transaction(async (tx) => {
        for (const change of plan.changes) await checkFresh(tx, change);
        for (const change of plan.changes) await applyChange(tx, change);
      });
    } catch (e) {
      const diagnostic = e instanceof StalePlanError ? e.diagnostic : isStoreError(e) ? storeErrorDiagnostic(e) : undefined;
      await store.finishApply(record.id, "failed", diagnostic?.message ?? String(e));
      if (!diagnostic) throw e;
      return { ok: false, diagnostic, applyId: record.id };
    }
    await store.finishApply(record.id, "succeeded");
    return { ok: true, applyId: record.id, summary };
  } finally {
    if (!options.heldLock) await lock.release();
  }
}

/** The digest of the plan file this plan would be saved as (mkapply FILE passes the file's own). */
function digestOf(plan: Plan): string {
  return digestText(serializePlanFile(plan, { mkVersion: "" }));
}

/** Refuses the plan when an object it was computed against changed (or appeared, or went away) since. */
async function checkFresh(tx: ObjectStore, change: ObjectChange): Promise<void> {
  const expected = expectedFingerprint(change);
  const current = await tx.get(change.ref);
  const actual = current ? fingerprintObject(current) : null;
  if (expected === actual) return;
  const what = expected === null ? "was created since the plan was made" : actual === null ? "was deleted since the plan was made" : "changed since the plan was made";
  throw new StalePlanError(
    error(PlanCode.StalePlan, `the saved plan is stale: ${change.address} ${what}`, {
      object: change.address,
      notes: [
        `the plan was computed against ${expected === null ? "no such object" : `fingerprint ${expected.slice(0, 19)}…`}; the state now has ${actual === null ? "no such object" : `fingerprint ${actual.slice(0, 19)}…`}`,
        "nothing was written: applying a stale plan could undo what changed",
      ],
      help: ["run mkplan again, review the new plan and apply that one"],
    }),
  );
}

async function applyChange(tx: ObjectStore, change: ObjectChange): Promise<void> {
  const write = change.write ? cloneJson(change.write) : undefined;
  switch (change.action) {
    case "create":
      await tx.create(need(write, change), { managedBy: "mkapply" });
      return;
    case "update": {
      const current = await tx.get(change.ref);
      const object = need(write, change);
      if (current) keepServerSetFields(current, object);
      metadata(object).resourceVersion = current ? metadata(current).resourceVersion ?? "" : "";
      await tx.update(object, { managedBy: "mkapply" });
      return;
    }
    case "replace": {
      // Background deletion: the object goes at once and the garbage collector removes its
      // dependents (pods, ReplicaSets) afterwards, so the new object can take the name now.
      const current = await tx.get(change.ref);
      if (current) await tx.delete(change.ref, { propagationPolicy: "Background", preconditions: { uid: String(metadata(current).uid ?? "") } });
      await tx.create(need(write, change), { managedBy: "mkapply" });
      return;
    }
    case "delete": {
      const current = await tx.get(change.ref);
      if (current) await tx.delete(change.ref, { propagationPolicy: "Background", preconditions: { uid: String(metadata(current).uid ?? "") } });
      return;
    }
    case "no-op":
      return;
  }
}

function need(write: JsonObject | undefined, change: ObjectChange): JsonObject {
  if (!write) throw new Error(`internal error: the plan has no object to write for ${change.address}`);
  return write;
}

function metadata(object: JsonObject): JsonObject {
  if (!isJsonObject(object.metadata)) object.metadata = {};
  return object.metadata;
}
