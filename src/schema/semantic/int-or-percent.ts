import type { FieldPath } from "../../diag/span.js";
import { isPercent } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";

/**
 * The value of an IntOrString like maxSurge: a non-negative integer or a percentage `N%` up to
 * 100% (a Deployment's maxSurge may go above 100%: pass `capAt100: false`). Returns the number (the percentage without `%`) when valid, undefined otherwise.
 */
export function checkIntOrPercent(value: number | string | undefined, path: FieldPath, what: string, issues: IssueList, capAt100 = true): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) {
      issues.error(SemanticCode.invalidIntOrPercent, path, `${what} must be a non-negative integer or a percentage (got ${value})`);
      return undefined;
    }
    return value;
  }
  if (!isPercent(value)) {
    issues.error(SemanticCode.invalidIntOrPercent, path, `${what} \`${value}\` must be an integer or a percentage like \`25%\``, {
      help: /^[0-9]+$/.test(value) ? `write it as a number, ${value}, or as \`${value}%\`` : undefined,
    });
    return undefined;
  }
  const percent = Number(value.slice(0, -1));
  if (capAt100 && percent > 100) {
    issues.error(SemanticCode.invalidIntOrPercent, path, `${what} ${value} must not be greater than 100%`);
    return undefined;
  }
  return percent;
}
