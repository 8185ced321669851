import type { FieldPath } from "../../diag/span.js";
import type { ValidationIssue } from "../issue.js";

export interface IssueDetails {
  label?: string;
  help?: string | string[];
  notes?: string | string[];
}

/** Collects the issues of one object; rules append to it instead of returning lists. */
export class IssueList {
  readonly issues: ValidationIssue[] = [];

  error(code: string, path: FieldPath, message: string, details: IssueDetails = {}): void {
    this.push("error", code, path, message, details);
  }

  warning(code: string, path: FieldPath, message: string, details: IssueDetails = {}): void {
    this.push("warning", code, path, message, details);
  }

  private push(severity: ValidationIssue["severity"], code: string, path: FieldPath, message: string, details: IssueDetails): void {
    const issue: ValidationIssue = { severity, code, path: [...path], message };
    if (details.label !== undefined) issue.label = details.label;
    const help = toList(details.help);
    if (help) issue.help = help;
    const notes = toList(details.notes);
    if (notes) issue.notes = notes;
    this.issues.push(issue);
  }
}

function toList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 ? list : undefined;
}

