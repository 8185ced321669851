import type { JsonObject } from "../../schema/json.js";
import type { ContainerSecurity } from "../../runtime/container-spec.js";
import { numberAt, objectAt, podSpecOf, stringAt } from "./pod-fields.js";

export type SecurityResult = { ok: true; security: ContainerSecurity } | { ok: false; message: string };

/**
 * The effective securityContext: runAsUser, runAsGroup and runAsNonRoot from the container, else
 * the pod; privileged and readOnlyRootFilesystem are container-only fields. A runAsNonRoot
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
  return { ok: true, security };
}
