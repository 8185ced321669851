import type { JsonObject } from "../../schema/json.js";
import type { ContainerSecurity } from "../../runtime/container-spec.js";
import { numberAt, objectAt, podSpecOf, stringAt, stringsAt } from "./pod-fields.js";

export type SecurityResult = { ok: true; security: ContainerSecurity } | { ok: false; message: string };

/**
 * The effective securityContext: runAsUser, runAsGroup and runAsNonRoot from the container, else
 * the pod; privileged, readOnlyRootFilesystem, capabilities and allowPrivilegeEscalation are
 * container fields; the pod's supplementalGroups and fsGroup become extra groups (mk does not
 * chown volumes to fsGroup). A runAsNonRoot
 * container with runAsUser 0 does not start (the kubelet's verifyRunAsNonRoot).
 */
export function containerSecurity(pod: JsonObject, container: JsonObject): SecurityResult {
  const podContext = objectAt(podSpecOf(pod).securityContext);
  const own = objectAt(container.securityContext);
  const runAsUser = numberAt(own.runAsUser) ?? numberAt(podContext.runAsUser);
  const runAsGroup = numberAt(own.runAsGroup) ?? numberAt(podContext.runAsGroup);
  const runAsNonRoot = typeof own.runAsNonRoot === "boolean" ? own.runAsNonRoot : podContext.runAsNonRoot === true;
  if (runAsNonRoot && runAsUser === 0) {
    const pm = objectAt(pod.metadata);
    return { ok: false, message: `container's runAsUser breaks non-root policy (pod: "${stringAt(pm.name) ?? ""}_${stringAt(pm.namespace) ?? "default"}(${stringAt(pm.uid) ?? ""})", container: ${stringAt(container.name) ?? ""})` };
  }
  const security: ContainerSecurity = {};
  if (runAsUser !== undefined) security.runAsUser = runAsUser;
  if (runAsGroup !== undefined) security.runAsGroup = runAsGroup;
  if (own.privileged === true) security.privileged = true;
  if (own.readOnlyRootFilesystem === true) security.readOnlyRootFilesystem = true;
  const capabilities = objectAt(own.capabilities);
  const add = stringsAt(capabilities.add);
  const drop = stringsAt(capabilities.drop);
  if (add && add.length > 0) security.capabilitiesAdd = add;
  if (drop && drop.length > 0) security.capabilitiesDrop = drop;
  if (own.allowPrivilegeEscalation === false) security.noNewPrivileges = true;
  const fsGroup = numberAt(podContext.fsGroup);
  const groups = [...(Array.isArray(podContext.supplementalGroups) ? podContext.supplementalGroups.filter((g): g is number => typeof g === "number") : []), ...(fsGroup === undefined ? [] : [fsGroup])];
  const unique = [...new Set(groups)];
  if (unique.length > 0) security.supplementalGroups = unique;
  return { ok: true, security };
}
