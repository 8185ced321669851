import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { configMapKeyProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";

/** ConfigMaps and Secrets are stored in etcd and mounted as files: at most 1 MiB of data each. */
export const maxDataBytes = 1024 * 1024;

/** Checks the keys of a data map (they become file names) and returns the map's entries. */
export function checkDataKeys(map: JsonObject | undefined, path: FieldPath, issues: IssueList): [string, string][] {
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(map ?? {})) {
    const problems = configMapKeyProblems(key);
    if (problems.length > 0) {
      issues.error(SemanticCode.invalidDataKey, [...path, key], `invalid key \`${key}\`: ${problems[0]}`, {
        notes: ["keys become file names when the data is mounted as a volume", ...problems.slice(1)],
        help: /[/ ]/.test(key) ? `try \`${key.replace(/[/ ]+/g, "_")}\`` : undefined,
      });
    }
    if (typeof value === "string") entries.push([key, value]);
  }
  return entries;
}

/**
 * The bytes of a base64 value as Go's encoding/json decodes []byte (standard alphabet, padding
 * required, line breaks ignored). Returns the decoded length or a description of the problem.
 */
export function decodeBase64Length(value: string): number | { problem: string } {
  const text = value.replace(/[\r\n]/g, "");
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (!/[A-Za-z0-9+/=]/.test(ch)) return { problem: `illegal character \`${ch === " " ? "␠" : ch}\` at position ${i}` };
    if (ch === "=" && !/^={1,2}$/.test(text.slice(i))) return { problem: `\`=\` padding at position ${i} before the end` };
  }
  if (text.length % 4 !== 0) return { problem: `its length ${text.length} is not a multiple of 4 (missing \`=\` padding?)` };
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Reports each value of a base64 map (Secret data, ConfigMap binaryData) that does not decode. Returns the decoded total. */
export function checkBase64Values(entries: [string, string][], path: FieldPath, field: string, issues: IssueList): number {
  let total = 0;
  for (const [key, value] of entries) {
    const decoded = decodeBase64Length(value);
    if (typeof decoded === "number") {
      total += decoded;
      continue;
    }
    issues.error(SemanticCode.notBase64, [...path, key], `${field}[\`${key}\`] is not valid base64: ${decoded.problem}`, {
      notes: `${field} values are base64-encoded bytes`,
      help: field === "data" ? "put plain text under stringData instead, or encode the value (`printf %s 'value' | base64`)" : "encode the value with base64",
    });
  }
  return total;
}
