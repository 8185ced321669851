import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { parseQuantity, quantityToNumber } from "../../schema/quantity.js";
import { specOf } from "../shared/pod-facts.js";

/**
 * An HPA's spec as the controller uses it: autoscaling/v1 (targetCPUUtilizationPercentage) and
 * v2 (metrics, behavior) read into one shape, with the v2 defaults (minReplicas 1, 80% CPU when
 * no metric is given, the default scale-up and scale-down behavior).
 */
export type ResourceName = "cpu" | "memory";

export interface ResourceMetric {
  name: ResourceName;
  /** Utilization: percent of the pods' requests; AverageValue: cores (cpu) or bytes (memory) per pod. */
  target: { type: "Utilization"; averageUtilization: number } | { type: "AverageValue"; averageValue: number };
}

export interface ScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: "Max" | "Min" | "Disabled";
  policies: ScalingPolicy[];
}

export interface HpaSpec {
  target: { apiVersion: string; kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  metrics: ResourceMetric[];
  /** Metrics mk cannot read (Pods, Object, External, ContainerResource), by type. */
  unsupported: string[];
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

export const DEFAULT_SCALE_UP: ScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};

export const DEFAULT_SCALE_DOWN: ScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

function rules(value: unknown, defaults: ScalingRules): ScalingRules {
  if (!isJsonObject(value)) return defaults;
  const policies = Array.isArray(value.policies)
    ? value.policies.filter(isJsonObject).map((p) => ({ type: p.type === "Pods" ? ("Pods" as const) : ("Percent" as const), value: Number(p.value ?? 0), periodSeconds: Number(p.periodSeconds ?? 15) }))
    : defaults.policies;
  return {
    stabilizationWindowSeconds: typeof value.stabilizationWindowSeconds === "number" ? value.stabilizationWindowSeconds : defaults.stabilizationWindowSeconds,
    selectPolicy: value.selectPolicy === "Min" || value.selectPolicy === "Disabled" ? value.selectPolicy : "Max",
    policies,
  };
}

function quantity(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const q = parseQuantity(value);
  return q.ok ? quantityToNumber(q.quantity) : undefined;
}

export function readHpaSpec(hpa: JsonObject): HpaSpec {
  const spec = specOf(hpa);
  const ref = isJsonObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  const kind = String(ref.kind ?? "");
  // A v1 scaleTargetRef may omit apiVersion (seed 000:1746, INVENTORY D22): apps/v1 for the apps kinds.
  const apiVersion = typeof ref.apiVersion === "string" && ref.apiVersion !== "" ? ref.apiVersion : kind === "ReplicationController" ? "v1" : "apps/v1";
  const metrics: ResourceMetric[] = [];
  const unsupported: string[] = [];
  if (typeof spec.targetCPUUtilizationPercentage === "number") {
    metrics.push({ name: "cpu", target: { type: "Utilization", averageUtilization: spec.targetCPUUtilizationPercentage } });
  }
  for (const m of Array.isArray(spec.metrics) ? spec.metrics.filter(isJsonObject) : []) {
    const resource = isJsonObject(m.resource) ? m.resource : undefined;
    if (m.type !== "Resource" || !resource || (resource.name !== "cpu" && resource.name !== "memory")) {
      unsupported.push(String(m.type ?? "unknown"));
      continue;
    }
    const target = isJsonObject(resource.target) ? resource.target : {};
    if (target.type === "AverageValue") {
      const v = quantity(target.averageValue);
      if (v !== undefined) metrics.push({ name: resource.name, target: { type: "AverageValue", averageValue: v } });
      else unsupported.push("Resource");
    } else if (typeof target.averageUtilization === "number") {
      metrics.push({ name: resource.name, target: { type: "Utilization", averageUtilization: target.averageUtilization } });
    } else unsupported.push("Resource");
  }
  if (metrics.length === 0 && unsupported.length === 0) metrics.push({ name: "cpu", target: { type: "Utilization", averageUtilization: 80 } });
  const behavior = isJsonObject(spec.behavior) ? spec.behavior : {};
  return {
    target: { apiVersion, kind, name: String(ref.name ?? "") },
    minReplicas: typeof spec.minReplicas === "number" ? spec.minReplicas : 1,
    maxReplicas: typeof spec.maxReplicas === "number" ? spec.maxReplicas : 1,
    metrics,
    unsupported,
    scaleUp: rules(behavior.scaleUp, DEFAULT_SCALE_UP),
    scaleDown: rules(behavior.scaleDown, DEFAULT_SCALE_DOWN),
  };
}

/** Sum of the pod's containers' requests for a resource (cores or bytes); undefined when one lacks it. */
export function podRequest(pod: JsonObject, resource: ResourceName): { total: number } | { missing: string } {
  const containers = Array.isArray(specOf(pod).containers) ? (specOf(pod).containers as JsonObject[]).filter(isJsonObject) : [];
  let total = 0;
  for (const c of containers) {
    const resources = isJsonObject(c.resources) ? c.resources : {};
    const requests = isJsonObject(resources.requests) ? resources.requests : {};
    const v = quantity(requests[resource]);
    if (v === undefined) return { missing: String(c.name ?? "") };
    total += v;
  }
  return { total };
}
