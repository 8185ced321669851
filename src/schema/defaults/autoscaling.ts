import type { JsonObject } from "../json.js";
import { childObject, ensureObject, isUnset, setDefault } from "./mutate.js";

/** The CPU utilization target Kubernetes uses when an HPA names no metric. */
export const defaultCpuUtilization = 80;

/**
 * autoscaling/v1: minReplicas 1, and targetCPUUtilizationPercentage 80. The v1 defaulter itself only
 * sets minReplicas; the 80% comes from the stored autoscaling/v2 object (whose defaulter adds a
 * CPU metric when there is none) and reads back through v1 as targetCPUUtilizationPercentage: 80,
 * which is what `kubectl get hpa` shows (`<unknown>/80%`).
 */
export function defaultHorizontalPodAutoscalerV1(hpa: JsonObject): void {
  const spec = ensureObject(hpa, "spec");
  if (!spec) return;
  setDefault(spec, "minReplicas", 1);
  setDefault(spec, "targetCPUUtilizationPercentage", defaultCpuUtilization);
}

/** autoscaling/v2 (SetDefaults_HorizontalPodAutoscaler and SetDefaults_HorizontalPodAutoscalerBehavior). */
export function defaultHorizontalPodAutoscalerV2(hpa: JsonObject): void {
  const spec = ensureObject(hpa, "spec");
  if (!spec) return;
  setDefault(spec, "minReplicas", 1);
  if (isUnset(spec.metrics) || (Array.isArray(spec.metrics) && spec.metrics.length === 0)) {
    spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: defaultCpuUtilization } } }];
  }
  // Behavior is only completed when given: an absent behavior means "the controller's defaults".
  const behavior = childObject(spec, "behavior");
  if (!behavior) return;
  const scaleUp = ensureObject(behavior, "scaleUp");
  if (scaleUp) {
    setDefault(scaleUp, "stabilizationWindowSeconds", 0);
    setDefault(scaleUp, "selectPolicy", "Max");
    setDefault(scaleUp, "policies", [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ]);
  }
  const scaleDown = ensureObject(behavior, "scaleDown");
  if (scaleDown) {
    // No stabilizationWindowSeconds: the controller's --horizontal-pod-autoscaler-downscale-stabilization (300s) applies.
    setDefault(scaleDown, "selectPolicy", "Max");
    setDefault(scaleDown, "policies", [{ type: "Percent", value: 100, periodSeconds: 15 }]);
  }
}
