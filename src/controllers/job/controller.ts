import type { JsonObject } from "../../schema/json.js";
import { type ControlContext, type Reconciler, type ReconcileOutcome } from "../../control/reconciler.js";
import { isConflict, refOf, selectorMatches, type ObjectRef } from "../../store/index.js";
import { labelsOf } from "../../store/selector.js";
import { controllerOwnerKey } from "../shared/owner-keys.js";
import { conditionTrue, readConditions } from "../shared/conditions.js";
import { decideJob } from "./decide.js";
import { parseIndexes, formatIndexes } from "./indexes.js";
import { JOB_LABELS, JOB_TRACKING_FINALIZER, readJobSpec } from "./job-spec.js";
import { hasFinalizer, intField, isBeingDeleted, metadataOf, nameOf, statusOf, withoutFinalizer } from "../shared/pod-facts.js";
import { newJobPod } from "./pod-template.js";
import { recordAbout, statusChanged, tolerateRace } from "../shared/record.js";
import { trackFinishedPods } from "./tracking.js";

export const JOB_CONTROLLER = "job-controller";

export interface JobControllerOptions {
  /** First pod-failure back-off (default 10 s; doubles per failure up to 6 min). */
  backoffBaseMs?: number;
}

export function createJobController(options: JobControllerOptions = {}): Reconciler {
  return {
    name: JOB_CONTROLLER,
    watches: [
      { apiVersion: "batch/v1", kind: "Job" },
      { apiVersion: "v1", kind: "Pod", keys: controllerOwnerKey("batch/v1", "Job") },
    ],
    reconcile: (key, ctx) => reconcileJob(key, ctx, options),
  };
}

async function listJobPods(ctx: ControlContext, job: JsonObject): Promise<JsonObject[]> {
  const spec = readJobSpec(job);
  const owned = await ctx.store.list({ apiVersion: "v1", kind: "Pod", namespace: spec.namespace, ownerUid: spec.uid, controllerOnly: true });
  return owned.items.filter((p) => selectorMatches(spec.selector, labelsOf(p)));
}

async function reconcileJob(key: ObjectRef, ctx: ControlContext, options: JobControllerOptions): Promise<ReconcileOutcome | void> {
  let job = await ctx.store.get(key);
  if (!job || isBeingDeleted(job)) {
    // The Job is going: its pods must not wait for a count that will never be taken.
    await releaseOrphans(ctx, key);
    return;
  }
  const spec = readJobSpec(job);
  try {
    // 1. Count finished pods exactly once (uncountedTerminatedPods, then the finalizer, then the counters).
    const conditions = readConditions(statusOf(job));
    const controllerDeleting = spec.suspend || conditionTrue(conditions, "Complete") || conditionTrue(conditions, "Failed");
    let pods = await listJobPods(ctx, job);
    const step = trackFinishedPods(spec, statusOf(job), pods, controllerDeleting);
    const completed = parseIndexes(statusOf(job).completedIndexes);
    for (const i of step.succeededIndexes) completed.add(i);
    const uncounted: JsonObject = {};
    if (step.uncounted.succeeded.length > 0) uncounted.succeeded = step.uncounted.succeeded;
    if (step.uncounted.failed.length > 0) uncounted.failed = step.uncounted.failed;
    const staged: JsonObject = { ...statusOf(job), uncountedTerminatedPods: uncounted };
    if (spec.completionMode === "Indexed") staged.completedIndexes = formatIndexes(completed);
    if (statusChanged(job, staged)) job = await ctx.store.updateStatus({ ...job, status: staged });
    for (const pod of step.release) {
      await tolerateRace(async () => {
        const fresh = await ctx.store.get(refOf(pod));
        if (fresh) await ctx.store.update(withoutFinalizer(fresh, JOB_TRACKING_FINALIZER));
      });
    }
    const status = statusOf(job);
    const succeeded = intField(status, "succeeded", 0) + step.uncounted.succeeded.length;
    const failed = intField(status, "failed", 0) + step.uncounted.failed.length;
    // Decide on the same snapshot the counting used; released pods that were being deleted are gone.
    const releasedDeleting = new Set(step.release.filter(isBeingDeleted));
    pods = pods.filter((p) => !releasedDeleting.has(p));

    // 2. Decide and act.
    const decision = decideJob({ job, spec, pods, succeeded, failed, completedIndexes: completed, now: ctx.clock.now(), backoffBaseMs: options.backoffBaseMs });
    for (const pod of decision.delete) {
      const gone = await tolerateRace(() => ctx.store.delete(refOf(pod)));
      if (gone) await recordAbout(ctx, JOB_CONTROLLER, job, "Normal", "SuccessfulDelete", `Deleted pod: ${nameOf(pod)}`);
    }
    let created = 0;
    for (const want of decision.create) {
      if (ctx.signal.aborted) break;
      try {
        const pod = await ctx.store.create(newJobPod(job, spec, want.index), { managedBy: "controller" });
        created++;
        await recordAbout(ctx, JOB_CONTROLLER, job, "Normal", "SuccessfulCreate", `Created pod: ${nameOf(pod)}`);
      } catch (e) {
        await recordAbout(ctx, JOB_CONTROLLER, job, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`);
        break;
      }
    }
    const next = { ...decision.status, active: Number(decision.status.active) - (decision.create.length - created) };
    if (statusChanged(job, next)) job = await ctx.store.updateStatus({ ...job, status: next });
    for (const e of decision.events) await recordAbout(ctx, JOB_CONTROLLER, job, e.type, e.reason, e.message);

    if (decision.deleteJob) {
      // The TTL-after-finished controller: the Job and its pods go.
      for (const pod of pods) await tolerateRace(() => ctx.store.delete(refOf(pod)));
      await tolerateRace(() => ctx.store.delete(key, { propagationPolicy: "Background" }));
      return;
    }
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : undefined;
  } catch (e) {
    if (isConflict(e)) return { requeueAfterMs: 1 };
    throw e;
  }
}

/** Removes the tracking finalizer from the pods of a Job that is gone or being deleted. */
async function releaseOrphans(ctx: ControlContext, key: ObjectRef): Promise<void> {
  const pods = await ctx.store.list({ apiVersion: "v1", kind: "Pod", namespace: key.namespace, labelSelector: { matchLabels: { [JOB_LABELS.jobName]: key.name } } });
  for (const pod of pods.items) {
    if (!hasFinalizer(pod, JOB_TRACKING_FINALIZER)) continue;
    await tolerateRace(() => ctx.store.update(withoutFinalizer(pod, JOB_TRACKING_FINALIZER)));
  }
}
