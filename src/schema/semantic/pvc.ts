import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { dns1123SubdomainProblems } from "../names.js";
import { quantitySign } from "../quantity.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { listField, objectField, stringField } from "./json-access.js";
import { checkEnum } from "./numbers.js";
import { checkQuantity } from "./resources.js";
import { checkLabelSelector } from "./selector.js";

const accessModes = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];

/** v1 PersistentVolumeClaim. */
export function checkPersistentVolumeClaim(object: JsonObject, issues: IssueList): void {
  checkClaimSpec(objectField(object, "spec"), ["spec"], issues);
}

/** A PersistentVolumeClaimSpec, standalone or in a StatefulSet's volumeClaimTemplates. */
export function checkClaimSpec(spec: JsonObject | undefined, path: FieldPath, issues: IssueList): void {
  const modes = (listField(spec, "accessModes") ?? []).filter((m): m is string => typeof m === "string");
  if (modes.length === 0) {
    issues.error(SemanticCode.accessModes, [...path, "accessModes"], "a PersistentVolumeClaim needs at least one access mode", {
      help: "add `accessModes: [ReadWriteOnce]` (one node mounts it read-write), or ReadOnlyMany / ReadWriteMany / ReadWriteOncePod",
    });
  }
  modes.forEach((mode, i) => {
    if (!accessModes.includes(mode)) {
      issues.error(SemanticCode.accessModes, [...path, "accessModes", i], `unsupported access mode \`${mode}\`; use ${accessModes.join(", ")}`);
    }
  });
  if (modes.includes("ReadWriteOncePod") && modes.length > 1) {
    issues.error(SemanticCode.accessModes, [...path, "accessModes"], "ReadWriteOncePod may not be combined with other access modes");
  }

  const resources = objectField(spec, "resources");
  const requests = objectField(resources, "requests");
  const storagePath: FieldPath = [...path, "resources", "requests", "storage"];
  if (requests?.storage === undefined || requests.storage === null) {
    issues.error(SemanticCode.storageRequest, storagePath, "a PersistentVolumeClaim must request storage: resources.requests.storage is required", {
      help: "add `resources: { requests: { storage: 1Gi } }`",
    });
  } else {
    const q = checkQuantity(requests.storage, storagePath, "resources.requests.storage", issues);
    if (q && quantitySign(q) === 0) issues.error(SemanticCode.storageRequest, storagePath, "resources.requests.storage must be greater than zero");
  }
  const limits = objectField(resources, "limits");
  if (limits) for (const [name, value] of Object.entries(limits)) checkQuantity(value, [...path, "resources", "limits", name], `resources.limits.${name}`, issues);

  checkEnum(spec, "volumeMode", ["Filesystem", "Block"], path, issues);
  const storageClass = stringField(spec, "storageClassName");
  if (storageClass !== undefined && storageClass !== "") {
    const problems = dns1123SubdomainProblems(storageClass);
    if (problems.length > 0) issues.error(SemanticCode.claimSpec, [...path, "storageClassName"], `invalid storageClassName \`${storageClass}\`: ${problems[0]}`);
  }
  const selector = objectField(spec, "selector");
  if (selector) checkLabelSelector(selector, [...path, "selector"], issues);
}
