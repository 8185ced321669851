import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, objectField, stringMapField } from "./json-access.js";
import { checkPodTemplate, type TemplateRules } from "./pod-template.js";
import { renderLabels, checkLabelSelector, checkSelectorMatchesTemplate } from "./selector.js";

/**
 * The part every apps/v1 controller shares: a required, non-empty label selector, a pod template,
 * and the selector matching the template's labels. Returns the template labels.
 */
export function checkSelectorAndTemplate(spec: JsonObject | undefined, rules: TemplateRules, issues: IssueList): Readonly<Record<string, string>> {
  const kind = rules.owner;
  const templatePath: FieldPath = ["spec", "template"];
  const template = objectField(spec, "template");
  if (!template) {
    issues.error(SemanticCode.missingContainerPart, templatePath, `a ${kind} needs spec.template, the Pods it runs`);
  }
  const labels = template ? checkPodTemplate(template, templatePath, rules, issues) : {};

  const selectorPath: FieldPath = ["spec", "selector"];
  const selector = objectField(spec, "selector");
  if (!selector) {
    issues.error(SemanticCode.selectorRequired, selectorPath, `a ${kind} needs spec.selector: apps/v1 does not default it from the template labels`, {
      help: `add \`selector: ${exampleSelector(labels)}\``,
    });
    return labels;
  }
  const matchLabels = stringMapField(selector, "matchLabels");
  const expressions = selector.matchExpressions;
  if (Object.keys(matchLabels ?? {}).length === 0 && !(Array.isArray(expressions) && expressions.length > 0)) {
    issues.error(SemanticCode.selectorRequired, selectorPath, `a ${kind}'s selector must not be empty: an empty selector would match every Pod in the namespace`, {
      help: `use \`selector: ${exampleSelector(labels)}\``,
    });
    return labels;
  }
  const requirements = checkLabelSelector(selector, selectorPath, issues);
  if (requirements && template) {
    checkSelectorMatchesTemplate(requirements, labels, kind, [...templatePath, "metadata", "labels"], issues);
  }
  return labels;
}

/** A selector to suggest: the template's labels when it has some. */
function exampleSelector(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels).length > 0 ? `{ matchLabels: { ${renderLabels(labels).replace(/=/g, ": ")} } }` : "{ matchLabels: { app: <name> } } and the same labels on the template";
}

/** Whether a `rollingUpdate` block is present (and not null). */
export function hasRollingUpdate(strategy: JsonObject | undefined): boolean {
  return has(strategy, "rollingUpdate");
}
