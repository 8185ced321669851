import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { canonicalJson } from "../../store/canonical-json.js";
import { annotationsOf } from "../shared/labels.js";
import { revisionData, revisionNumber, revisionTemplate } from "./revisions.js";

/**
 * `kubectl rollout history | undo` over ControllerRevisions, as kubectl's StatefulSet and DaemonSet
 * history viewers and rollbackers do it (the two kinds keep the same revisions, see
 * ./revisions.ts). Pure: the caller reads the owner and its revisions and writes the result.
 */
export const CHANGE_CAUSE = "kubernetes.io/change-cause";

export interface HistoryRow {
  revision: number;
  /** The revision's `kubernetes.io/change-cause` annotation, or `<none>`. */
  changeCause: string;
}

/** `statefulset.apps/web`, `daemonset.apps/agent`: how kubectl names the object in its lines. */
export function rolloutObjectName(kind: string, name: string): string {
  return `${kind.toLowerCase()}.apps/${name}`;
}

/** The revisions by number (two with one number: the later in the list wins, as in kubectl). */
export function revisionsByNumber(revisions: readonly JsonObject[]): Map<number, JsonObject> {
  const byNumber = new Map<number, JsonObject>();
  for (const r of revisions) byNumber.set(revisionNumber(r), r);
  return byNumber;
}

/** The `REVISION  CHANGE-CAUSE` rows, oldest first. */
export function historyRows(revisions: readonly JsonObject[]): HistoryRow[] {
  return [...revisionsByNumber(revisions).entries()]
    .sort(([a], [b]) => a - b)
    .map(([revision, r]) => ({ revision, changeCause: annotationsOf(r)[CHANGE_CAUSE] || "<none>" }));
}

export type RevisionChoice = { ok: true; revision: JsonObject } | { ok: false; message: string };

/**
 * The revision `undo --to-revision` means: that number, or with 0 the previous one (the second
 * highest number, the highest being the template the object has now).
 */
export function chooseRollbackRevision(revisions: readonly JsonObject[], toRevision: number): RevisionChoice {
  const notFound: RevisionChoice = { ok: false, message: `unable to find specified revision ${toRevision} in history` };
  if (toRevision < 0) return notFound;
  if (toRevision === 0) {
    if (revisions.length <= 1) return { ok: false, message: "no last revision to roll back to" };
    const sorted = [...revisions].sort((a, b) => revisionNumber(a) - revisionNumber(b));
    return { ok: true, revision: sorted[sorted.length - 2] };
  }
  const found = revisions.find((r) => revisionNumber(r) === toRevision);
  return found ? { ok: true, revision: found } : notFound;
}

export type RollbackPlan =
  | { action: "error"; message: string }
  /** The object's template already is that revision's: nothing to write. */
  | { action: "skip"; revision: number }
  /** The object with the revision's template (the revision's `$patch: replace` patch applied). */
  | { action: "apply"; revision: number; object: JsonObject };

/** What `undo` does to a StatefulSet or DaemonSet: its spec.template replaced by the chosen revision's. */
export function planRevisionRollback(owner: JsonObject, revisions: readonly JsonObject[], toRevision: number): RollbackPlan {
  const choice = chooseRollbackRevision(revisions, toRevision);
  if (!choice.ok) return { action: "error", message: choice.message };
  const revision = revisionNumber(choice.revision);
  // kubectl compares the object's own patch (its template with `$patch: replace`) with the revision's data.
  if (canonicalJson(revisionData(owner)) === canonicalJson(choice.revision.data ?? {})) return { action: "skip", revision };
  const spec = isJsonObject(owner.spec) ? owner.spec : {};
  return { action: "apply", revision, object: { ...owner, spec: { ...spec, template: revisionTemplate(choice.revision) } } };
}

/** kubectl's line for a rollback that did not fail. */
export function rollbackMessage(kind: string, name: string, plan: Exclude<RollbackPlan, { action: "error" }>): string {
  const object = rolloutObjectName(kind, name);
  return plan.action === "skip" ? `${object} skipped rollback (current template already matches revision ${plan.revision})` : `${object} rolled back`;
}
