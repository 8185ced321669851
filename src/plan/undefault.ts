/**
 * A stored object without the fields defaulting put there, for showing what a deletion removes:
 * the store holds objects defaulted (as the apiserver does), and twenty lines of
 * `terminationMessagePath` and `schedulerName` would bury the fields people wrote. The result is
 * checked: defaulting it again gives back exactly the stored object.
 */
import type { FieldPath } from "../diag/span.js";
import { applyDefaults } from "../schema/defaults/index.js";
import { cloneJson } from "../schema/defaults/mutate.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../schema/json.js";
import { changedPaths } from "./diff/changed-paths.js";
import { diffValues, plainDiffContext } from "./diff/diff-values.js";
import { isAbsent, semanticEqual } from "./diff/semantic-equal.js";
import { valueAt } from "./server-set.js";

/** Field names the apiserver's defaulting fills in (src/schema/defaults); a superset is harmless. */
const DEFAULTED = new Set([
  "allocateLoadBalancerNodePorts", "backoffLimit", "cachingMode", "completionMode", "completions", "concurrencyPolicy", "defaultMode",
  "dnsPolicy", "emptyDir", "enableServiceLinks", "expirationSeconds", "externalTrafficPolicy", "failedJobsHistoryLimit", "failureThreshold",
  "fsType", "hostPort", "imagePullPolicy", "internalTrafficPolicy", "ipFamilies", "ipFamilyPolicy", "iscsiInterface", "keyring",
  "kubernetes.io/metadata.name", "manualSelector", "maxSurge", "maxUnavailable", "metrics", "minReplicas", "parallelism", "partition",
  "path", "periodSeconds", "persistentVolumeClaimRetentionPolicy", "phase", "podManagementPolicy", "podReplacementPolicy", "policies",
  "pool", "progressDeadlineSeconds", "protocol", "readOnly", "replicas", "restartPolicy", "revisionHistoryLimit", "rollingUpdate",
  "scaleDown", "scaleUp", "schedulerName", "scheme", "securityContext", "selectPolicy", "sessionAffinity", "sessionAffinityConfig",
  "stabilizationWindowSeconds", "status", "storageMode", "strategy", "successThreshold", "successfulJobsHistoryLimit", "suspend",
  "targetCPUUtilizationPercentage", "targetPort", "terminationGracePeriodSeconds", "terminationMessagePath", "terminationMessagePolicy",
  "timeoutSeconds", "type", "updateStrategy", "user", "volumeMode", "whenDeleted", "whenScaled",
]);

/** Top-level fields that identify the object: never removed. */
const KEEP_AT_TOP = new Set(["apiVersion", "kind", "metadata"]);

export function withoutDefaults(object: JsonObject): JsonObject {
  const target = applyDefaults(object);
  const stripped = cloneJson(object);
  strip(stripped, true);
  // Put back what defaulting would not restore as it was (a replicas: 3 is not a default), until
  // defaulting the result gives the stored object again; a few rounds cover defaults that depend
  // on other fields (rollingUpdate on strategy.type).
  for (let round = 0; round < 5; round++) {
    const defaulted = applyDefaults(stripped);
    if (semanticEqual(defaulted, target)) return pruneEmpty(stripped);
    const paths = changedPaths(diffValues(defaulted, target, plainDiffContext));
    for (const path of paths) restore(stripped, object, path);
  }
  return object;
}

function strip(node: JsonValue, top: boolean): void {
  if (Array.isArray(node)) {
    for (const item of node) strip(item, false);
    return;
  }
  if (!isJsonObject(node)) return;
  for (const key of Object.keys(node)) {
    if (top && KEEP_AT_TOP.has(key)) {
      strip(node[key], false);
      continue;
    }
    if (DEFAULTED.has(key)) delete node[key];
    else strip(node[key], false);
  }
}

/** Copies from `source` into `target` the value at the shortest prefix of `path` that `target` lacks (or differs at). */
function restore(target: JsonObject, source: JsonObject, path: FieldPath): void {
  for (let i = 1; i <= path.length; i++) {
    const prefix = path.slice(0, i);
    const here = valueAt(target, prefix);
    if (here === undefined || i === path.length) {
      const parent = valueAt(target, prefix.slice(0, -1));
      const key = prefix[prefix.length - 1];
      const value = valueAt(source, prefix);
      if (value === undefined) return;
      if (isJsonObject(parent) && typeof key === "string") parent[key] = cloneJson(value);
      else if (Array.isArray(parent) && typeof key === "number" && key < parent.length) parent[key] = cloneJson(value);
      return;
    }
  }
}

function pruneEmpty(object: JsonObject): JsonObject {
  const walk = (node: JsonValue): JsonValue => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isJsonObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      const pruned = walk(value);
      if (!isAbsent(pruned)) out[key] = pruned;
    }
    return out;
  };
  return walk(object) as JsonObject;
}
