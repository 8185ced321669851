import type { ControlContext, Reconciler, ReconcileOutcome } from "../../control/reconciler.js";
import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { isConflict, isNotFound, refOf, selectorMatches, type ObjectRef } from "../../store/index.js";
import { claimObjects } from "../shared/adoption.js";
import { labelsOfObject } from "../shared/labels.js";
import { controllerOwnerKey } from "../shared/owner-keys.js";
import { controllerUid } from "../shared/owner-reference.js";
import { activePods, isBeingDeleted, msUntilAvailable } from "../shared/pod-status.js";
import { podFromTemplate } from "../shared/pod-template.js";
import { isEmptySelector, workloadSelector } from "../shared/selector.js";
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from "../shared/slow-start.js";
import { decideReplicas } from "./decide.js";
import { minReadySecondsOf, replicaSetStatus, specReplicas, type ManageFailure } from "./status.js";

export type ReplicaSetKind = "ReplicaSet" | "ReplicationController";

const KINDS: Record<ReplicaSetKind, { apiVersion: string; component: string }> = {
  ReplicaSet: { apiVersion: "apps/v1", component: "replicaset-controller" },
  ReplicationController: { apiVersion: "v1", component: "replication-controller" },
};

/**
 * The ReplicaSet controller (and, with kind ReplicationController, the replication manager: the
 * same logic over a label-map selector): keeps spec.replicas active pods matching the selector,
 * adopting orphans and releasing pods whose labels stop matching, and writes status.
 */
export function createReplicaSetController(kind: ReplicaSetKind = "ReplicaSet"): Reconciler {
  const { apiVersion, component } = KINDS[kind];
  const ownerKey = controllerOwnerKey(apiVersion, kind);

  /** A changed pod wakes its controller, or, when it is an orphan, every set whose selector matches it. */
  const podKeys = async (pod: JsonObject, ctx: ControlContext): Promise<ObjectRef[]> => {
    const owned = ownerKey(pod);
    if (owned.length > 0 || controllerUid(pod) !== undefined) return owned;
    const namespace = refOf(pod).namespace ?? "";
    const sets = await ctx.store.list({ apiVersion, kind, namespace });
    const labels = labelsOfObject(pod);
    return sets.items.filter((s) => {
      const selector = workloadSelector(s);
      return selector !== undefined && !isEmptySelector(selector) && selectorMatches(selector, labels);
    }).map(refOf);
  };

  return {
    name: component,
    watches: [{ apiVersion, kind }, { apiVersion: "v1", kind: "Pod", keys: podKeys }],
    concurrency: 2,
    reconcile: (key, ctx) => syncReplicaSet(key, ctx, component),
  };
}

async function syncReplicaSet(key: ObjectRef, ctx: ControlContext, component: string): Promise<ReconcileOutcome | void> {
  const { store } = ctx;
  const rs = await store.get(key);
  if (!rs) return;
  const selector = workloadSelector(rs);
  if (!selector || isEmptySelector(selector)) {
    ctx.log(`${key.kind} ${key.name} has no usable selector; skipped`);
    return;
  }
  const namespace = refOf(rs).namespace ?? "";
  const all = await store.list({ apiVersion: "v1", kind: "Pod", namespace });
  const pods = await claimObjects(store, rs, selector, activePods(all.items));
  const now = ctx.clock.now();
  const involvedObject = { apiVersion: String(rs.apiVersion), kind: String(rs.kind), namespace, name: key.name, uid: String((rs.metadata as JsonObject).uid) };
  const event = (type: "Normal" | "Warning", reason: string, message: string): Promise<void> =>
    ctx.recordEvent({ involvedObject, type, reason, message, source: { component } });

  let failure: ManageFailure | undefined;
  if (!isBeingDeleted(rs)) {
    const action = decideReplicas(specReplicas(rs), pods);
    if ("create" in action) {
      const spec = isJsonObject(rs.spec) ? rs.spec : {};
      const template = isJsonObject(spec.template) ? spec.template : {};
      const result = await slowStartBatch(action.create, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        try {
          const pod = await store.create(podFromTemplate(template, rs), { managedBy: "controller" });
          await event("Normal", "SuccessfulCreate", `Created pod: ${String((pod.metadata as JsonObject).name)}`);
        } catch (e) {
          await event("Warning", "FailedCreate", `Error creating: ${e instanceof Error ? e.message : String(e)}`);
          throw e;
        }
      });
      if (result.error !== undefined) failure = { reason: "FailedCreate", message: errorText(result.error) };
    } else if ("delete" in action) {
      for (const pod of action.delete) {
        const name = String((pod.metadata as JsonObject).name);
        try {
          await store.delete(refOf(pod), { preconditions: { uid: String((pod.metadata as JsonObject).uid) } });
          await event("Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
        } catch (e) {
          if (isNotFound(e)) continue;
          await event("Warning", "FailedDelete", `Error deleting: ${errorText(e)}`);
          failure ??= { reason: "FailedDelete", message: errorText(e) };
        }
      }
    }
  }

  // Status from the pods as they were before this step, as calculateStatus does: the creations
  // and deletions show up at the next reconcile, which their changes trigger.
  const status = replicaSetStatus(rs, pods, failure, now);
  try {
    await writeStatus(ctx, key, rs, status);
  } catch (e) {
    if (!isConflict(e) && !isNotFound(e)) throw e;
    return { requeueAfterMs: 0 };
  }
  if (failure) throw new Error(`${key.kind} ${key.name}: ${failure.message}`);
  const waits = pods.map((p) => msUntilAvailable(p, minReadySecondsOf(rs), now)).filter((ms): ms is number => ms !== undefined);
  if (waits.length > 0) return { requeueAfterMs: Math.min(...waits) + 10 };
}

async function writeStatus(ctx: ControlContext, key: ObjectRef, rs: JsonObject, status: JsonObject): Promise<void> {
  let current: JsonObject | undefined = rs;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    // observedGeneration stays the generation this step acted on.
    try {
      await ctx.store.updateStatus({ ...current, status });
      return;
    } catch (e) {
      if (!isConflict(e)) throw e;
      current = await ctx.store.get(key);
      if (current && (current.metadata as JsonObject).generation !== (rs.metadata as JsonObject).generation) throw e;
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
