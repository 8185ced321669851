import type { ControlContext, Reconciler, ReconcileOutcome } from "../../control/reconciler.js";
import type { JsonObject } from "../../schema/json.js";
import { refOf, selectorMatches, type ObjectRef } from "../../store/index.js";
import { claimObjects } from "../shared/adoption.js";
import { labelsOfObject } from "../shared/labels.js";
import { controllerOwnerKey } from "../shared/owner-keys.js";
import { controllerUid } from "../shared/owner-reference.js";
import { isBeingDeleted, podPhase } from "../shared/pod-status.js";
import { isEmptySelector, workloadSelector } from "../shared/selector.js";
import { conditionsOf, getCondition, newCondition, REASON, setCondition } from "./conditions.js";
import { isPaused, progressDeadlineSeconds, strategyType } from "./fenceposts.js";
import { isScalingEvent, proportionalScale } from "./proportional.js";
import { activeReplicaSets, actualReplicaSum, findOldReplicaSets, rsSpecReplicas, rsUid } from "./replica-sets.js";
import { cleanupOldReplicaSets, getNewReplicaSet, scaleReplicaSet } from "./replica-set-writes.js";
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from "./rolling.js";
import { calculateStatus, deploymentComplete, generationOf, rolloutStatus } from "./status.js";
import { COMPONENT, DeploymentSync } from "./sync-context.js";

const RS_OWNER = controllerOwnerKey("apps/v1", "ReplicaSet");
const DEPLOYMENT_OWNER = controllerOwnerKey("apps/v1", "Deployment");

/**
 * The Deployment controller: a ReplicaSet per pod template, rolled by RollingUpdate (maxSurge /
 * maxUnavailable) or Recreate, with revisions, proportional scaling, pause, progress deadline and
 * history clean-up — Kubernetes' syncDeployment step by step, its arithmetic in pure functions.
 */
export function createDeploymentController(): Reconciler {
  /** A changed ReplicaSet wakes its Deployment, or (an orphan) every Deployment whose selector matches it. */
  const rsKeys = async (rs: JsonObject, ctx: ControlContext): Promise<ObjectRef[]> => {
    const owned = DEPLOYMENT_OWNER(rs);
    if (owned.length > 0 || controllerUid(rs) !== undefined) return owned;
    const deployments = await ctx.store.list({ apiVersion: "apps/v1", kind: "Deployment", namespace: refOf(rs).namespace ?? "" });
    const labels = labelsOfObject(rs);
    return deployments.items.filter((d) => {
      const s = workloadSelector(d);
      return s !== undefined && !isEmptySelector(s) && selectorMatches(s, labels);
    }).map(refOf);
  };
  /** Pods matter to a Deployment only as they go away (Recreate waits for the old ones). */
  const podKeys = async (pod: JsonObject, ctx: ControlContext): Promise<ObjectRef[]> => {
    const [rsRef] = RS_OWNER(pod);
    if (!rsRef) return [];
    const rs = await ctx.store.get(rsRef);
    if (!rs) return [];
    if (!isBeingDeleted(pod) && rsSpecReplicas(rs) > 0 && podPhase(pod) !== "Failed" && podPhase(pod) !== "Succeeded") return [];
    return DEPLOYMENT_OWNER(rs);
  };
  return {
    name: COMPONENT,
    watches: [
      { apiVersion: "apps/v1", kind: "Deployment" },
      { apiVersion: "apps/v1", kind: "ReplicaSet", keys: rsKeys },
      { apiVersion: "v1", kind: "Pod", keys: podKeys },
    ],
    concurrency: 2,
    reconcile: syncDeployment,
  };
}

export async function syncDeployment(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
  const found = await ctx.store.get(key);
  if (!found) return;
  const sync = new DeploymentSync(ctx, found);
  const selector = workloadSelector(sync.d);
  if (!selector || isEmptySelector(selector)) {
    await sync.event("Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
    if (numberOr(sync.status.observedGeneration, 0) < generationOf(sync.d)) await sync.saveStatusJson({ ...sync.status, observedGeneration: generationOf(sync.d) });
    return;
  }
  const all = await ctx.store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace: sync.namespace });
  const rsList = await claimObjects(ctx.store, sync.d, selector, all.items);

  if (isBeingDeleted(sync.d)) {
    const newRS = await getNewReplicaSet(sync, rsList, findOldReplicaSets(sync.d, rsList), false);
    await sync.saveStatus(calculateStatus(sync.d, rsList, newRS, sync.now));
    return;
  }
  await checkPausedConditions(sync);
  if (isPaused(sync.d) || isScalingEvent(sync.d, rsList)) return scaleOnly(sync, rsList);
  return strategyType(sync.d) === "Recreate" ? rolloutRecreate(sync, rsList) : rolloutRolling(sync, rsList);
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === "number" ? v : fallback;
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed (unless timed out). */
async function checkPausedConditions(sync: DeploymentSync): Promise<void> {
  if (progressDeadlineSeconds(sync.d) === undefined) return;
  const conditions = conditionsOf(sync.status);
  const c = getCondition(conditions, "Progressing");
  if (c?.reason === REASON.ProgressDeadlineExceeded) return;
  const pausedShown = c?.reason === REASON.DeploymentPaused;
  let next;
  if (isPaused(sync.d) && !pausedShown) next = newCondition("Progressing", "Unknown", REASON.DeploymentPaused, "Deployment is paused", sync.now);
  else if (!isPaused(sync.d) && pausedShown) next = newCondition("Progressing", "Unknown", REASON.DeploymentResumed, "Deployment is resumed", sync.now);
  if (next) await sync.saveStatusJson({ ...sync.status, conditions: setCondition(conditions, next).map((x) => ({ ...x })) });
}

