import type { JsonObject } from "../../schema/json.js";
import type { ControlContext, Reconciler, ReconcileOutcome } from "../../control/reconciler.js";
import { isConflict, isStoreError, refOf, type ObjectRef } from "../../store/index.js";
import { claimObjects } from "../shared/adoption.js";
import { controllerOwnerKey } from "../shared/owner-keys.js";
import { controllerUid } from "../shared/owner-reference.js";
import { isEmptySelector, workloadSelector } from "../shared/selector.js";
import { isBeingDeleted, metadataOf, nameOf, specOf, statusOf } from "../shared/pod-facts.js";
import { recordAbout, statusChanged, tolerateRace } from "../shared/record.js";
import { decideStatefulSet, readStatefulSetSpec } from "./decide.js";
import { claimName, claimTemplates, ordinalOf, podRevision } from "./identity.js";
import { claimWithRetentionOwners } from "./retention.js";
import { planRevisions, revisionName, revisionsToPrune, revisionTemplate } from "./revisions.js";

export const STATEFULSET_CONTROLLER = "statefulset-controller";

export function createStatefulSetController(): Reconciler {
  return {
    name: STATEFULSET_CONTROLLER,
    watches: [
      { apiVersion: "apps/v1", kind: "StatefulSet" },
      { apiVersion: "v1", kind: "Pod", keys: controllerOwnerKey("apps/v1", "StatefulSet") },
    ],
    concurrency: 2,
    reconcile: reconcileStatefulSet,
  };
}

async function reconcileStatefulSet(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
  const { store } = ctx;
  let set = await store.get(key);
  if (!set || isBeingDeleted(set)) return;
  const selector = workloadSelector(set);
  const selectorLabels = selector?.matchLabels ?? {};
  const namespace = key.namespace ?? "default";
  const uid = String(metadataOf(set).uid);
  const setName = nameOf(set);
  const event = (type: "Normal" | "Warning", reason: string, message: string) => recordAbout(ctx, STATEFULSET_CONTROLLER, set as JsonObject, type, reason, message);
  try {
    // Revisions: the template as it is now is the update revision.
    const revisions = (await store.list({ apiVersion: "apps/v1", kind: "ControllerRevision", namespace, ownerUid: uid, controllerOnly: true })).items;
    const plan = planRevisions(set, revisions, typeof statusOf(set).currentRevision === "string" ? String(statusOf(set).currentRevision) : undefined, selectorLabels);
    let update = plan.update;
    if (plan.create) {
      try {
        update = await store.create(plan.create, { managedBy: "controller" });
      } catch (e) {
        if (!isStoreError(e, "AlreadyExists")) throw e;
        // A hash collision with another template: count it and try again with a new name.
        await store.updateStatus({ ...set, status: { ...statusOf(set), collisionCount: plan.collisionCount + 1 } });
        return { requeueAfterMs: 1 };
      }
    } else if (plan.renumber) {
      update = await store.update(plan.renumber);
    }
    const current = plan.create && plan.current === plan.create ? update : plan.current;

    // ClaimPods: the set's pods, adopting orphans named as its members that match its selector.
    const candidates = (await store.list({ apiVersion: "v1", kind: "Pod", namespace })).items.filter((p) => controllerUid(p) === uid || ordinalOf(setName, p) !== undefined);
    const pods = selector && !isEmptySelector(selector) ? await claimObjects(store, set, selector, candidates) : candidates.filter((p) => controllerUid(p) === uid);
    const claimList = (await store.list({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace })).items;
    const claims = new Set(claimList.map(nameOf));

    // Retention policy: the claims' ownerReferences follow whenDeleted / whenScaled.
    const spec = readStatefulSetSpec(set);
    const templates = claimTemplates(set).map((t) => String(metadataOf(t).name));
    const podsByOrdinal = new Map(pods.map((p) => [ordinalOf(setName, p), p]));
    for (const claim of claimList) {
      const ordinal = claimOrdinal(nameOf(claim), templates, setName);
      if (ordinal === undefined) continue;
      const next = claimWithRetentionOwners(claim, set, podsByOrdinal.get(ordinal), ordinal, spec.replicas);
      if (next) await tolerateRace(() => store.update(next));
    }

    const decision = decideStatefulSet({
      set,
      pods,
      claims,
      current: { name: revisionName(current), template: revisionTemplate(current) },
      update: { name: revisionName(update), template: revisionTemplate(update) },
      selectorLabels,
      now: ctx.clock.now(),
    });
    for (const claim of decision.createClaims) {
      const ordinal = claimOrdinal(nameOf(claim), templates, setName) ?? 0;
      const podName = `${setName}-${ordinal}`;
      try {
        const created = await store.create(claim, { managedBy: "controller" });
        const withOwners = claimWithRetentionOwners(created, set, undefined, ordinal, spec.replicas);
        if (withOwners) await tolerateRace(() => store.update(withOwners));
        await event("Normal", "SuccessfulCreate", `create Claim ${nameOf(claim)} Pod ${podName} in StatefulSet ${setName} success`);
      } catch (e) {
        if (isStoreError(e, "AlreadyExists")) continue;
        await event("Warning", "FailedCreate", `create Claim ${nameOf(claim)} for Pod ${podName} in StatefulSet ${setName} failed error: ${(e as Error).message}`);
        throw e;
      }
    }
    for (const pod of decision.create) {
      try {
        await store.create(pod, { managedBy: "controller" });
        await event("Normal", "SuccessfulCreate", `create Pod ${nameOf(pod)} in StatefulSet ${setName} successful`);
      } catch (e) {
        if (isStoreError(e, "AlreadyExists")) continue;
        await event("Warning", "FailedCreate", `create Pod ${nameOf(pod)} in StatefulSet ${setName} failed error: ${(e as Error).message}`);
        throw e;
      }
    }
    for (const pod of decision.delete) {
      const gone = await tolerateRace(() => store.delete(refOf(pod), { preconditions: { uid: String(metadataOf(pod).uid) } }));
      if (gone) await event("Normal", "SuccessfulDelete", `delete Pod ${nameOf(pod)} in StatefulSet ${setName} successful`);
    }

    if (statusChanged(set, decision.status)) set = await store.updateStatus({ ...set, status: decision.status });

    const inUse = new Set<string>([revisionName(current), revisionName(update), ...pods.map(podRevision).filter((r): r is string => r !== undefined)]);
    const limit = typeof specOf(set).revisionHistoryLimit === "number" ? (specOf(set).revisionHistoryLimit as number) : 10;
    const all = (await store.list({ apiVersion: "apps/v1", kind: "ControllerRevision", namespace, ownerUid: uid, controllerOnly: true })).items;
    for (const old of revisionsToPrune(all, inUse, limit)) await tolerateRace(() => store.delete(refOf(old)));
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : undefined;
  } catch (e) {
    if (isConflict(e)) return { requeueAfterMs: 1 };
    throw e;
  }
}

function claimOrdinal(name: string, templates: readonly string[], setName: string): number | undefined {
  for (const t of templates) {
    const prefix = claimName(t, setName, 0).slice(0, -1);
    if (name.startsWith(prefix)) {
      const rest = name.slice(prefix.length);
      if (/^(0|[1-9]\d*)$/.test(rest)) return Number(rest);
    }
  }
  return undefined;
}
