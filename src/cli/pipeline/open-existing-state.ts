import type { Diagnostic } from "../../diag/diagnostic.js";
import type { Store } from "../../store/index.js";

export type ExistingState = { ok: true; store: Store; path: string } | { ok: false; diagnostic: Diagnostic };

/**
 * The state that the kubectl-like commands (get, describe, logs, scale, delete, rollout) read:
 * `--state PATH`, or .mk/state.db in the working directory. A missing state is an error here
 * (there is nothing to show), with the store's own message saying so.
 */
export async function openExistingState(explicit: string | undefined): Promise<ExistingState> {
  const { openStore, resolveStatePath, isStoreError, storeErrorDiagnostic } = await import("../../store/index.js");
  const path = resolveStatePath(process.cwd(), explicit);
  try {
    return { ok: true, store: openStore({ path, create: false }), path };
  } catch (e) {
    if (isStoreError(e)) return { ok: false, diagnostic: storeErrorDiagnostic(e) };
    throw e;
  }
}
