/**
 * The planning steps mkplan and mkapply share: the desired objects of a project (none for a
 * destroy) and the plan against the state, refreshed against the runtime.
 */
import type { Diagnostic } from "../../diag/diagnostic.js";
import type { JsonObject } from "../../schema/json.js";
import type { Plan, TargetSelector } from "../../plan/index.js";
import type { Store } from "../../store/index.js";
import { dirname } from "node:path";
import { displayPath } from "./collect-files.js";

export interface DesiredObjects {
  objects: JsonObject[];
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

/** The compiled and validated configuration; a destroy plans the deletion of what was applied, so its content does not matter. */
export async function loadDesired(dir: string, params: Record<string, string>, destroy: boolean): Promise<DesiredObjects> {
  if (destroy) return { objects: [], diagnostics: [], sources: new Map() };
  const { loadConfiguration } = await import("./load-configuration.js");
  const loaded = loadConfiguration({ dir, params });
  return { objects: [...loaded.objects], diagnostics: [...loaded.diagnostics], sources: new Map(loaded.sources) };
}

export interface PlanStateOptions {
  store: Store | undefined;
  statePath: string;
  stateExists: boolean;
  configuration: string;
  desired: readonly JsonObject[];
  destroy: boolean;
  targets: TargetSelector[];
  refresh: boolean;
  now: Date;
}

export async function planState(options: PlanStateOptions): Promise<{ plan: Plan; diagnostics: Diagnostic[] }> {
  const plan = await import("../../plan/index.js");
  const refresher = options.refresh && options.store ? await (await import("./runtime-refresher.js")).runtimeRefresher(dirname(options.statePath)) : undefined;
  const result = await plan.planAgainstStore({
    store: options.store,
    location: options.stateExists ? displayPath(options.statePath) : `${displayPath(options.statePath)} (no state yet)`,
    configuration: options.configuration,
    desired: options.desired,
    mode: options.destroy ? "destroy" : "normal",
    targets: options.targets,
    refresher,
    now: options.now,
  });
  return { plan: result.plan, diagnostics: [...result.diagnostics] };
}
