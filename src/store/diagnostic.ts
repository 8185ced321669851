import { error, type Diagnostic } from "../diag/diagnostic.js";
import { LockHeldError, StoreError, type StoreErrorReason } from "./errors.js";
import { explainLiveness, summarizeLock, waitedNote } from "./lock.js";

/** Stable codes for store failures (MK7xxx, docs/diagnostics.md). */
export const STORE_ERROR_CODES: Record<StoreErrorReason, string> = {
  NotAStore: "MK7001",
  SchemaTooNew: "MK7002",
  LockHeld: "MK7003",
  LockNotFound: "MK7004",
  Conflict: "MK7005",
  NotFound: "MK7006",
  AlreadyExists: "MK7007",
  Invalid: "MK7008",
  Gone: "MK7009",
  Busy: "MK7010",
};

/**
 * A store failure as a diagnostic for the CLI. A held lock is told from its fields (who, since
 * when, stale or not, what to do); other failures keep their first line as the message and
 * further lines become notes.
 */
export function storeErrorDiagnostic(e: StoreError, now: Date = new Date()): Diagnostic {
  if (e instanceof LockHeldError) return lockHeldDiagnostic(e, now);
  const [first, ...rest] = e.message.split("\n");
  const notes = rest.map((l) => l.trim()).filter((l) => l !== "");
  return error(STORE_ERROR_CODES[e.reason], first, notes.length > 0 ? { notes } : {});
}

function lockHeldDiagnostic(e: LockHeldError, now: Date): Diagnostic {
  const info = e.holder;
  const notes = [summarizeLock(info, now)];
  if (e.liveness !== "running") notes.push(explainLiveness(info, e.liveness));
  if (e.waitedMs > 0) notes.push(waitedNote(e.waitedMs));
  const help = e.stale
    ? `mk does not take over a stale lock by itself; if no ${info.operation} is running, remove it with \`mk force-unlock ${info.id}\``
    : e.waitedMs > 0
      ? "try again when it finishes, or wait longer with --lock-timeout"
      : "try again when it finishes, or wait for it with --lock-timeout (for example --lock-timeout 5m)";
  return error(STORE_ERROR_CODES.LockHeld, `the ${info.name} lock is held by another operation`, { notes, help: [help] });
}
