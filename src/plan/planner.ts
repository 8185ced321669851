/**
 * The planner's pure core: desired objects against stored objects (and drift the refresh found)
 * in, a Plan out. No I/O: the shell (./plan-store.ts, the CLI) reads the store and runs the refresh.
 */
import { error, type Diagnostic } from "../diag/diagnostic.js";
import { suggestName } from "../diag/suggest.js";
import { immutableFieldChanges } from "../schema/immutable.js";
import type { JsonObject } from "../schema/json.js";
import { mergeKeyAt } from "../schema/model.js";
import { formatTimestamp, type ManagedBy } from "../store/index.js";
import { addressOf, identityOf, planRefOf, targetMatches, type TargetSelector } from "./address.js";
import { PlanCode } from "./codes.js";
import { consequencesOf, WorkloadRefs } from "./consequences/index.js";
import { diffValues, type DiffContext } from "./diff/diff-values.js";
import { markForcesReplacement } from "./diff/mark-replacement.js";
import { semanticEqual } from "./diff/semantic-equal.js";
import type { ValueChange } from "./diff/value-change.js";
import { maskChange, maskObject, sensitivePathsOf } from "./mask.js";
import { PLAN_FORMAT_VERSION, type ActionReason, type DriftEntry, type ObjectChange, type Plan, type PlanAction, type PlanBaseline, type PlanCounts, type PlanMode } from "./model.js";
import { configurationOf, normalizeForPlan, withConfiguration } from "./normalize.js";
import { compareRefs, orderChanges } from "./order.js";
import type { DriftObservation } from "./refresh.js";
import { dropServerSetFields } from "./server-set.js";
import { withoutDefaults } from "./undefault.js";

/** A stored object, and whether it belongs to the configuration being planned (prune candidates). */
export interface StoredObject {
  object: JsonObject;
  owned: boolean;
  /** Who wrote it, to say so when the configuration takes over an object it did not write. */
  managedBy?: ManagedBy;
}

export interface PlanInput {
  /** The configuration's identity, recorded on the objects mkapply writes. */
  configuration: string;
  /** The compiled, validated objects (as emitted: defaults are applied here). Ignored in destroy mode. */
  desired: readonly JsonObject[];
  /** What they are compared with: the store's objects, or the objects of a git revision. */
  stored: readonly StoredObject[];
  baseline: PlanBaseline;
  mode?: PlanMode;
  targets?: readonly TargetSelector[];
  drift?: readonly DriftObservation[];
  /** Whether a refresh ran (drift is then complete). */
  refreshed?: boolean;
  /** The plan's timestamp (inject a fixed clock in tests). */
  now: Date;
}

export interface PlanResult {
  plan: Plan;
  /** Unmatched targets, unnamed objects: errors the CLI reports. */
  diagnostics: Diagnostic[];
}

export function computePlan(input: PlanInput): PlanResult {
  const mode = input.mode ?? "normal";
  const diagnostics: Diagnostic[] = [];
  const targets = input.targets ?? [];
  const wanted = (ref: ObjectChange["ref"]) => targets.length === 0 || targets.some((t) => targetMatches(t, ref));
  const storedById = new Map<string, StoredObject>();
  for (const s of input.stored) storedById.set(identityOf(planRefOf(s.object)), s);

  let refs: WorkloadRefs | undefined;
  const workloadRefs = () => (refs ??= new WorkloadRefs(mode === "destroy" ? [] : input.desired));
  const changes: ObjectChange[] = [];
  const desiredIds = new Set<string>();
  const known: string[] = [];

  if (mode !== "destroy") {
    for (const object of input.desired) {
      const ref = planRefOf(object);
      if (ref.name === "") {
        diagnostics.push(error(PlanCode.ObjectWithoutName, `${ref.kind || "an object"} without metadata.name cannot be planned`, { help: ["give it a metadata.name: a plan matches objects by kind, namespace and name (generateName makes a new object on every apply)"] }));
        continue;
      }
      const id = identityOf(ref);
      desiredIds.add(id);
      known.push(addressOf(ref));
      if (!wanted(ref)) continue;
      const stored = storedById.get(id);
      changes.push(stored ? compareWithStored(ref, object, stored, input.configuration, workloadRefs) : creation(ref, object, input.configuration, workloadRefs));
    }
  }

  for (const stored of input.stored) {
    if (!stored.owned) continue;
    const ref = planRefOf(stored.object);
    const id = identityOf(ref);
    if (desiredIds.has(id)) continue;
    known.push(addressOf(ref));
    if (!wanted(ref)) continue;
    changes.push(deletion(ref, stored.object, mode === "destroy" ? "delete_because_destroy" : "delete_because_no_configuration", workloadRefs));
  }

  for (const target of targets) {
    if (changes.some((c) => targetMatches(target, c.ref))) continue;
    const suggestion = suggestName(target.text, known);
    diagnostics.push(
      error(PlanCode.TargetNotFound, `--target ${target.text} matches no object of the configuration or the store`, {
        help: suggestion ? [`did you mean \`${suggestion}\`?`] : ["targets are `Kind/name`, or `Kind/namespace/name` outside the default namespace"],
      }),
    );
  }

  const ordered = orderChanges(changes);
  const drift = driftEntries(input.drift ?? [], storedById);
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: formatTimestamp(input.now),
    configuration: input.configuration,
    mode,
    baseline: input.baseline,
    targets: targets.map((t) => t.text),
    refreshed: input.refreshed ?? false,
    changes: ordered,
    drift,
    counts: countActions(ordered),
  };
  return { plan, diagnostics };
}

