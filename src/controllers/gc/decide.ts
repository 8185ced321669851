import type { JsonObject } from "../../schema/json.js";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type DeletionPropagation } from "../../store/index.js";
import { isBeingDeleted } from "../shared/pod-status.js";

export interface OwnerRefView {
  uid: string;
  blockOwnerDeletion: boolean;
}

/** What the collector found for one ownerReference. */
export type OwnerState =
  /** The owner exists and is not waiting for its dependents. */
  | "solid"
  /** No object with that uid exists: the owner is gone. */
  | "dangling"
  /** The owner is being deleted in the foreground: its dependents go first. */
  | "waitingForDependents";

export function finalizersOf(object: JsonObject): string[] {
  const f = (object.metadata as JsonObject | undefined)?.finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === "string") : [];
}

/** classifyReferences for one owner as read from the store (undefined: not found by uid). */
export function ownerState(owner: JsonObject | undefined): OwnerState {
  if (!owner) return "dangling";
  if (isBeingDeleted(owner) && finalizersOf(owner).includes(FOREGROUND_FINALIZER)) return "waitingForDependents";
  return "solid";
}

export type DependentAction =
  | { kind: "none" }
  /** Keep the object, dropping the references to owners that are gone or going. */
  | { kind: "removeReferences"; uids: string[] }
  | { kind: "delete"; propagation: DeletionPropagation };

/**
 * attemptToDeleteItem's decision for an object with ownerReferences: while any owner is solid the
 * object stays (references to absent or foreground-deleting owners are removed); when every owner
 * is gone it is deleted (with the policy its own finalizers ask for, else Background); when some
 * owner waits for it in the foreground it is deleted in the foreground too if it has dependents.
 */
export function decideDependent(object: JsonObject, owners: ReadonlyMap<string, OwnerState>, hasDependents: boolean): DependentAction {
  if (isBeingDeleted(object) || owners.size === 0) return { kind: "none" };
  const solid = [...owners.values()].filter((s) => s === "solid").length;
  const notSolid = [...owners.entries()].filter(([, s]) => s !== "solid").map(([uid]) => uid);
  if (notSolid.length === 0) return { kind: "none" };
  if (solid > 0) return { kind: "removeReferences", uids: notSolid };
  const waiting = [...owners.values()].some((s) => s === "waitingForDependents");
  if (waiting) return { kind: "delete", propagation: hasDependents ? "Foreground" : "Background" };
  const finalizers = finalizersOf(object);
  if (finalizers.includes(ORPHAN_FINALIZER)) return { kind: "delete", propagation: "Orphan" };
  if (finalizers.includes(FOREGROUND_FINALIZER)) return { kind: "delete", propagation: "Foreground" };
  return { kind: "delete", propagation: "Background" };
}

/**
 * processDeletingDependentsItem's decision: a foreground-deleting owner keeps its finalizer while a
 * dependent that blocks owner deletion remains (being deleted or not).
 */
export function foregroundBlocked(ownerUid: string, dependents: readonly JsonObject[]): boolean {
  return dependents.some((d) => {
    const refs = (d.metadata as JsonObject).ownerReferences;
    return Array.isArray(refs) && refs.some((r) => typeof r === "object" && r !== null && !Array.isArray(r) && r.uid === ownerUid && r.blockOwnerDeletion === true);
  });
}
