import { test } from "node:test";
import assert from "node:assert/strict";
import { decideHpa, emptyHistory, normalizeWithBehavior, readHpaSpec, replicasForMetric, type PodUsage, type ResourceMetric } from "../../../src/controllers/hpa/index.js";
import type { JsonObject } from "../../../src/schema/json.js";

const NOW = new Date("2025-03-01T10:10:00Z");
const CPU50: ResourceMetric = { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } };

function pod(name: string, state: "ready" | "pending" | "notready" = "ready", request: string | null = "100m"): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: name },
    spec: { containers: [{ name: "app", resources: request ? { requests: { cpu: request, memory: "100Mi" } } : {} }] },
    status: { phase: state === "pending" ? "Pending" : "Running", conditions: [{ type: "Ready", status: state === "ready" ? "True" : "False" }] },
  };
}

const cpu = (entries: [string, number][]): Map<string, PodUsage> => new Map(entries.map(([n, m]) => [n, { cpuMillis: m, memoryBytes: 0 }]));
const replicas = (metric: ResourceMetric, current: number, pods: JsonObject[], usage: Map<string, PodUsage>) => {
  const r = replicasForMetric(metric, current, pods, usage);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
};

test("desired = ceil(current × usage / target); within 10% nothing changes", () => {
  const pods = ["a", "b", "c", "d"].map((n) => pod(n));
  const busy = replicas(CPU50, 4, pods, cpu(pods.map((p) => [String((p.metadata as JsonObject).name), 90])));
  assert.deepEqual([busy.replicas, busy.utilization], [8, 90]);
  assert.equal(replicas(CPU50, 4, pods, cpu([["a", 53], ["b", 53], ["c", 53], ["d", 53]])).replicas, 4, "ratio 1.06 is within the tolerance");
  assert.equal(replicas(CPU50, 4, pods, cpu([["a", 56], ["b", 56], ["c", 56], ["d", 56]])).replicas, 5, "ratio 1.12 is not");
  assert.equal(replicas(CPU50, 4, pods, cpu([["a", 10], ["b", 10], ["c", 10], ["d", 10]])).replicas, 1);
});

test("missing metrics count as 100% of the request when scaling down; not-ready pods as 0 when scaling up", () => {
  const three = [pod("a"), pod("b"), pod("c")];
  assert.equal(replicas(CPU50, 3, three, cpu([["a", 20], ["b", 20], ["c", 20]])).replicas, 2);
  // A fourth pod without metrics holds the scale-down back: (20+20+20+100)/4 = 40% → ceil(0.8 × 4) = 4.
  assert.equal(replicas(CPU50, 4, [...three, pod("d")], cpu([["a", 20], ["b", 20], ["c", 20]])).replicas, 4);
  // Two ready pods at 100% would ask for 4; two pending pods count as 0: (100+100+0+0)/4 = 50% → no change.
  const withPending = [pod("a"), pod("b"), pod("c", "pending"), pod("d", "notready")];
  assert.equal(replicas(CPU50, 4, withPending, cpu([["a", 100], ["b", 100], ["d", 100]])).replicas, 4);
  assert.equal(replicas(CPU50, 2, [pod("a"), pod("b")], cpu([["a", 100], ["b", 100]])).replicas, 4);
});

test("a container without a request, or no metrics at all, is an error", () => {
  const r = replicasForMetric(CPU50, 1, [pod("a", "ready", null)], cpu([["a", 50]]));
  assert.deepEqual(r, { ok: false, reason: "FailedGetResourceMetric", message: "failed to get cpu utilization: missing request for cpu in container app of Pod a" });
  assert.equal(replicasForMetric(CPU50, 1, [pod("a")], new Map()).ok, false);
});

test("AverageValue targets compare the average usage per pod", () => {
  const mem: ResourceMetric = { name: "memory", target: { type: "AverageValue", averageValue: 100 * 2 ** 20 } };
  const usage = new Map([["a", { cpuMillis: 0, memoryBytes: 150 * 2 ** 20 }], ["b", { cpuMillis: 0, memoryBytes: 150 * 2 ** 20 }]]);
  assert.equal(replicas(mem, 2, [pod("a"), pod("b")], usage).replicas, 3);
});

test("v1 and v2 specs read into one shape; scaleTargetRef without apiVersion means apps/v1", () => {
  const v1 = readHpaSpec({ apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", spec: { scaleTargetRef: { kind: "ReplicaSet", name: "frontend" }, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 50 } });
  assert.deepEqual([v1.target, v1.minReplicas, v1.maxReplicas, v1.metrics], [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "frontend" }, 3, 10, [CPU50]]);
  const v2 = readHpaSpec({ spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "nginx" }, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "100Mi" } } }, { type: "External" }] } });
  assert.deepEqual([v2.minReplicas, v2.metrics, v2.unsupported], [1, [{ name: "memory", target: { type: "AverageValue", averageValue: 104857600 } }], ["External"]]);
  assert.deepEqual(readHpaSpec({ spec: { maxReplicas: 3 } }).metrics, [{ name: "cpu", target: { type: "Utilization", averageUtilization: 80 } }]);
  assert.equal(readHpaSpec({ spec: {} }).scaleDown.stabilizationWindowSeconds, 300);
});

