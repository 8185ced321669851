import type { JsonObject } from "../../schema/json.js";
import type { ControlContext, Reconciler, ReconcileOutcome } from "../../control/reconciler.js";
import { isConflict, isStoreError, refOf, type ObjectRef } from "../../store/index.js";
import { claimObjects } from "../shared/adoption.js";
import { controllerOwnerKey } from "../shared/owner-keys.js";
import { controllerUid } from "../shared/owner-reference.js";
import { msUntilAvailable } from "../shared/pod-status.js";
import { isEmptySelector, workloadSelector } from "../shared/selector.js";
import { isBeingDeleted, metadataOf, nameOf, specOf, statusOf } from "../shared/pod-facts.js";
import { recordAbout, statusChanged, tolerateRace } from "../shared/record.js";
import { planRevisions, revisionName, revisionsToPrune, REVISION_HASH_LABEL, POD_REVISION_LABEL } from "../statefulset/revisions.js";
import { decideDaemonSet } from "./decide.js";

export const DAEMONSET_CONTROLLER = "daemonset-controller";

/** A Node change wakes every DaemonSet (a label or taint may change where daemons belong). */
async function allDaemonSets(_node: JsonObject, ctx: ControlContext): Promise<ObjectRef[]> {
  return (await ctx.store.list({ apiVersion: "apps/v1", kind: "DaemonSet" })).items.map(refOf);
}

export function createDaemonSetController(): Reconciler {
  return {
    name: DAEMONSET_CONTROLLER,
    watches: [
      { apiVersion: "apps/v1", kind: "DaemonSet" },
      { apiVersion: "v1", kind: "Pod", keys: controllerOwnerKey("apps/v1", "DaemonSet") },
      { apiVersion: "v1", kind: "Node", keys: allDaemonSets },
    ],
    reconcile: reconcileDaemonSet,
  };
}

function hashOf(revision: JsonObject): string {
  const labels = metadataOf(revision).labels as JsonObject | undefined;
  const hash = labels?.[REVISION_HASH_LABEL];
  return typeof hash === "string" ? hash : revisionName(revision);
}

async function reconcileDaemonSet(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
  const { store } = ctx;
  let ds = await store.get(key);
  if (!ds || isBeingDeleted(ds)) return;
  const namespace = key.namespace ?? "default";
  const uid = String(metadataOf(ds).uid);
  const selectorLabels = workloadSelector(ds)?.matchLabels ?? {};
  try {
    const revisions = (await store.list({ apiVersion: "apps/v1", kind: "ControllerRevision", namespace, ownerUid: uid, controllerOnly: true })).items;
    const plan = planRevisions(ds, revisions, undefined, selectorLabels);
    let update = plan.update;
    if (plan.create) {
      try {
        update = await store.create(plan.create, { managedBy: "controller" });
      } catch (e) {
        if (!isStoreError(e, "AlreadyExists")) throw e;
        await store.updateStatus({ ...ds, status: { ...statusOf(ds), collisionCount: plan.collisionCount + 1 } });
        return { requeueAfterMs: 1 };
      }
    } else if (plan.renumber) {
      update = await store.update(plan.renumber);
    }
    const updateHash = hashOf(update);
    const nodes = (await store.list({ apiVersion: "v1", kind: "Node" })).items;
    // ClaimPods: the DaemonSet's pods, adopting orphans that match its selector.
    const selector = workloadSelector(ds);
    const candidates = (await store.list({ apiVersion: "v1", kind: "Pod", namespace })).items;
    const pods = selector && !isEmptySelector(selector) ? await claimObjects(store, ds, selector, candidates) : candidates.filter((p) => controllerUid(p) === uid);
    const now = ctx.clock.now();
    const decision = decideDaemonSet({ daemonSet: ds, nodes, pods, updateHash, now });
    for (const pod of decision.delete) {
      const gone = await tolerateRace(() => store.delete(refOf(pod), { preconditions: { uid: String(metadataOf(pod).uid) } }));
      if (gone) await recordAbout(ctx, DAEMONSET_CONTROLLER, ds, "Normal", "SuccessfulDelete", `Deleted pod: ${nameOf(pod)}`);
    }
    for (const pod of decision.create) {
      try {
        const created = await store.create(pod, { managedBy: "controller" });
        await recordAbout(ctx, DAEMONSET_CONTROLLER, ds, "Normal", "SuccessfulCreate", `Created pod: ${nameOf(created)}`);
      } catch (e) {
        await recordAbout(ctx, DAEMONSET_CONTROLLER, ds, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`);
        throw e;
      }
    }
    if (statusChanged(ds, decision.status)) ds = await store.updateStatus({ ...ds, status: decision.status });

    const inUse = new Set<string>([revisionName(update)]);
    for (const r of revisions) if (pods.some((p) => (metadataOf(p).labels as JsonObject | undefined)?.[POD_REVISION_LABEL] === hashOf(r))) inUse.add(revisionName(r));
    const limit = typeof specOf(ds).revisionHistoryLimit === "number" ? (specOf(ds).revisionHistoryLimit as number) : 10;
    for (const old of revisionsToPrune(revisions, inUse, limit)) await tolerateRace(() => store.delete(refOf(old)));

    const minReady = typeof specOf(ds).minReadySeconds === "number" ? (specOf(ds).minReadySeconds as number) : 0;
    const waits = pods.map((p) => msUntilAvailable(p, minReady, now)).filter((ms): ms is number => ms !== undefined);
    return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) + 10 } : undefined;
  } catch (e) {
    if (isConflict(e)) return { requeueAfterMs: 1 };
    throw e;
  }
}
