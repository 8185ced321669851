import type { JsonObject } from "../json.js";
import { qualifiedNameProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, numberField, objectField, objectItems, stringField } from "./json-access.js";

const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** v1 Node: the spec's taints (key syntax, effect, no duplicate key/effect). */
export function checkNode(object: JsonObject, issues: IssueList): void {
  const seen = new Set<string>();
  for (const { item: taint, index } of objectItems(objectField(object, "spec"), "taints")) {
    const at = ["spec", "taints", index];
    const key = stringField(taint, "key") ?? "";
    const problems = qualifiedNameProblems(key);
    if (problems.length > 0) issues.error(SemanticCode.nodeTaint, [...at, "key"], `invalid taint key \`${key}\`: ${problems[0]}`);
    const effect = stringField(taint, "effect") ?? "";
    if (!taintEffects.includes(effect)) issues.error(SemanticCode.nodeTaint, [...at, "effect"], `a taint needs an effect: ${taintEffects.join(", ")}`);
    const id = `${key}:${effect}`;
    if (seen.has(id)) issues.error(SemanticCode.nodeTaint, at, `taint ${id} is listed twice`);
    seen.add(id);
  }
}

/** apps/v1 ControllerRevision: the data snapshot is mandatory and the revision number non-negative. */
export function checkControllerRevision(object: JsonObject, issues: IssueList): void {
  if (!has(object, "data")) issues.error(SemanticCode.controllerRevision, ["data"], "a ControllerRevision needs data, the snapshot it records");
  const revision = numberField(object, "revision");
  if (revision !== undefined && revision < 0) issues.error(SemanticCode.controllerRevision, ["revision"], `revision must not be negative (got ${revision})`);
}
