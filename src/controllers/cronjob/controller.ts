import type { JsonObject } from "../../schema/json.js";
import type { ControlContext, Reconciler, ReconcileOutcome } from "../../control/reconciler.js";
import { isConflict, isStoreError, refOf, type ObjectRef } from "../../store/index.js";
import { controllerOwnerKey } from "../shared/owner-keys.js";
import { isBeingDeleted, metadataOf, nameOf, statusOf } from "../shared/pod-facts.js";
import { recordAbout, statusChanged, tolerateRace } from "../shared/record.js";
import { decideCronJob, jobReference } from "./decide.js";

export const CRONJOB_CONTROLLER = "cronjob-controller";

/** The CronJob controller: creates a Job per schedule time, keeps status and history; requeues at the next time. */
export function createCronJobController(): Reconciler {
  return {
    name: CRONJOB_CONTROLLER,
    watches: [
      { apiVersion: "batch/v1", kind: "CronJob" },
      { apiVersion: "batch/v1", kind: "Job", keys: controllerOwnerKey("batch/v1", "CronJob") },
    ],
    reconcile: reconcileCronJob,
  };
}

async function reconcileCronJob(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
  let cronJob = await ctx.store.get(key);
  if (!cronJob || isBeingDeleted(cronJob)) return;
  const uid = String(metadataOf(cronJob).uid);
  const jobs = (await ctx.store.list({ apiVersion: "batch/v1", kind: "Job", namespace: key.namespace, ownerUid: uid, controllerOnly: true })).items;
  const decision = decideCronJob(cronJob, jobs, ctx.clock.now());
  const status: JsonObject = { ...decision.status };
  try {
    for (const job of decision.delete) {
      const gone = await tolerateRace(() => ctx.store.delete(refOf(job), { propagationPolicy: "Background" }));
      if (gone) await recordAbout(ctx, CRONJOB_CONTROLLER, cronJob, "Normal", "SuccessfulDelete", `Deleted job ${nameOf(job)}`);
    }
    if (decision.create) {
      try {
        const job = await ctx.store.create(decision.create.job, { managedBy: "controller" });
        status.active = [...(Array.isArray(status.active) ? status.active : []), jobReference(job)];
        await recordAbout(ctx, CRONJOB_CONTROLLER, cronJob, "Normal", "SuccessfulCreate", `Created job ${nameOf(job)}`);
      } catch (e) {
        if (!isStoreError(e, "AlreadyExists")) {
          await recordAbout(ctx, CRONJOB_CONTROLLER, cronJob, "Warning", "FailedCreate", `Error creating job: ${(e as Error).message}`);
          delete status.lastScheduleTime;
          if (typeof statusOf(cronJob).lastScheduleTime === "string") status.lastScheduleTime = statusOf(cronJob).lastScheduleTime;
        }
      }
    }
    if (statusChanged(cronJob, status)) cronJob = await ctx.store.updateStatus({ ...cronJob, status });
    for (const e of decision.events) await recordAbout(ctx, CRONJOB_CONTROLLER, cronJob, e.type, e.reason, e.message);
  } catch (e) {
    if (isConflict(e)) return { requeueAfterMs: 1 };
    throw e;
  }
  return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : undefined;
}
