import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { canonicalJson } from "../../store/canonical-json.js";
import { metadataOf, specOf, uidOf } from "../shared/pod-facts.js";

/**
 * persistentVolumeClaimRetentionPolicy through ownerReferences, as the controller carries it
 * out: whenDeleted Delete makes the set an owner of every claim (the garbage collector removes
 * them with the set); whenScaled Delete makes a condemned pod (ordinal ≥ replicas) the owner of
 * its claims (instead of the set) before it is deleted, so they go once the pod has gone.
 * Retain (the default) adds neither.
 */
export interface RetentionPolicy {
  whenDeleted: "Retain" | "Delete";
  whenScaled: "Retain" | "Delete";
}

export function retentionPolicy(set: JsonObject): RetentionPolicy {
  const p = specOf(set).persistentVolumeClaimRetentionPolicy;
  const policy = isJsonObject(p) ? p : {};
  return { whenDeleted: policy.whenDeleted === "Delete" ? "Delete" : "Retain", whenScaled: policy.whenScaled === "Delete" ? "Delete" : "Retain" };
}

function ownerRef(owner: JsonObject): JsonObject {
  return { apiVersion: String(owner.apiVersion), kind: String(owner.kind), name: String(metadataOf(owner).name), uid: uidOf(owner), controller: false, blockOwnerDeletion: true };
}

/** The claim with the ownerReferences the policy asks for, or undefined when they are already right. */
export function claimWithRetentionOwners(claim: JsonObject, set: JsonObject, pod: JsonObject | undefined, ordinal: number, replicas: number): JsonObject | undefined {
  const policy = retentionPolicy(set);
  const meta = metadataOf(claim);
  const existing = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.filter(isJsonObject) : [];
  const setUid = uidOf(set);
  const podUid = pod ? uidOf(pod) : undefined;
  // Keep references that are not ours to manage (another owner, or a pod of another ordinal).
  const kept = existing.filter((r) => r.uid !== setUid && !(r.kind === "Pod" && String(r.name) === `${String(metadataOf(set).name)}-${ordinal}`));
  const wanted = [...kept];
  // A condemned ordinal's claim with whenScaled Delete is the pod's alone: with the set as a second
  // owner the garbage collector (which waits for every owner) would keep it while the set lives.
  const condemnedWithPod = policy.whenScaled === "Delete" && pod !== undefined && podUid !== undefined && ordinal >= replicas;
  if (condemnedWithPod) wanted.push(ownerRef(pod));
  else if (policy.whenDeleted === "Delete") wanted.push(ownerRef(set));
  if (canonicalJson(wanted) === canonicalJson(existing)) return undefined;
  const next: JsonObject = { ...meta };
  if (wanted.length > 0) next.ownerReferences = wanted;
  else delete next.ownerReferences;
  return { ...claim, metadata: next };
}
