import { error, type Diagnostic } from "../diag/diagnostic.js";
import { LockHeldError, StoreError, type StoreErrorReason } from "./errors.js";

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
};

/**
 * A store failure as a diagnostic for the CLI: the first line of the message is the message, the
 * remaining lines (a lock's holder, what to do) become notes so the renderer indents them.
 */
export function storeErrorDiagnostic(e: StoreError): Diagnostic {
  const [first, ...rest] = e.message.split("\n");
  const notes = rest.map((l) => l.trim()).filter((l) => l !== "");
  const extra: Omit<Diagnostic, "severity" | "code" | "message"> = {};
  if (notes.length > 0) extra.notes = notes;
  if (e instanceof LockHeldError && e.stale) extra.help = [`mk force-unlock ${e.holder.id}`];
  return error(STORE_ERROR_CODES[e.reason], first, extra);
}
