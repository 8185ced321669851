import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import { checkIntOrPercent } from "./int-or-percent.js";
import type { IssueList } from "./issue-list.js";
import { intOrStringField, numberField, objectField, stringField } from "./json-access.js";
import { checkEnum, checkNonNegative } from "./numbers.js";
import { checkSelectorAndTemplate, hasRollingUpdate } from "./workload.js";

const defaultProgressDeadlineSeconds = 600;
const nonNegativeFields = ["replicas", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"];
const strategyTypes = ["RollingUpdate", "Recreate"];
const strategyPath = ["spec", "strategy"];
const maxSurgePath = [...strategyPath, "rollingUpdate", "maxSurge"];
const maxUnavailablePath = [...strategyPath, "rollingUpdate", "maxUnavailable"];

/** apps/v1 Deployment (pkg/apis/apps/validation ValidateDeploymentSpec). */
export function checkDeployment(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  checkNonNegative(spec, nonNegativeFields, ["spec"], issues);
  checkSelectorAndTemplate(spec, { owner: "Deployment", runToCompletion: false }, issues);
  checkStrategy(objectField(spec, "strategy"), issues);

  const minReady = numberField(spec, "minReadySeconds") ?? 0;
  const deadline = numberField(spec, "progressDeadlineSeconds") ?? defaultProgressDeadlineSeconds;
  if (deadline >= 0 && deadline <= minReady) {
    issues.error(SemanticCode.progressDeadline, ["spec", "progressDeadlineSeconds"], `progressDeadlineSeconds (${deadline}) must be greater than minReadySeconds (${minReady})`, {
      notes: "a rollout could never make progress within the deadline if each Pod must first be ready for minReadySeconds",
      help: `raise progressDeadlineSeconds above ${minReady}`,
    });
  }
}

function checkStrategy(strategy: JsonObject | undefined, issues: IssueList): void {
  const path = strategyPath;
  checkEnum(strategy, "type", strategyTypes, path, issues);
  const type = stringField(strategy, "type") ?? "RollingUpdate";
  if (type === "Recreate" && hasRollingUpdate(strategy)) {
    issues.error(SemanticCode.rollingUpdateWithoutType, [...path, "rollingUpdate"], "rollingUpdate may not be set when strategy type is Recreate", {
      help: "remove rollingUpdate, or set `type: RollingUpdate`",
    });
    return;
  }
  if (type !== "RollingUpdate") return;
  const rollingUpdate = objectField(strategy, "rollingUpdate");
  // Unset values are the apiserver defaults (25% each), so only explicit zeros can make both 0.
  const surge = checkIntOrPercent(intOrStringField(rollingUpdate, "maxSurge") ?? "25%", maxSurgePath, "maxSurge", issues, false);
  const unavailable = checkIntOrPercent(intOrStringField(rollingUpdate, "maxUnavailable") ?? "25%", maxUnavailablePath, "maxUnavailable", issues);
  if (surge === 0 && unavailable === 0) {
    issues.error(SemanticCode.surgeAndUnavailable, maxUnavailablePath, "maxSurge and maxUnavailable are both 0: a rolling update could neither add a new Pod nor remove an old one", {
      help: "allow at least one of them, e.g. `maxSurge: 1` (start a new Pod before stopping an old one)",
    });
  }
}
