import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import { checkBase64Values, checkDataKeys, maxDataBytes } from "./data-keys.js";
import type { IssueList } from "./issue-list.js";
import { objectField } from "./json-access.js";

/** v1 ConfigMap: valid keys, no key in both data and binaryData, at most 1 MiB. */
export function checkConfigMap(object: JsonObject, issues: IssueList): void {
  const data = checkDataKeys(objectField(object, "data"), ["data"], issues);
  const binary = checkDataKeys(objectField(object, "binaryData"), ["binaryData"], issues);
  const textKeys = new Set(data.map(([k]) => k));
  for (const [key] of binary) {
    if (textKeys.has(key)) {
      issues.error(SemanticCode.duplicateDataKey, ["binaryData", key], `key \`${key}\` is in both data and binaryData`, {
        help: "a key names one file: keep it in one of the two maps",
      });
    }
  }
  const size = data.reduce((n, [, v]) => n + Buffer.byteLength(v), 0) + checkBase64Values(binary, ["binaryData"], "binaryData", issues);
  if (size > maxDataBytes) {
    issues.error(SemanticCode.dataTooLarge, ["data"], `the ConfigMap holds ${size} bytes; a ConfigMap is limited to ${maxDataBytes} bytes (1 MiB)`, {
      help: "split the data over several ConfigMaps, or mount it from a volume instead",
    });
  }
}
