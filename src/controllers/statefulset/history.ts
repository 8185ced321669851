import type { JsonObject } from "../../schema/json.js";
import { StoreError, type ObjectRef, type Store } from "../../store/index.js";
import { controllerUid } from "../shared/owner-reference.js";
import { metadataOf } from "../shared/pod-facts.js";
import { planRevisionRollback, rollbackMessage } from "./rollback.js";

/** A StatefulSet's or DaemonSet's ControllerRevisions, read from the store (`mk rollout history | undo`). */
export type RevisionOwnerKind = "StatefulSet" | "DaemonSet";

/** The owner: a StatefulSet or DaemonSet (apiVersion apps/v1). */
export type RevisionOwnerRef = ObjectRef & { kind: RevisionOwnerKind };

export interface RevisionHistory {
  owner: JsonObject;
  /** The ControllerRevisions the owner controls, in no particular order. */
  revisions: JsonObject[];
}

export interface RevisionRollbackResult {
  /** The revision whose template the object now has. */
  revision: number;
  /** kubectl's line: `statefulset.apps/web rolled back` or `... skipped rollback (...)`. */
  message: string;
  changed: boolean;
}

export async function controllerRevisionHistory(store: Store, ref: RevisionOwnerRef): Promise<RevisionHistory> {
  const owner = await store.get({ ...ref, apiVersion: "apps/v1" });
  if (!owner) throw new StoreError("NotFound", `${ref.kind.toLowerCase()}s.apps "${ref.name}" not found`);
  const uid = String(metadataOf(owner).uid);
  const list = await store.list({ apiVersion: "apps/v1", kind: "ControllerRevision", namespace: ref.namespace ?? "default", ownerUid: uid, controllerOnly: true });
  return { owner, revisions: list.items.filter((r) => controllerUid(r) === uid) };
}

/**
 * `mk rollout undo [--to-revision=N]` for a StatefulSet or DaemonSet: the chosen revision's template
 * replaces the object's (kubectl patches with the revision's data); the controller then reuses that
 * revision under a new number. toRevision 0 means the previous revision.
 */
export async function rollbackToControllerRevision(store: Store, ref: RevisionOwnerRef, toRevision = 0): Promise<RevisionRollbackResult> {
  const { owner, revisions } = await controllerRevisionHistory(store, ref);
  const plan = planRevisionRollback(owner, revisions, toRevision);
  if (plan.action === "error") throw new StoreError("NotFound", plan.message);
  if (plan.action === "apply") await store.update(plan.object);
  return { revision: plan.revision, changed: plan.action === "apply", message: rollbackMessage(ref.kind, ref.name, plan) };
}
