import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { formatTimestamp } from "../../store/index.js";
import { readConditions, setCondition } from "../shared/conditions.js";
import { metadataOf } from "../shared/pod-facts.js";
import { normalizeWithBehavior, withScaleEvent, type ScaleHistory } from "./behavior.js";
import type { HpaSpec, ResourceMetric } from "./hpa-spec.js";
import { DEFAULT_TOLERANCE, metricDescription, replicasForMetric, type PodUsage } from "./replica-calculator.js";

export interface HpaInput {
  hpa: JsonObject;
  spec: HpaSpec;
  /** The target's spec.replicas (its scale). */
  currentReplicas: number;
  /** The target's pods (matching its selector). */
  pods: readonly JsonObject[];
  /** Usage per pod uid, or the error reading it. */
  usage: ReadonlyMap<string, PodUsage> | { error: string };
  history: ScaleHistory;
  now: Date;
  tolerance?: number;
}

export interface HpaDecision {
  /** The new spec.replicas for the target, when it changes. */
  scaleTo?: number;
  status: JsonObject;
  events: { type: "Normal" | "Warning"; reason: string; message: string }[];
  history: ScaleHistory;
}

function quantityText(metric: ResourceMetric, value: number): string {
  return metric.name === "cpu" ? `${Math.round(value * 1000)}m` : String(Math.round(value));
}

/** The HPA controller's reconcileAutoscaler as a function of plain values and now. */
export function decideHpa(input: HpaInput): HpaDecision {
  const { spec, currentReplicas, now } = input;
  const nowMs = now.getTime();
  const conditions = readConditions(isJsonObject(input.hpa.status) ? input.hpa.status : {});
  const previous = isJsonObject(input.hpa.status) ? input.hpa.status : {};
  const events: HpaDecision["events"] = [];
  const currentMetrics: JsonObject[] = [];
  let history = input.history;
  let desired = currentReplicas;
  let rescaleReason = "";

  if (currentReplicas === 0 && spec.minReplicas !== 0) {
    setCondition(conditions, { type: "ScalingActive", status: "False", reason: "ScalingDisabled", message: "scaling is disabled since the replica count of the target is zero" }, now);
  } else if (currentReplicas > spec.maxReplicas) {
    desired = spec.maxReplicas;
    rescaleReason = "Current number of replicas above Spec.MaxReplicas";
  } else if (currentReplicas < spec.minReplicas) {
    desired = spec.minReplicas;
    rescaleReason = "Current number of replicas below Spec.MinReplicas";
  } else {
    // Every metric proposes a count; the largest wins.
    let proposal = -1;
    let proposalMetric = "";
    let failure: { reason: string; message: string } | undefined;
    for (const metric of spec.metrics) {
      if ("error" in input.usage) {
        failure = { reason: "FailedGetResourceMetric", message: `unable to get metrics for resource ${metric.name}: ${input.usage.error}` };
        continue;
      }
      const r = replicasForMetric(metric, currentReplicas, input.pods, input.usage, input.tolerance ?? DEFAULT_TOLERANCE);
      if (!r.ok) {
        failure = { reason: r.reason, message: r.message };
        continue;
      }
      const current: JsonObject = { averageValue: quantityText(metric, r.averageValue) };
      if (r.utilization !== undefined) current.averageUtilization = r.utilization;
      currentMetrics.push({ type: "Resource", resource: { name: metric.name, current } });
      if (r.replicas > proposal) {
        proposal = r.replicas;
        proposalMetric = metricDescription(metric);
      }
    }
    for (const type of spec.unsupported) failure ??= { reason: "FailedGetMetric", message: `mk reads Resource metrics (cpu, memory) only, not ${type}` };
    if (proposal < 0) {
      const f = failure ?? { reason: "FailedGetResourceMetric", message: "no metrics" };
      setCondition(conditions, { type: "ScalingActive", status: "False", reason: f.reason, message: `the HPA was unable to compute the replica count: ${f.message}` }, now);
      events.push({ type: "Warning", reason: f.reason, message: f.message });
      if (failure) events.push({ type: "Warning", reason: "FailedComputeMetricsReplicas", message: `invalid metrics (${spec.metrics.length} invalid out of ${spec.metrics.length}), first error is: ${f.message}` });
    } else {
      setCondition(conditions, { type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: `the HPA was able to successfully calculate a replica count from ${proposalMetric}` }, now);
      const normalized = normalizeWithBehavior(spec, currentReplicas, proposal, history, nowMs);
      history = normalized.history;
      desired = normalized.desired;
      setCondition(conditions, { type: "AbleToScale", status: "True", ...normalized.ableToScale }, now);
      setCondition(conditions, { type: "ScalingLimited", ...normalized.limited }, now);
      if (desired > currentReplicas) rescaleReason = `${proposalMetric} above target`;
      else if (desired < currentReplicas) rescaleReason = "All metrics below target";
    }
  }

  let scaleTo: number | undefined;
  let lastScaleTime = typeof previous.lastScaleTime === "string" ? previous.lastScaleTime : undefined;
  if (desired !== currentReplicas && rescaleReason !== "") {
    scaleTo = desired;
    lastScaleTime = formatTimestamp(now);
    history = withScaleEvent(history, currentReplicas, desired, nowMs);
    events.push({ type: "Normal", reason: "SuccessfulRescale", message: `New size: ${desired}; reason: ${rescaleReason}` });
    setCondition(conditions, { type: "AbleToScale", status: "True", reason: "SucceededRescale", message: `the HPA controller was able to update the target scale to ${desired}` }, now);
  }

  const status: JsonObject = {};
  if (typeof metadataOf(input.hpa).generation === "number") status.observedGeneration = metadataOf(input.hpa).generation as number;
  if (lastScaleTime) status.lastScaleTime = lastScaleTime;
  status.currentReplicas = currentReplicas;
  status.desiredReplicas = desired;
  if (currentMetrics.length > 0) status.currentMetrics = currentMetrics;
  // An autoscaling/v1 object also shows its one metric the v1 way (kubectl's TARGETS for v1).
  const cpu = currentMetrics.find((m) => (m.resource as JsonObject).name === "cpu");
  const cpuUtilization = cpu ? ((cpu.resource as JsonObject).current as JsonObject).averageUtilization : undefined;
  if (input.hpa.apiVersion === "autoscaling/v1" && typeof cpuUtilization === "number") status.currentCPUUtilizationPercentage = cpuUtilization;
  if (conditions.length > 0) status.conditions = conditions;
  return { scaleTo, status, events, history };
}
