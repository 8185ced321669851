import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import { checkIntOrPercent } from "./int-or-percent.js";
import type { IssueList } from "./issue-list.js";
import { intOrStringField, objectField, stringField } from "./json-access.js";
import { checkEnum, checkNonNegative } from "./numbers.js";
import { checkSelectorAndTemplate } from "./workload.js";

/** apps/v1 DaemonSet (ValidateDaemonSetSpec). */
export function checkDaemonSet(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  checkNonNegative(spec, ["minReadySeconds", "revisionHistoryLimit"], ["spec"], issues);
  checkSelectorAndTemplate(spec, { owner: "DaemonSet", runToCompletion: false }, issues);

  const strategy = objectField(spec, "updateStrategy");
  const path = ["spec", "updateStrategy"];
  checkEnum(strategy, "type", ["RollingUpdate", "OnDelete"], path, issues);
  if ((stringField(strategy, "type") ?? "RollingUpdate") !== "RollingUpdate") return;
  const rollingUpdate = objectField(strategy, "rollingUpdate");
  const at = [...path, "rollingUpdate"];
  // Defaults: maxUnavailable 1, maxSurge 0.
  const unavailable = checkIntOrPercent(intOrStringField(rollingUpdate, "maxUnavailable") ?? 1, [...at, "maxUnavailable"], "maxUnavailable", issues);
  const surge = checkIntOrPercent(intOrStringField(rollingUpdate, "maxSurge") ?? 0, [...at, "maxSurge"], "maxSurge", issues);
  if (unavailable === undefined || surge === undefined) return;
  if (unavailable !== 0 && surge !== 0) {
    issues.error(SemanticCode.surgeAndUnavailable, [...at, "maxSurge"], "maxSurge may not be set when maxUnavailable is non-zero: a DaemonSet update either surges or makes Pods unavailable, not both", {
      help: "set `maxUnavailable: 0` to surge, or remove maxSurge",
    });
  } else if (unavailable === 0 && surge === 0) {
    issues.error(SemanticCode.surgeAndUnavailable, [...at, "maxUnavailable"], "maxUnavailable and maxSurge are both 0: the update could never replace a Pod", {
      help: "remove both to get the default (maxUnavailable 1)",
    });
  }
}
