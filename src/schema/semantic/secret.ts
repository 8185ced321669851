import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import { checkBase64Values, checkDataKeys, maxDataBytes } from "./data-keys.js";
import type { IssueList } from "./issue-list.js";
import { objectField, stringField, stringMapField } from "./json-access.js";

/** Keys that a Secret of a built-in type must carry (any one of a group of alternatives). */
const requiredKeysByType: Record<string, string[][]> = {
  "kubernetes.io/dockercfg": [[".dockercfg"]],
  "kubernetes.io/dockerconfigjson": [[".dockerconfigjson"]],
  "kubernetes.io/basic-auth": [["username", "password"]],
  "kubernetes.io/ssh-auth": [["ssh-privatekey"]],
  "kubernetes.io/tls": [["tls.crt"], ["tls.key"]],
};

/** v1 Secret: base64 data, valid keys, at most 1 MiB, and the keys its type requires. */
export function checkSecret(object: JsonObject, issues: IssueList): void {
  const data = checkDataKeys(objectField(object, "data"), ["data"], issues);
  const stringData = checkDataKeys(objectField(object, "stringData"), ["stringData"], issues);
  const size = checkBase64Values(data, ["data"], "data", issues) + stringData.reduce((n, [, v]) => n + Buffer.byteLength(v), 0);
  if (size > maxDataBytes) {
    issues.error(SemanticCode.dataTooLarge, ["data"], `the Secret holds ${size} bytes; a Secret is limited to ${maxDataBytes} bytes (1 MiB)`);
  }

  // stringData is merged into data on write, so either map can provide a required key.
  const keys = new Set([...data.map(([k]) => k), ...stringData.map(([k]) => k)]);
  const type = stringField(object, "type") ?? "Opaque";
  for (const group of requiredKeysByType[type] ?? []) {
    if (!group.some((k) => keys.has(k))) {
      issues.error(SemanticCode.secretType, ["data"], `a Secret of type ${type} needs ${group.length === 1 ? `the key \`${group[0]}\`` : `one of the keys ${group.map((k) => `\`${k}\``).join(" or ")}`}`, {
        help: `add it under data (base64) or stringData (plain text), or use type Opaque`,
      });
    }
  }
  if (type === "kubernetes.io/service-account-token") {
    const annotations = stringMapField(objectField(object, "metadata"), "annotations") ?? {};
    if (!annotations["kubernetes.io/service-account.name"]) {
      issues.error(SemanticCode.secretType, ["metadata", "annotations"], "a service-account-token Secret needs the annotation `kubernetes.io/service-account.name`");
    }
  }
}
