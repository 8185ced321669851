import type { ControlContext, Reconciler, ReconcileOutcome, Watch } from "../../control/reconciler.js";
import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { FOREGROUND_FINALIZER, isConflict, isNotFound, ORPHAN_FINALIZER, refOf, type ObjectRef } from "../../store/index.js";
import { ownerReferencesList, withoutOwnerReference } from "../shared/owner-reference.js";
import { isBeingDeleted } from "../shared/pod-status.js";
import { decideDependent, finalizersOf, foregroundBlocked, ownerState, type OwnerState } from "./decide.js";

/** The kinds the collector follows by default: everything mk's controllers own or are owned by. */
export const GC_KINDS: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: "v1", kind: "Pod" },
  { apiVersion: "v1", kind: "ReplicationController" },
  { apiVersion: "v1", kind: "PersistentVolumeClaim" },
  { apiVersion: "v1", kind: "Service" },
  { apiVersion: "v1", kind: "Endpoints" },
  { apiVersion: "v1", kind: "ConfigMap" },
  { apiVersion: "v1", kind: "Secret" },
  { apiVersion: "apps/v1", kind: "Deployment" },
  { apiVersion: "apps/v1", kind: "ReplicaSet" },
  { apiVersion: "apps/v1", kind: "StatefulSet" },
  { apiVersion: "apps/v1", kind: "DaemonSet" },
  { apiVersion: "apps/v1", kind: "ControllerRevision" },
  { apiVersion: "batch/v1", kind: "Job" },
  { apiVersion: "batch/v1", kind: "CronJob" },
  { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice" },
  { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler" },
];

export interface GarbageCollectorOptions {
  kinds?: readonly { apiVersion: string; kind: string }[];
}

/**
 * The garbage collector over the store's ownerReferences graph: dependents of a gone owner are
 * deleted (background), a foreground-deleting owner's dependents are deleted and its
 * foregroundDeletion finalizer removed once no blocking dependent remains, and an orphaning owner's
 * dependents lose their reference to it before its orphan finalizer goes.
 */
export function createGarbageCollector(options: GarbageCollectorOptions = {}): Reconciler {
  const keys = async (object: JsonObject, ctx: ControlContext): Promise<ObjectRef[]> => {
    const self = refOf(object);
    const uid = String((object.metadata as JsonObject).uid ?? "");
    const out: ObjectRef[] = [self];
    const current = uid ? await ctx.store.getByUid(uid) : undefined;
    const goingOrGone = !current || isBeingDeleted(current);
    if (!goingOrGone) return out;
    // Its dependents must look at their owners again; its owners may be waiting for it.
    const dependents = await ctx.store.list({ ownerUid: uid });
    for (const d of dependents.items) out.push(refOf(d));
    for (const r of ownerReferencesList(object)) {
      const owner = await ctx.store.getByUid(String(r.uid));
      if (owner && isBeingDeleted(owner)) out.push(refOf(owner));
    }
    return out;
  };
  const watches: Watch[] = (options.kinds ?? GC_KINDS).map((k) => ({ apiVersion: k.apiVersion, kind: k.kind, keys }));
  return { name: "garbage-collector", watches, concurrency: 2, reconcile: collect };
}

async function collect(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
  const { store } = ctx;
  const object = await store.get(key);
  if (!object) return;
  const uid = String((object.metadata as JsonObject).uid);
  try {
    if (isBeingDeleted(object)) {
      const finalizers = finalizersOf(object);
      if (finalizers.includes(ORPHAN_FINALIZER)) return await orphanDependents(ctx, object, uid);
      if (finalizers.includes(FOREGROUND_FINALIZER)) return await deleteDependentsFirst(ctx, object, uid);
      return;
    }
    const refs = ownerReferencesList(object);
    if (refs.length === 0) return;
    const owners = new Map<string, OwnerState>();
    for (const r of refs) owners.set(String(r.uid), ownerState(await store.getByUid(String(r.uid))));
    const hasDependents = (await store.list({ ownerUid: uid })).items.length > 0;
    const action = decideDependent(object, owners, hasDependents);
    if (action.kind === "removeReferences") {
      let updated = object;
      for (const u of action.uids) updated = withoutOwnerReference(updated, u);
      await store.update(updated);
    } else if (action.kind === "delete") {
      ctx.log(`deleting ${key.kind} ${key.name}: its owners are gone (propagation ${action.propagation})`);
      await store.delete(key, { preconditions: { uid }, propagationPolicy: action.propagation });
    }
  } catch (e) {
    // The object changed or went away meanwhile: its change wakes us again.
    if (isConflict(e) || isNotFound(e)) return;
    throw e;
  }
}

/** Orphan: every dependent loses its reference to the owner, then the orphan finalizer goes. */
async function orphanDependents(ctx: ControlContext, owner: JsonObject, uid: string): Promise<void> {
  const dependents = await ctx.store.list({ ownerUid: uid });
  for (const d of dependents.items) await ctx.store.update(withoutOwnerReference(d, uid));
  await removeFinalizer(ctx, owner, ORPHAN_FINALIZER);
}

/** Foreground: delete the dependents; the owner goes once no blocking dependent is left. */
async function deleteDependentsFirst(ctx: ControlContext, owner: JsonObject, uid: string): Promise<void> {
  const dependents = (await ctx.store.list({ ownerUid: uid })).items;
  if (!foregroundBlocked(uid, dependents)) {
    await removeFinalizer(ctx, owner, FOREGROUND_FINALIZER);
    return;
  }
  for (const d of dependents) {
    if (isBeingDeleted(d)) continue;
    const owners = new Map<string, OwnerState>();
    for (const r of ownerReferencesList(d)) owners.set(String(r.uid), ownerState(await ctx.store.getByUid(String(r.uid))));
    const dUid = String((d.metadata as JsonObject).uid);
    const action = decideDependent(d, owners, (await ctx.store.list({ ownerUid: dUid })).items.length > 0);
    if (action.kind === "delete") await ctx.store.delete(refOf(d), { preconditions: { uid: dUid }, propagationPolicy: action.propagation });
    else if (action.kind === "removeReferences") {
      let updated = d;
      for (const u of action.uids) updated = withoutOwnerReference(updated, u);
      await ctx.store.update(updated);
    }
  }
}

async function removeFinalizer(ctx: ControlContext, object: JsonObject, finalizer: string): Promise<void> {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  await ctx.store.update({ ...object, metadata: { ...metadata, finalizers: finalizersOf(object).filter((f) => f !== finalizer) } });
}