test("stabilization: a scale-down waits for the highest recommendation of the last 300 s", () => {
  const spec = readHpaSpec({ spec: { maxReplicas: 10 } });
  const t = NOW.getTime();
  const history = { ...emptyHistory(), recommendations: [{ at: t - 100_000, replicas: 8 }] };
  const held = normalizeWithBehavior(spec, 8, 4, history, t);
  assert.deepEqual([held.desired, held.ableToScale.reason], [8, "ScaleDownStabilized"]);
  const later = normalizeWithBehavior(spec, 8, 4, held.history, t + 301_000);
  assert.equal(later.desired, 4);
  // Scale-up is not stabilized by default, but is rate limited: max(+4 pods, +100%) per 15 s.
  const up = normalizeWithBehavior(spec, 2, 20, emptyHistory(), t);
  assert.deepEqual([up.desired, up.limited.status, up.limited.reason], [6, "True", "ScaleUpLimit"]);
  const capped = normalizeWithBehavior(readHpaSpec({ spec: { maxReplicas: 5 } }), 2, 20, emptyHistory(), t);
  assert.deepEqual([capped.desired, capped.limited.reason], [5, "TooManyReplicas"]);
  const policies = readHpaSpec({ spec: { maxReplicas: 20, behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 2, periodSeconds: 60 }, { type: "Percent", value: 10, periodSeconds: 60 }] } } } });
  const down = normalizeWithBehavior(policies, 10, 1, { ...emptyHistory(), scaleDownEvents: [{ at: t - 30_000, change: 1 }] }, t);
  // Period start 11: Pods allows 9, Percent allows trunc(9.9) = 9; one already went this period.
  assert.deepEqual([down.desired, down.limited.reason], [9, "ScaleDownLimit"]);
  const minOnly = readHpaSpec({ spec: { minReplicas: 2, maxReplicas: 20, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } } });
  assert.deepEqual([normalizeWithBehavior(minOnly, 10, 1, emptyHistory(), t).desired], [2]);
});

test("a rescale writes the target's replicas, the SuccessfulRescale event and status", () => {
  const hpa: JsonObject = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web", namespace: "default", generation: 1 }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] } };
  const pods = [pod("a"), pod("b")];
  const d = decideHpa({ hpa, spec: readHpaSpec(hpa), currentReplicas: 2, pods, usage: cpu([["a", 90], ["b", 110]]), history: emptyHistory(), now: NOW });
  assert.equal(d.scaleTo, 4);
  assert.deepEqual(d.events, [{ type: "Normal", reason: "SuccessfulRescale", message: "New size: 4; reason: cpu resource utilization (percentage of request) above target" }]);
  assert.deepEqual(d.status.currentMetrics, [{ type: "Resource", resource: { name: "cpu", current: { averageValue: "100m", averageUtilization: 100 } } }]);
  assert.deepEqual([d.status.currentReplicas, d.status.desiredReplicas, d.status.lastScaleTime], [2, 4, "2025-03-01T10:10:00Z"]);
  const conds = Object.fromEntries((d.status.conditions as JsonObject[]).map((c) => [c.type, `${c.status} ${c.reason}`]));
  assert.deepEqual(conds, { ScalingActive: "True ValidMetricFound", AbleToScale: "True SucceededRescale", ScalingLimited: "False DesiredWithinRange" });
  assert.equal(d.status.currentCPUUtilizationPercentage, undefined, "v2 objects keep the v2 status only");
  const v1 = { ...hpa, apiVersion: "autoscaling/v1" };
  assert.equal(decideHpa({ hpa: v1, spec: readHpaSpec(v1), currentReplicas: 2, pods, usage: cpu([["a", 90], ["b", 110]]), history: emptyHistory(), now: NOW }).status.currentCPUUtilizationPercentage, 100);
  const down = decideHpa({ hpa, spec: readHpaSpec(hpa), currentReplicas: 12, pods, usage: cpu([]), history: emptyHistory(), now: NOW });
  assert.deepEqual([down.scaleTo, down.events[0].message], [10, "New size: 10; reason: Current number of replicas above Spec.MaxReplicas"]);
  const zero = decideHpa({ hpa, spec: readHpaSpec(hpa), currentReplicas: 0, pods, usage: cpu([]), history: emptyHistory(), now: NOW });
  assert.equal(zero.scaleTo, undefined);
  assert.equal((zero.status.conditions as JsonObject[])[0].reason, "ScalingDisabled");
  const blind = decideHpa({ hpa, spec: readHpaSpec(hpa), currentReplicas: 2, pods, usage: { error: "podman stats failed" }, history: emptyHistory(), now: NOW });
  assert.equal(blind.scaleTo, undefined);
  assert.equal((blind.status.conditions as JsonObject[])[0].reason, "FailedGetResourceMetric");
});
