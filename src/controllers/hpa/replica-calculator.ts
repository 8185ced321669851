import type { JsonObject } from "../../schema/json.js";
import { isPodReady } from "../shared/pod-status.js";
import { isBeingDeleted, nameOf, podPhase, uidOf } from "../shared/pod-facts.js";
import { podRequest, type ResourceMetric } from "./hpa-spec.js";

/** The HPA's default tolerance: no scaling while the usage ratio is within 10% of 1. */
export const DEFAULT_TOLERANCE = 0.1;

export interface PodUsage {
  cpuMillis: number;
  memoryBytes: number;
}

export type MetricResult =
  | {
      ok: true;
      replicas: number;
      /** Utilization targets: the pods' average usage as a percent of their requests (an integer, as Kubernetes rounds it). */
      utilization?: number;
      /** The average usage per pod (cores or bytes). */
      averageValue: number;
    }
  | { ok: false; reason: "FailedGetResourceMetric"; message: string };

function usageOf(u: PodUsage, resource: "cpu" | "memory"): number {
  return resource === "cpu" ? u.cpuMillis / 1000 : u.memoryBytes;
}

/**
 * ReplicaCalculator.GetResourceReplicas (Utilization) and GetRawResourceReplicas (AverageValue):
 * desired = ceil(ratio × ready pods), where ratio = usage / target; within the tolerance nothing
 * changes. Pods being deleted or failed are ignored; pending (and, for CPU, not-ready) pods and
 * pods without metrics are filled in conservatively — missing ones at 100% of the target when
 * scaling down and 0 when scaling up, not-ready ones at 0 when scaling up — and a rebalanced
 * ratio that changes direction means no change.
 */
export function replicasForMetric(metric: ResourceMetric, currentReplicas: number, pods: readonly JsonObject[], usage: ReadonlyMap<string, PodUsage>, tolerance = DEFAULT_TOLERANCE): MetricResult {
  const resource = metric.name;
  const ready: JsonObject[] = [];
  const unready: JsonObject[] = [];
  const missing: JsonObject[] = [];
  for (const pod of pods) {
    const phase = podPhase(pod);
    if (isBeingDeleted(pod) || phase === "Failed" || phase === "Succeeded") continue;
    if (phase === "Pending") unready.push(pod);
    else if (!usage.has(uidOf(pod))) missing.push(pod);
    else if (resource === "cpu" && !isPodReady(pod)) unready.push(pod);
    else ready.push(pod);
  }
  if (ready.length === 0) return { ok: false, reason: "FailedGetResourceMetric", message: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };

  const requests = new Map<string, number>();
  if (metric.target.type === "Utilization") {
    for (const pod of [...ready, ...unready, ...missing]) {
      const r = podRequest(pod, resource);
      if ("missing" in r) return { ok: false, reason: "FailedGetResourceMetric", message: `failed to get ${resource} utilization: missing request for ${resource} in container ${r.missing} of Pod ${nameOf(pod)}` };
      requests.set(uidOf(pod), r.total);
    }
  }
  const target = metric.target;
  // The ratio of usage to target over a set of (pod, usage) samples, and the utilization it shows.
  const ratioOf = (samples: { pod: JsonObject; value: number }[]) => {
    const total = samples.reduce((n, s) => n + s.value, 0);
    if (target.type === "Utilization") {
      const requested = samples.reduce((n, s) => n + (requests.get(uidOf(s.pod)) ?? 0), 0);
      const utilization = requested > 0 ? Math.trunc((total * 100) / requested) : 0;
      return { ratio: utilization / target.averageUtilization, utilization, average: total / samples.length };
    }
    return { ratio: total / samples.length / target.averageValue, utilization: undefined, average: total / samples.length };
  };
  const samples = ready.map((pod) => ({ pod, value: usageOf(usage.get(uidOf(pod)) as PodUsage, resource) }));
  const first = ratioOf(samples);
  const result = (replicas: number) => ({ ok: true as const, replicas, utilization: first.utilization, averageValue: first.average });

  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - first.ratio) <= tolerance) return result(currentReplicas);
    return result(Math.ceil(first.ratio * samples.length));
  }
  const fill = (pod: JsonObject): number => {
    if (first.ratio >= 1) return 0;
    // Scaling down: a pod without metrics is assumed to use 100% of its request (or the target value).
    return target.type === "Utilization" ? (requests.get(uidOf(pod)) ?? 0) : target.averageValue;
  };
  const all = [...samples, ...missing.map((pod) => ({ pod, value: fill(pod) }))];
  if (scaleUpWithUnready) all.push(...unready.map((pod) => ({ pod, value: 0 })));
  const again = ratioOf(all);
  if (Math.abs(1 - again.ratio) <= tolerance || (first.ratio < 1 && again.ratio > 1) || (first.ratio > 1 && again.ratio < 1)) return result(currentReplicas);
  const replicas = Math.ceil(again.ratio * all.length);
  if ((again.ratio < 1 && replicas > currentReplicas) || (again.ratio > 1 && replicas < currentReplicas)) return result(currentReplicas);
  return result(replicas);
}

/** The metric's name as events and conditions print it. */
export function metricDescription(metric: ResourceMetric): string {
  return metric.target.type === "Utilization" ? `${metric.name} resource utilization (percentage of request)` : `${metric.name} resource`;
}
