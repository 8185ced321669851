/**
 * The planner's shell against the store: reads the stored objects, runs the refresh hook, and
 * hands everything to the pure core (./planner.ts).
 */
import { warning, type Diagnostic } from "../diag/diagnostic.js";
import type { JsonObject } from "../schema/json.js";
import type { ObjectStore } from "../store/index.js";
import type { TargetSelector } from "./address.js";
import { PlanCode } from "./codes.js";
import type { PlanMode } from "./model.js";
import { configurationOf } from "./normalize.js";
import { computePlan, type PlanResult, type StoredObject } from "./planner.js";
import type { DriftObservation, Refresher } from "./refresh.js";

export interface PlanAgainstStoreOptions {
  /** The store, or undefined when there is no state yet (everything is created). */
  store: ObjectStore | undefined;
  /** Where the state is, for the plan's wording (`.mk/state.db`). */
  location: string;
  configuration: string;
  desired: readonly JsonObject[];
  mode?: PlanMode;
  targets?: readonly TargetSelector[];
  /** The runtime's refresh; undefined skips it (`--refresh=false`, or no runtime available). */
  refresher?: Refresher;
  now: Date;
}

export async function planAgainstStore(options: PlanAgainstStoreOptions): Promise<PlanResult> {
  const stored: StoredObject[] = [];
  const all: JsonObject[] = [];
  if (options.store) {
    const [applied, owned] = await Promise.all([options.store.list({ managedBy: "mkapply" }), options.store.list({ managedBy: "controller" })]);
    for (const object of applied.items) {
      stored.push({ object, owned: configurationOf(object) === options.configuration, managedBy: "mkapply" });
      all.push(object);
    }
    for (const object of owned.items) {
      stored.push({ object, owned: false, managedBy: "controller" });
      all.push(object);
    }
  }
  const diagnostics: Diagnostic[] = [];
  let drift: DriftObservation[] = [];
  let refreshed = false;
  if (options.refresher && options.store) {
    try {
      drift = await options.refresher.refresh({ stored: all });
      refreshed = true;
    } catch (e) {
      diagnostics.push(warning(PlanCode.RefreshFailed, `the refresh against ${options.refresher.name} failed, so the plan does not show changes made outside of mk: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  const result = computePlan({
    configuration: options.configuration,
    desired: options.desired,
    stored,
    baseline: { kind: "store", location: options.location },
    mode: options.mode,
    targets: options.targets,
    drift,
    refreshed,
    now: options.now,
  });
  return { plan: result.plan, diagnostics: [...diagnostics, ...result.diagnostics] };
}
