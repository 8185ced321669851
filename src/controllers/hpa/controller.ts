import type { JsonObject } from "../../schema/json.js";
import type { ControlContext, Reconciler, ReconcileOutcome } from "../../control/reconciler.js";
import { isConflict, selectorMatches, type ObjectRef } from "../../store/index.js";
import { labelsOf } from "../../store/selector.js";
import { workloadSelector } from "../shared/selector.js";
import { readConditions, setCondition } from "../shared/conditions.js";
import { isBeingDeleted, metadataOf, specOf, uidOf } from "../shared/pod-facts.js";
import { recordAbout, statusChanged } from "../shared/record.js";
import { emptyHistory, type ScaleHistory } from "./behavior.js";
import { decideHpa } from "./decide.js";
import { readHpaSpec } from "./hpa-spec.js";
import type { PodUsage } from "./replica-calculator.js";

export const HPA_CONTROLLER = "horizontal-pod-autoscaler";

/** Pod usage, as metrics-server reports it: src/runtime/stats.ts reads podman; tests pass a fake. */
export interface PodMetricsSource {
  usage(pods: readonly { uid: string; namespace: string; name: string }[]): Promise<Map<string, PodUsage>>;
}

export interface HpaControllerOptions {
  metrics: PodMetricsSource;
  /** How often each HPA is evaluated (--horizontal-pod-autoscaler-sync-period, default 15 s). */
  syncPeriodMs?: number;
  tolerance?: number;
}

const RESOURCE_NAMES: Record<string, string> = { Deployment: "deployments.apps", ReplicaSet: "replicasets.apps", StatefulSet: "statefulsets.apps", ReplicationController: "replicationcontrollers" };

export function createHpaController(options: HpaControllerOptions): Reconciler {
  const histories = new Map<string, ScaleHistory>();
  const syncPeriodMs = options.syncPeriodMs ?? 15_000;
  return {
    name: HPA_CONTROLLER,
    watches: [{ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler" }],
    reconcile: async (key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> => {
      const hpa = await ctx.store.get(key);
      if (!hpa || isBeingDeleted(hpa)) {
        if (!hpa) histories.delete(`${key.namespace}/${key.name}`);
        return;
      }
      const spec = readHpaSpec(hpa);
      const namespace = key.namespace ?? "default";
      const now = ctx.clock.now();
      const ref = { apiVersion: spec.target.apiVersion, kind: spec.target.kind, namespace, name: spec.target.name };
      const target = await ctx.store.get(ref);
      if (!target) {
        const message = `the HPA controller was unable to get the target's current scale: ${RESOURCE_NAMES[spec.target.kind] ?? spec.target.kind.toLowerCase()} "${spec.target.name}" not found`;
        const conditions = readConditions((hpa.status as JsonObject | undefined) ?? {});
        setCondition(conditions, { type: "AbleToScale", status: "False", reason: "FailedGetScale", message }, now);
        const status = { ...((hpa.status as JsonObject | undefined) ?? {}), conditions };
        try {
          if (statusChanged(hpa, status)) await ctx.store.updateStatus({ ...hpa, status });
        } catch (e) {
          if (!isConflict(e)) throw e;
        }
        await recordAbout(ctx, HPA_CONTROLLER, hpa, "Warning", "FailedGetScale", message);
        return { requeueAfterMs: syncPeriodMs };
      }
      const selector = workloadSelector(target);
      const pods = selector
        ? (await ctx.store.list({ apiVersion: "v1", kind: "Pod", namespace })).items.filter((p) => selectorMatches(selector, labelsOf(p)))
        : [];
      let usage: Map<string, PodUsage> | { error: string };
      try {
        usage = await options.metrics.usage(pods.map((p) => ({ uid: uidOf(p), namespace, name: String(metadataOf(p).name) })));
      } catch (e) {
        usage = { error: (e as Error).message };
      }
      const historyKey = `${namespace}/${key.name}`;
      const currentReplicas = typeof specOf(target).replicas === "number" ? (specOf(target).replicas as number) : 1;
      const decision = decideHpa({ hpa, spec, currentReplicas, pods, usage, history: histories.get(historyKey) ?? emptyHistory(), now, tolerance: options.tolerance });
      try {
        if (decision.scaleTo !== undefined) {
          // The target's scale subresource: spec.replicas, compare-and-swap on the target.
          await ctx.store.update({ ...target, spec: { ...specOf(target), replicas: decision.scaleTo } });
        }
        histories.set(historyKey, decision.history);
        if (statusChanged(hpa, decision.status)) await ctx.store.updateStatus({ ...hpa, status: decision.status });
      } catch (e) {
        if (isConflict(e)) return { requeueAfterMs: 1 };
        throw e;
      }
      for (const e of decision.events) await recordAbout(ctx, HPA_CONTROLLER, hpa, e.type, e.reason, e.message);
      return { requeueAfterMs: syncPeriodMs };
    },
  };
}
