import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { labelValueProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { listField, objectItems, stringField, stringMapField } from "./json-access.js";
import { checkLabelKey, checkLabels } from "./labels.js";

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/** One requirement of a label selector; matchLabels entries are `In` with one value. */
export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

const operators: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

function isOperator(value: string): value is SelectorOperator {
  return (operators as readonly string[]).includes(value);
}

/**
 * Checks a metav1.LabelSelector (matchLabels and matchExpressions with their operator rules).
 * Returns the requirements when the selector is well-formed, undefined when it is not (so that
 * callers do not also report a mismatch for a selector that cannot be evaluated).
 */
export function checkLabelSelector(selector: JsonObject, path: FieldPath, issues: IssueList): SelectorRequirement[] | undefined {
  const before = issues.issues.length;
  const requirements: SelectorRequirement[] = [];
  const matchLabels = stringMapField(selector, "matchLabels");
  if (matchLabels) {
    checkLabels(matchLabels, [...path, "matchLabels"], issues);
    for (const key in matchLabels) requirements.push({ key, operator: "In", values: [matchLabels[key]] });
  }

  for (const { item, index } of objectItems(selector, "matchExpressions")) {
    const at: FieldPath = [...path, "matchExpressions", index];
    const key = stringField(item, "key") ?? "";
    const operator = stringField(item, "operator") ?? "";
    const values = (listField(item, "values") ?? []).filter((v): v is string => typeof v === "string");
    checkLabelKey(key, [...at, "key"], issues);
    if (!isOperator(operator)) {
      issues.error(SemanticCode.invalidSelector, [...at, "operator"], `\`${operator}\` is not a selector operator; use In, NotIn, Exists or DoesNotExist`);
      continue;
    }
    if ((operator === "In" || operator === "NotIn") && values.length === 0) {
      issues.error(SemanticCode.invalidSelector, [...at, "values"], `operator ${operator} needs at least one value for \`${key}\``, {
        help: `to select on the presence of \`${key}\` alone, use operator ${operator === "In" ? "Exists" : "DoesNotExist"}`,
      });
    }
    if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
      issues.error(SemanticCode.invalidSelector, [...at, "values"], `operator ${operator} takes no values, but \`${key}\` lists ${values.length}`, {
        help: "remove `values`, or use operator In / NotIn",
      });
    }
    values.forEach((value, i) => {
      const problems = labelValueProblems(value);
      if (problems.length > 0) issues.error(SemanticCode.invalidSelector, [...at, "values", i], `invalid selector value \`${value}\`: ${problems[0]}`);
    });
    requirements.push({ key, operator, values });
  }
  return issues.issues.length === before ? requirements : undefined;
}

/** The requirements a set of labels fails (empty when the selector matches). */
export function unmetRequirements(requirements: readonly SelectorRequirement[], labels: Readonly<Record<string, string>>): SelectorRequirement[] {
  return requirements.filter((r) => !requirementMatches(r, labels));
}

function requirementMatches(r: SelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case "In":
      return present && r.values.includes(labels[r.key]);
    case "NotIn":
      return !present || !r.values.includes(labels[r.key]);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
  }
}

/** kubectl's selector syntax: `app=nginx`, `tier in (a, b)`, `env notin (qa)`, `release`, `!canary`. */
export function renderRequirement(r: SelectorRequirement): string {
  switch (r.operator) {
    case "In":
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(", ")})`;
    case "NotIn":
      return `${r.key} notin (${r.values.join(", ")})`;
    case "Exists":
      return r.key;
    case "DoesNotExist":
      return `!${r.key}`;
  }
}

export function renderLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/**
 * Reports a selector that does not select its own template's Pods. `labelsPath` is the template's
 * metadata.labels, where the apiserver reports it.
 */
export function checkSelectorMatchesTemplate(
  requirements: readonly SelectorRequirement[],
  templateLabels: Readonly<Record<string, string>>,
  kind: string,
  labelsPath: FieldPath,
  issues: IssueList,
): void {
  const unmet = unmetRequirements(requirements, templateLabels);
  if (unmet.length === 0) return;
  const wants = unmet.map((r) => `\`${renderRequirement(r)}\``).join(", ");
  const has = Object.keys(templateLabels).length > 0 ? `template has \`${renderLabels(templateLabels)}\`` : "template has no labels";
  const fixes = unmet.filter((r) => r.operator === "In" && r.values.length === 1).map((r) => `${r.key}: ${r.values[0]}`);
  issues.error(SemanticCode.selectorMismatch, labelsPath, `selector does not match template labels: selector wants ${wants}, ${has}`, {
    label: "these labels must satisfy spec.selector",
    notes: `a ${kind} manages the Pods its selector matches, so its own Pods must match it`,
    help: fixes.length === unmet.length ? `add \`${fixes.join("`, `")}\` to the template labels, or change the selector` : "change the template labels or the selector so that the selector matches them",
  });
}
