import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { objectField } from "./json-access.js";
import { checkPodSpec } from "./pod-spec.js";

/** v1 Pod. */
export function checkPod(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  if (!spec) {
    issues.error(SemanticCode.missingContainerPart, ["spec"], "a Pod needs a spec with at least one container");
    return;
  }
  checkPodSpec(spec, ["spec"], { isTemplate: false }, issues);
}
