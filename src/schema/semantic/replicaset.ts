import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { objectField, stringMapField } from "./json-access.js";
import { checkLabels } from "./labels.js";
import { checkNonNegative } from "./numbers.js";
import { checkPodTemplate } from "./pod-template.js";
import { checkSelectorMatchesTemplate, type SelectorRequirement } from "./selector.js";
import { checkSelectorAndTemplate } from "./workload.js";

/** apps/v1 ReplicaSet: like a Deployment without the strategy. */
export function checkReplicaSet(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  checkNonNegative(spec, ["replicas", "minReadySeconds"], ["spec"], issues);
  checkSelectorAndTemplate(spec, { owner: "ReplicaSet", runToCompletion: false }, issues);
}

/**
 * v1 ReplicationController: its selector is a plain label map that defaults to the template's
 * labels, so it is optional; when given it must match them.
 */
export function checkReplicationController(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  checkNonNegative(spec, ["replicas", "minReadySeconds"], ["spec"], issues);
  const template = objectField(spec, "template");
  if (!template) {
    issues.error(SemanticCode.missingContainerPart, ["spec", "template"], "a ReplicationController needs spec.template, the Pods it runs");
    return;
  }
  const labels = checkPodTemplate(template, ["spec", "template"], { owner: "ReplicationController", runToCompletion: false }, issues);
  const selector = stringMapField(spec, "selector") ?? {};
  checkLabels(selector, ["spec", "selector"], issues);
  if (Object.keys(selector).length === 0) {
    if (Object.keys(labels).length === 0) {
      issues.error(SemanticCode.selectorRequired, ["spec", "template", "metadata", "labels"], "a ReplicationController needs a selector, and without one it takes the template's labels, but the template has none", {
        help: "add labels to the template, e.g. `app: <name>`",
      });
    }
    return;
  }
  const requirements: SelectorRequirement[] = Object.entries(selector).map(([key, value]) => ({ key, operator: "In", values: [value] }));
  checkSelectorMatchesTemplate(requirements, labels, "ReplicationController", ["spec", "template", "metadata", "labels"], issues);
}