function contextFor(ref: ObjectChange["ref"]): DiffContext {
  const kind = { apiVersion: ref.apiVersion, kind: ref.kind };
  return { mergeKeysAt: (path) => mergeKeyAt(kind, path) };
}

function creation(ref: ObjectChange["ref"], object: JsonObject, configuration: string, refs: () => WorkloadRefs): ObjectChange {
  const after = normalizeForPlan(object);
  // Shown as written: the defaults of a new object are noise for a reviewer (`after` has them).
  const diff: ValueChange = { type: "added", value: normalizeForPlan(object, { defaults: false }) };
  return finish({ ref, action: "create", after, diff, write: withConfiguration(after, configuration), refs });
}

function deletion(ref: ObjectChange["ref"], stored: JsonObject, reason: ActionReason, refs: () => WorkloadRefs): ObjectChange {
  const before = normalizeForPlan(stored);
  // Shown without the fields defaulting added, as a created object is shown as written (`before` keeps them).
  return finish({ ref, action: "delete", actionReason: reason, before, diff: { type: "removed", value: withoutDefaults(before) }, stored, refs });
}

function compareWithStored(ref: ObjectChange["ref"], object: JsonObject, stored: StoredObject, configuration: string, refs: () => WorkloadRefs): ObjectChange {
  const after = normalizeForPlan(object);
  const before = normalizeForPlan(stored.object);
  dropServerSetFields(before, after);
  const takeover = takeoverNote(stored, configuration);
  if (semanticEqual(before, after) && !takeover) {
    // Equal: one object serves as both sides (most of a large plan is no-ops; this halves what it keeps).
    return finish({ ref, action: "no-op", before: after, after, diff: { type: "same", value: after }, stored: stored.object, refs });
  }
  const diff = diffValues(before, after, contextFor(ref));
  const immutable = immutableFieldChanges({ ...before, status: stored.object.status ?? {} }, after);
  for (const cause of immutable) markForcesReplacement(diff, cause.path);
  const action: PlanAction = immutable.length > 0 ? "replace" : "update";
  return finish({
    ref,
    action,
    ...(action === "replace" ? { actionReason: "replace_because_cannot_update" as const } : {}),
    replaceCauses: immutable.map((c) => ({ path: c.path, reason: c.reason })),
    before,
    after,
    diff,
    stored: stored.object,
    write: withConfiguration(after, configuration),
    notes: takeover ? [takeover] : [],
    refs,
  });
}

/** Why an object the configuration now declares is not simply its own yet. */
function takeoverNote(stored: StoredObject, configuration: string): string | undefined {
  if (stored.managedBy === "controller") return "takes over an object a controller created (mkapply manages it from now on)";
  const owner = configurationOf(stored.object);
  if (owner === undefined || owner === configuration) return undefined;
  return `takes it over from the configuration at ${owner}`;
}

interface Draft {
  ref: ObjectChange["ref"];
  action: PlanAction;
  actionReason?: ActionReason;
  replaceCauses?: ObjectChange["replaceCauses"];
  before?: JsonObject;
  after?: JsonObject;
  diff: ValueChange;
  stored?: JsonObject;
  write?: JsonObject;
  notes?: string[];
  refs: () => WorkloadRefs;
}

/** Consequences from the unmasked objects, then everything shown masked. */
function finish(d: Draft): ObjectChange {
  const kind = d.ref.kind;
  const needsRefs = d.action !== "no-op";
  const consequences = needsRefs ? [...(d.notes ?? []), ...consequencesOf({ action: d.action, ref: d.ref, before: d.before, after: d.after, diff: d.diff, refs: d.refs() })] : [];
  const change: ObjectChange = {
    address: addressOf(d.ref),
    ref: d.ref,
    action: d.action,
    replaceCauses: d.replaceCauses ?? [],
    diff: maskChange(kind, d.diff),
    sensitivePaths: sensitivePathsOf(kind, d.before, d.after),
    consequences,
  };
  if (d.actionReason) change.actionReason = d.actionReason;
  if (d.before) change.before = maskObject(kind, d.before);
  if (d.after) change.after = maskObject(kind, d.after);
  if (d.write && d.action !== "delete") change.write = d.write;
  if (d.stored) change.stored = d.stored;
  return change;
}

function driftEntries(observations: readonly DriftObservation[], storedById: Map<string, StoredObject>): DriftEntry[] {
  const entries = observations.map((o): DriftEntry => {
    const ref = { apiVersion: o.ref.apiVersion, kind: o.ref.kind, namespace: o.ref.namespace ?? "", name: o.ref.name };
    const entry: DriftEntry = { address: addressOf(ref), ref, change: o.change, details: [...(o.details ?? [])] };
    const stored = storedById.get(identityOf(ref));
    if (o.change === "updated" && o.live && stored) {
      const before = normalizeForPlan(stored.object);
      const after = normalizeForPlan(o.live);
      entry.diff = maskChange(ref.kind, diffValues(before, after, contextFor(ref)));
    }
    return entry;
  });
  return entries.sort((a, b) => compareRefs(a.ref, b.ref));
}

export function countActions(changes: readonly ObjectChange[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
  for (const c of changes) {
    if (c.action === "no-op") counts.noop++;
    else counts[c.action]++;
  }
  return counts;
}
