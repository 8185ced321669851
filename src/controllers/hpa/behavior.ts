import type { HpaSpec, ScalingRules } from "./hpa-spec.js";

/**
 * What the HPA remembers between syncs (the controller keeps it in memory too): recent
 * recommendations for the stabilization windows and recent scale events for the rate policies.
 */
export interface ScaleHistory {
  recommendations: { at: number; replicas: number }[];
  scaleUpEvents: { at: number; change: number }[];
  scaleDownEvents: { at: number; change: number }[];
}

export const emptyHistory = (): ScaleHistory => ({ recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });

export interface Normalized {
  desired: number;
  ableToScale: { reason: string; message: string };
  limited: { status: "True" | "False"; reason: string; message: string };
  history: ScaleHistory;
}

function changeInPeriod(events: readonly { at: number; change: number }[], periodSeconds: number, nowMs: number): number {
  return events.filter((e) => e.at > nowMs - periodSeconds * 1000).reduce((n, e) => n + e.change, 0);
}

export function scaleUpLimit(current: number, events: readonly { at: number; change: number }[], rules: ScalingRules, nowMs: number): number {
  if (rules.selectPolicy === "Disabled") return current;
  const proposals = rules.policies.map((p) => {
    const start = current - changeInPeriod(events, p.periodSeconds, nowMs);
    return p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  if (proposals.length === 0) return current;
  return rules.selectPolicy === "Min" ? Math.min(...proposals) : Math.max(...proposals);
}

export function scaleDownLimit(current: number, events: readonly { at: number; change: number }[], rules: ScalingRules, nowMs: number): number {
  if (rules.selectPolicy === "Disabled") return current;
  const proposals = rules.policies.map((p) => {
    const start = current + changeInPeriod(events, p.periodSeconds, nowMs);
    return p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  if (proposals.length === 0) return current;
  // Max lets the most pods go: the lowest limit.
  return rules.selectPolicy === "Min" ? Math.max(...proposals) : Math.min(...proposals);
}

/**
 * normalizeDesiredReplicasWithBehaviors: the stabilization windows (scale up to the lowest and
 * down to the highest recommendation within them), then the rate policies and min/max.
 */
export function normalizeWithBehavior(spec: HpaSpec, current: number, proposed: number, history: ScaleHistory, nowMs: number): Normalized {
  const upCutoff = nowMs - spec.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = nowMs - spec.scaleDown.stabilizationWindowSeconds * 1000;
  let up = proposed;
  let down = proposed;
  for (const r of history.recommendations) {
    if (r.at > upCutoff) up = Math.min(up, r.replicas);
    if (r.at > downCutoff) down = Math.max(down, r.replicas);
  }
  let stabilized = current;
  if (stabilized < up) stabilized = up;
  if (stabilized > down) stabilized = down;
  const keepFrom = nowMs - Math.max(spec.scaleUp.stabilizationWindowSeconds, spec.scaleDown.stabilizationWindowSeconds) * 1000;
  const recommendations = [...history.recommendations.filter((r) => r.at > keepFrom), { at: nowMs, replicas: proposed }];
  const ableToScale =
    stabilized === proposed
      ? { reason: "ReadyForNewScale", message: "recommended size matches current size" }
      : stabilized < proposed
        ? { reason: "ScaleUpStabilized", message: "recent recommendations were lower than current one, applying the lowest recent recommendation" }
        : { reason: "ScaleDownStabilized", message: "recent recommendations were higher than current one, applying the highest recent recommendation" };

  let desired = stabilized;
  let reason = "DesiredWithinRange";
  let message = "the desired count is within the acceptable range";
  if (stabilized > current) {
    const limit = Math.max(current, scaleUpLimit(current, history.scaleUpEvents, spec.scaleUp, nowMs));
    let allowed = spec.maxReplicas;
    if (allowed > limit) {
      allowed = limit;
      reason = "ScaleUpLimit";
      message = "the desired replica count is increasing faster than the maximum scale rate";
    } else {
      reason = "TooManyReplicas";
      message = "the desired replica count is more than the maximum replica count";
    }
    if (stabilized > allowed) desired = allowed;
    else [reason, message] = ["DesiredWithinRange", "the desired count is within the acceptable range"];
  } else if (stabilized < current) {
    const limit = Math.min(current, scaleDownLimit(current, history.scaleDownEvents, spec.scaleDown, nowMs));
    let allowed = spec.minReplicas;
    if (allowed < limit) {
      allowed = limit;
      reason = "ScaleDownLimit";
      message = "the desired replica count is decreasing faster than the maximum scale rate";
    } else {
      reason = "TooFewReplicas";
      message = "the desired replica count is less than the minimum replica count";
    }
    if (stabilized < allowed) desired = allowed;
    else [reason, message] = ["DesiredWithinRange", "the desired count is within the acceptable range"];
  }
  const keepEvents = (events: { at: number; change: number }[], rules: ScalingRules) => {
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
    return events.filter((e) => e.at > nowMs - longest * 1000);
  };
  return {
    desired,
    ableToScale,
    limited: { status: desired === stabilized ? "False" : "True", reason, message },
    history: { recommendations, scaleUpEvents: keepEvents(history.scaleUpEvents, spec.scaleUp), scaleDownEvents: keepEvents(history.scaleDownEvents, spec.scaleDown) },
  };
}

/** Records a rescale for the rate policies. */
export function withScaleEvent(history: ScaleHistory, from: number, to: number, nowMs: number): ScaleHistory {
  if (to > from) return { ...history, scaleUpEvents: [...history.scaleUpEvents, { at: nowMs, change: to - from }] };
  if (to < from) return { ...history, scaleDownEvents: [...history.scaleDownEvents, { at: nowMs, change: from - to }] };
  return history;
}
