import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { objectField, stringField, stringMapField } from "./json-access.js";
import { checkTemplateMeta } from "./metadata.js";
import { checkNoActiveDeadline, checkPodSpec } from "./pod-spec.js";

/** How a kind constrains the Pods its template makes. */
export interface TemplateRules {
  /** The owning kind, for messages ("Deployment", "Job", "CronJob"). */
  owner: string;
  /** Long-running controllers restart every Pod (Always); Jobs run to completion (OnFailure, Never). */
  runToCompletion: boolean;
  extraVolumeNames?: ReadonlySet<string>;
}

/** Checks a PodTemplateSpec and returns its labels (empty when absent). */
export function checkPodTemplate(template: JsonObject | undefined, path: FieldPath, rules: TemplateRules, issues: IssueList): Readonly<Record<string, string>> {
  const metadata = objectField(template, "metadata");
  checkTemplateMeta(metadata, [...path, "metadata"], issues);
  const spec = objectField(template, "spec");
  const specPath: FieldPath = [...path, "spec"];
  if (spec) checkPodSpec(spec, specPath, { isTemplate: true, extraVolumeNames: rules.extraVolumeNames }, issues);
  checkTemplateRestartPolicy(spec, specPath, rules, issues);
  if (!rules.runToCompletion) checkNoActiveDeadline(spec, specPath, rules.owner, issues);
  return stringMapField(metadata, "labels") ?? {};
}

function checkTemplateRestartPolicy(spec: JsonObject | undefined, path: FieldPath, rules: TemplateRules, issues: IssueList): void {
  const policy = stringField(spec, "restartPolicy");
  if (rules.runToCompletion) {
    // The apiserver defaults restartPolicy to Always before this check, so an unset policy fails too.
    if (policy === undefined || policy === "Always") {
      issues.error(
        SemanticCode.restartPolicy,
        [...path, "restartPolicy"],
        policy === undefined
          ? `a ${rules.owner} pod template needs restartPolicy OnFailure or Never`
          : `a ${rules.owner} pod template cannot use restartPolicy Always: its Pods must be able to finish`,
        {
          label: "must be OnFailure or Never",
          help: "set `restartPolicy: OnFailure` to retry a failed container in place, or `Never` to start a new Pod for each retry",
        },
      );
    }
  } else if (policy !== undefined && policy !== "Always") {
    issues.error(SemanticCode.restartPolicy, [...path, "restartPolicy"], `a ${rules.owner} pod template must use restartPolicy Always (got \`${policy}\`)`, {
      label: "only Always is allowed here",
      notes: `a ${rules.owner} keeps its Pods running and replaces them when they exit`,
      help: "remove restartPolicy (it defaults to Always), or use a Job for run-to-completion work",
    });
  }
}
