import type { JsonObject, JsonValue } from "../../schema/json.js";
import { objectAt, podIdentity, stringAt } from "../pod-spec/pod-fields.js";
import { referencedNames } from "./users.js";

/** The finalizer Kubernetes' pvc-protection controller puts on every claim. */
export const PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";

/**
 * The status of a claim once mk bound it to its podman volume: phase Bound, the access modes
 * asked for, and the requested storage as capacity (a podman volume has no size of its own). Pure.
 */
export function boundClaimStatus(claim: JsonObject): JsonObject {
  const spec = objectAt(claim.spec);
  const accessModes: JsonValue = Array.isArray(spec.accessModes) ? spec.accessModes : ["ReadWriteOnce"];
  const storage = objectAt(objectAt(spec.resources).requests).storage;
  const status: JsonObject = { ...objectAt(claim.status), phase: "Bound", accessModes };
  if (storage !== undefined) status.capacity = { storage };
  return status;
}

/**
 * Whether a pod keeps a claim from being removed (pvc-protection): it names the claim and has
 * not finished (Succeeded and Failed pods no longer use their volumes). A pod being deleted
 * still does until it is gone.
 */
export function podBlocksClaimRemoval(pod: JsonObject, namespace: string, claimName: string): boolean {
  if (podIdentity(pod).namespace !== namespace) return false;
  const phase = stringAt(objectAt(pod.status).phase);
  if (phase === "Succeeded" || phase === "Failed") return false;
  return referencedNames(pod, "PersistentVolumeClaim").has(claimName);
}

/** The volume's name in Events (`pvc-<claim uid>`, as dynamic provisioning names PersistentVolumes). */
export function claimVolumeName(claim: JsonObject): string {
  return `pvc-${stringAt(objectAt(claim.metadata).uid) ?? ""}`;
}
