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
    if (!isStoreError(e)) throw e;
    const diagnostic = storeErrorDiagnostic(e);
    if (e.reason !== "NotFound" || explicit !== undefined) return { ok: false, diagnostic };
    // mkapply keeps the state beside the configuration, not where the command runs.
    const help = "mkapply keeps the state beside the configuration (DIR/.mk/state.db): run this in that directory, or pass --state DIR/.mk/state.db";
    return { ok: false, diagnostic: { ...diagnostic, help: [...(diagnostic.help ?? []), help] } };
  }
}

/**
 * Runs a view command's body on the existing state and closes it afterwards: a missing state and
 * any store failure (a conflict, a paused Deployment's undo, ...) become diagnostics and exit 1.
 */
export async function withExistingState(explicit: string | undefined, errorFormat: "human" | "json", body: (store: Store, path: string) => Promise<number>): Promise<number> {
  const [{ reportDiagnostics }, { isStoreError, storeErrorDiagnostic }] = await Promise.all([import("../output.js"), import("../../store/index.js")]);
  const state = await openExistingState(explicit);
  if (!state.ok) {
    reportDiagnostics([state.diagnostic], () => undefined, errorFormat);
    return 1;
  }
  try {
    return await body(state.store, state.path);
  } catch (e) {
    if (!isStoreError(e)) throw e;
    reportDiagnostics([storeErrorDiagnostic(e)], () => undefined, errorFormat);
    return 1;
  } finally {
    await state.store.close();
  }
}