/** DeploymentController.sync: scaling (proportionally during a rollout) and, while paused, history clean-up. */
async function scaleOnly(sync: DeploymentSync, rsList: JsonObject[]): Promise<ReconcileOutcome | void> {
  const oldRSs = findOldReplicaSets(sync.d, rsList);
  const newRS = await getNewReplicaSet(sync, rsList, oldRSs, false);
  for (const step of proportionalScale(sync.d, newRS, oldRSs)) await scaleReplicaSet(sync, step.rs, step.replicas);
  if (isPaused(sync.d)) await cleanupOldReplicaSets(sync, oldRSs);
  // Status from the sets as read; the scaled ones report back through their own status.
  const status = calculateStatus(sync.d, rsList, newRS, sync.now);
  await sync.saveStatus(status);
}

async function rolloutRolling(sync: DeploymentSync, rsList: JsonObject[]): Promise<ReconcileOutcome | void> {
  const oldRSs = findOldReplicaSets(sync.d, rsList);
  const newRS = (await getNewReplicaSet(sync, rsList, oldRSs, true)) as JsonObject;
  const allRSs = [...oldRSs, newRS];
  const up = reconcileNewReplicaSet(sync.d, allRSs, newRS);
  if (up !== undefined) {
    const scaled = await scaleReplicaSet(sync, newRS, up);
    return syncRolloutStatus(sync, [...oldRSs, scaled], scaled);
  }
  const downs = reconcileOldReplicaSets(sync.d, allRSs, activeReplicaSets(oldRSs), newRS);
  if (downs.length > 0) {
    const scaled = new Map<string, JsonObject>();
    for (const step of downs) scaled.set(rsUid(step.rs), await scaleReplicaSet(sync, step.rs, step.replicas));
    return syncRolloutStatus(sync, allRSs.map((rs) => scaled.get(rsUid(rs)) ?? rs), newRS);
  }
  const status = calculateStatus(sync.d, allRSs, newRS, sync.now);
  if (deploymentComplete(sync.d, status)) await cleanupOldReplicaSets(sync, oldRSs);
  return syncRolloutStatus(sync, allRSs, newRS);
}

/**
 * rolloutRecreate: scale every old ReplicaSet to 0, wait until none of their pods is left
 * (terminating ones included), only then create and scale up the new ReplicaSet.
 */
async function rolloutRecreate(sync: DeploymentSync, rsList: JsonObject[]): Promise<ReconcileOutcome | void> {
  const oldRSs = findOldReplicaSets(sync.d, rsList);
  let newRS = await getNewReplicaSet(sync, rsList, oldRSs, false);
  const activeOld = activeReplicaSets(oldRSs);
  if (activeOld.length > 0) {
    const scaled = new Map<string, JsonObject>();
    for (const rs of activeOld) scaled.set(rsUid(rs), await scaleReplicaSet(sync, rs, 0));
    const now = [...oldRSs.map((rs) => scaled.get(rsUid(rs)) ?? rs), ...(newRS ? [newRS] : [])];
    return syncRolloutStatus(sync, now, newRS);
  }
  if (await oldPodsRunning(sync, newRS, oldRSs)) return syncRolloutStatus(sync, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  if (!newRS) newRS = (await getNewReplicaSet(sync, rsList, oldRSs, true)) as JsonObject;
  newRS = await scaleReplicaSet(sync, newRS, numberOr((sync.d.spec as JsonObject).replicas, 1));
  const allRSs = [...oldRSs, newRS];
  if (deploymentComplete(sync.d, calculateStatus(sync.d, allRSs, newRS, sync.now))) await cleanupOldReplicaSets(sync, oldRSs);
  return syncRolloutStatus(sync, allRSs, newRS);
}

/** oldPodsRunning: any old ReplicaSet still reports pods, or any pod of one is not finished (terminating counts). */
async function oldPodsRunning(sync: DeploymentSync, newRS: JsonObject | undefined, oldRSs: readonly JsonObject[]): Promise<boolean> {
  if (actualReplicaSum(oldRSs) > 0) return true;
  const oldUids = new Set(oldRSs.map(rsUid));
  const pods = await sync.ctx.store.list({ apiVersion: "v1", kind: "Pod", namespace: sync.namespace });
  return pods.items.some((pod) => {
    const owner = controllerUid(pod);
    if (owner === undefined || !oldUids.has(owner) || (newRS && owner === rsUid(newRS))) return false;
    const phase = podPhase(pod);
    return phase !== "Failed" && phase !== "Succeeded";
  });
}

async function syncRolloutStatus(sync: DeploymentSync, allRSs: JsonObject[], newRS: JsonObject | undefined): Promise<ReconcileOutcome | void> {
  const { status, requeueAfterMs } = rolloutStatus(sync.d, allRSs, newRS, sync.now);
  await sync.saveStatus(status);
  return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
}
