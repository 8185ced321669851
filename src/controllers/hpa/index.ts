export { createHpaController, HPA_CONTROLLER, type HpaControllerOptions, type PodMetricsSource } from "./controller.js";
export { decideHpa, type HpaDecision, type HpaInput } from "./decide.js";
export { readHpaSpec, podRequest, DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, type HpaSpec, type ResourceMetric, type ScalingRules, type ScalingPolicy } from "./hpa-spec.js";
export { replicasForMetric, metricDescription, DEFAULT_TOLERANCE, type PodUsage, type MetricResult } from "./replica-calculator.js";
export { normalizeWithBehavior, scaleUpLimit, scaleDownLimit, withScaleEvent, emptyHistory, type ScaleHistory } from "./behavior.js";
