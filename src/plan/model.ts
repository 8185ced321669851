/**
 * The plan model: what mkplan computed, in the order it will be applied. Every renderer (text,
 * markdown, JSON) and the plan file read this model and nothing else, so they agree on order,
 * counts and masking.
 *
 * Masking is done once, when the plan is made: `before`, `after`, `diff` and the drift entries
 * hold `(sensitive value)` in place of Secret data. Only `write` (the object mkapply writes) and
 * `stored` (the object the plan was computed against, in memory only) are unmasked; no renderer
 * reads them.
 */
import type { FieldPath } from "../diag/span.js";
import type { JsonObject } from "../schema/json.js";
import type { ObjectRef } from "../store/index.js";
import type { ValueChange } from "./diff/value-change.js";

/** Bumped when the JSON rendering or the plan file changes incompatibly (docs/plan-json.md, docs/plan-file.md). */
export const PLAN_FORMAT_VERSION = 1;

export type PlanAction = "create" | "update" | "replace" | "delete" | "no-op";

/** Why an object is replaced or deleted (Terraform's action_reason). */
export type ActionReason = "replace_because_cannot_update" | "delete_because_no_configuration" | "delete_because_destroy";

/** An immutable field whose change forces the replacement. */
export interface ReplaceCause {
  path: FieldPath;
  /** For people: "the selector of an apps/v1 Deployment cannot be changed". */
  reason: string;
}

export interface ObjectChange {
  /** `Deployment/web`; `Deployment/prod/web` outside the default namespace (see ./address.ts). */
  address: string;
  ref: Required<ObjectRef>;
  action: PlanAction;
  actionReason?: ActionReason;
  /** Replace only: the immutable fields that changed. */
  replaceCauses: ReplaceCause[];
  /** The stored object as compared: defaulted, without server-set fields; masked. Absent for create. */
  before?: JsonObject;
  /** The desired object as compared: defaulted; masked. Absent for delete. */
  after?: JsonObject;
  /** The whole object's change: `added` for create, `removed` for delete, `same` for no-op. Masked. */
  diff: ValueChange;
  /** Paths holding Secret values (masked in before, after and diff). */
  sensitivePaths: FieldPath[];
  /** What the change sets in motion: rollouts, scaling, re-runs, affected workloads. */
  consequences: string[];
  /** The object mkapply writes (create, update, replace): unmasked. Never rendered. */
  write?: JsonObject;
  /** The stored object the plan was computed against: unmasked, in memory only (not saved). */
  stored?: JsonObject;
  /**
   * sha256 of the stored object as planned against (see ./fingerprint.ts); null when the plan
   * expects the object to be absent. Filled in when a plan is saved or loaded.
   */
  fingerprint?: string | null;
}

/** An object the refresh found changed outside of mk (Terraform's "Objects have changed outside of ..."). */
export interface DriftEntry {
  address: string;
  ref: Required<ObjectRef>;
  change: "deleted" | "updated";
  /** stored → live, for `updated` when the runtime reported the live object. Masked. */
  diff?: ValueChange;
  /** What the runtime saw, in words: "container sidecar was removed". */
  details: string[];
}

/** Counts by action. Terraform's summary line counts a replacement as one add and one destroy. */
export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  noop: number;
}

export type PlanMode = "normal" | "destroy";

/** What the desired objects were compared with. */
export type PlanBaseline =
  | { kind: "store"; location: string }
  /** `mkplan --against REF`: the configuration compiled at a git revision. */
  | { kind: "git"; ref: string; commit: string };

export interface Plan {
  formatVersion: number;
  /** RFC 3339 UTC, from the injected clock. */
  createdAt: string;
  /** The configuration's identity: the project directory's canonical path (or a name). */
  configuration: string;
  mode: PlanMode;
  baseline: PlanBaseline;
  /** `--target` addresses, when the plan was restricted to them. */
  targets: string[];
  /** Whether the refresh ran (false with --refresh=false or when no runtime is available). */
  refreshed: boolean;
  /** In apply order: dependencies first, deletions last in reverse (./order.ts). No-ops included. */
  changes: ObjectChange[];
  drift: DriftEntry[];
  counts: PlanCounts;
}

/** Whether applying the plan would change any object. Drift alone is not a change (as Terraform). */
export function planHasChanges(plan: Pick<Plan, "counts">): boolean {
  const c = plan.counts;
  return c.create + c.update + c.replace + c.delete > 0;
}
