import type { FieldPath } from "../../diag/span.js";
import { labelValueProblems, qualifiedNameProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";

const maxAnnotationsBytes = 256 * 1024;

/** Label maps: metadata.labels, template labels, nodeSelector, a Service selector. */
export function checkLabels(labels: Readonly<Record<string, string>> | undefined, path: FieldPath, issues: IssueList): void {
  if (!labels) return;
  for (const key in labels) {
    const value = labels[key];
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length > 0) reportLabelKey(key, keyProblems, [...path, key], issues);
    const valueProblems = labelValueProblems(value);
    if (valueProblems.length > 0) {
      issues.error(SemanticCode.invalidLabelValue, [...path, key], `invalid label value \`${value}\` for \`${key}\`: ${valueProblems[0]}`, {
        notes: valueProblems.slice(1),
        help: value.length > 63 ? "label values are short identifiers; put longer text in an annotation" : undefined,
      });
    }
  }
}

export function checkLabelKey(key: string, path: FieldPath, issues: IssueList): void {
  const problems = qualifiedNameProblems(key);
  if (problems.length > 0) reportLabelKey(key, problems, path, issues);
}

function reportLabelKey(key: string, problems: readonly string[], path: FieldPath, issues: IssueList): void {
  issues.error(SemanticCode.invalidLabelKey, path, `invalid label key \`${key}\`: ${problems[0]}`, {
    notes: problems.slice(1),
    help: "label keys are an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters, e.g. `app.kubernetes.io/name`",
  });
}

/** Annotation keys are qualified names (checked lower-cased, as the apiserver does); values are free text up to 256 KiB in total. */
export function checkAnnotations(annotations: Readonly<Record<string, string>> | undefined, path: FieldPath, issues: IssueList): void {
  if (!annotations) return;
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    total += Buffer.byteLength(key) + Buffer.byteLength(value);
    const problems = qualifiedNameProblems(key.toLowerCase());
    if (problems.length > 0) {
      issues.error(SemanticCode.invalidAnnotations, [...path, key], `invalid annotation key \`${key}\`: ${problems[0]}`, { notes: problems.slice(1) });
    }
  }
  if (total > maxAnnotationsBytes) {
    issues.error(SemanticCode.invalidAnnotations, path, `annotations are ${total} bytes; the total size of all annotation keys and values must not exceed ${maxAnnotationsBytes} bytes (256 KiB)`, {
      help: "store large data in a ConfigMap and reference it from an annotation",
    });
  }
}
