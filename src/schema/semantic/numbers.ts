import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { numberField, stringField } from "./json-access.js";

/** Reports each listed integer field of `obj` that is negative (replicas, revisionHistoryLimit, ...). */
export function checkNonNegative(obj: JsonObject | undefined, fields: readonly string[], path: FieldPath, issues: IssueList): void {
  for (const field of fields) {
    const value = numberField(obj, field);
    if (value !== undefined && value < 0) {
      issues.error(SemanticCode.negativeValue, [...path, field], `${field} must not be negative (got ${value})`);
    }
  }
}

/** Reports a string field whose value is not one of `allowed`. */
export function checkEnum(obj: JsonObject | undefined, field: string, allowed: readonly string[], path: FieldPath, issues: IssueList): void {
  const value = stringField(obj, field);
  if (value !== undefined && !allowed.includes(value)) {
    const near = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    issues.error(SemanticCode.unsupportedValue, [...path, field], `unsupported ${field} \`${value}\`; use ${allowed.join(" or ")}`, {
      help: near ? `did you mean \`${near}\`?` : undefined,
    });
  }
}
