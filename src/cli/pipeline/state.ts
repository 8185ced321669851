/**
 * Opening the project's state and taking its apply lock: what mkplan, mkapply, `mk destroy` and
 * `mk controller` share.
 */
import type { Diagnostic } from "../../diag/diagnostic.js";
import type { HeldLock, LockHeldError, Store } from "../../store/index.js";

export type OpenedState =
  | { ok: true; store: Store | undefined; path: string; exists: boolean }
  | { ok: false; diagnostic: Diagnostic };

/**
 * The state: DIR/.mk/state.db, or --state (relative to the working directory). Absent is empty,
 * not an error, unless `create` (mkapply creates it).
 */
export async function openState(dir: string, explicit: string | undefined, options: { create?: boolean } = {}): Promise<OpenedState> {
  const { openStore, resolveStatePath, isStoreError, isNotFound, storeErrorDiagnostic } = await import("../../store/index.js");
  const path = explicit !== undefined ? resolveStatePath(process.cwd(), explicit) : resolveStatePath(dir);
  try {
    return { ok: true, store: openStore({ path, create: options.create ?? false }), path, exists: true };
  } catch (e) {
    if (isNotFound(e)) return { ok: true, store: undefined, path, exists: false };
    if (isStoreError(e)) return { ok: false, diagnostic: storeErrorDiagnostic(e) };
    throw e;
  }
}

export type StateLock = { ok: true; held: HeldLock } | { ok: false; diagnostic: Diagnostic };

/** The apply lock, for `operation` (Terraform's plan and apply both hold it): a plan never mixes two applies' states. */
export async function holdStateLock(store: Store, timeoutMs: number, operation: string, onWait?: (held: LockHeldError) => void | Promise<void>): Promise<StateLock> {
  const { APPLY_LOCK, currentActor, isStoreError, storeErrorDiagnostic } = await import("../../store/index.js");
  try {
    const held = await store.acquireLock({ name: APPLY_LOCK, holder: { ...currentActor(), operation }, timeoutMs, ...(onWait ? { onWait } : {}) });
    return { ok: true, held };
  } catch (e) {
    if (isStoreError(e)) return { ok: false, diagnostic: storeErrorDiagnostic(e) };
    throw e;
  }
}
