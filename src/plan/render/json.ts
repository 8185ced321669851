/**
 * The JSON rendering of a plan: a documented, versioned schema (docs/plan-json.md) for tools,
 * modelled on `terraform show -json`. Secret values are masked as in every other rendering.
 */
import { formatFieldPath } from "../../diag/span.js";
import type { JsonObject, JsonValue } from "../../schema/json.js";
import { changedPaths } from "../diff/changed-paths.js";
import type { DriftEntry, ObjectChange, Plan, PlanAction } from "../model.js";
import { planHasChanges } from "../model.js";
import { NO_CHANGES, summaryLine } from "./wording.js";

/** Terraform's action lists: a replacement is a delete then a create. */
function actionList(action: PlanAction): string[] {
  return action === "replace" ? ["delete", "create"] : [action];
}

function identity(ref: ObjectChange["ref"]): JsonObject {
  return { api_version: ref.apiVersion, kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

function objectChange(change: ObjectChange): JsonObject {
  const diffable = change.action === "update" || change.action === "replace";
  return {
    address: change.address,
    ...identity(change.ref),
    actions: actionList(change.action),
    action_reason: change.actionReason ?? null,
    replace_paths: change.replaceCauses.map((c) => [...c.path]),
    replace_reasons: change.replaceCauses.map((c) => ({ path: formatFieldPath(c.path), reason: c.reason })),
    before: change.before ?? null,
    after: change.after ?? null,
    sensitive_paths: change.sensitivePaths.map((p) => [...p]),
    changed_paths: diffable ? changedPaths(change.diff).map(formatFieldPath) : [],
    consequences: [...change.consequences],
  };
}

function driftEntry(entry: DriftEntry): JsonObject {
  return {
    address: entry.address,
    ...identity(entry.ref),
    change: entry.change,
    details: [...entry.details],
    changed_paths: entry.diff ? changedPaths(entry.diff).map(formatFieldPath) : [],
  };
}

/** The plan as a JSON value (what `-o json` prints, and what plan files embed for display). */
export function planToJson(plan: Plan): JsonObject {
  const c = plan.counts;
  const baseline: JsonValue = plan.baseline.kind === "store" ? { kind: "store", location: plan.baseline.location } : { kind: "git", ref: plan.baseline.ref, commit: plan.baseline.commit };
  return {
    format_version: String(plan.formatVersion),
    timestamp: plan.createdAt,
    configuration: plan.configuration,
    mode: plan.mode,
    baseline,
    targets: [...plan.targets],
    refreshed: plan.refreshed,
    object_changes: plan.changes.map(objectChange),
    drift: plan.drift.map(driftEntry),
    summary: {
      add: c.create + c.replace,
      change: c.update,
      destroy: c.delete + c.replace,
      create: c.create,
      update: c.update,
      replace: c.replace,
      delete: c.delete,
      no_op: c.noop,
    },
    has_changes: planHasChanges(plan),
    summary_line: planHasChanges(plan) ? summaryLine(c) : NO_CHANGES,
  };
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}
