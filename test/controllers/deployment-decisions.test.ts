import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveFenceposts, scaledValue } from "../../src/controllers/deployment/fenceposts.js";
import { proportionalScale, isScalingEvent, findActiveOrLatest } from "../../src/controllers/deployment/proportional.js";
import { newRSNewReplicas, reconcileOldReplicaSets } from "../../src/controllers/deployment/rolling.js";
import { rolloutStatusMessage } from "../../src/controllers/deployment/rollout-status.js";
import { calculateStatus, deploymentTimedOut, rolloutStatus } from "../../src/controllers/deployment/status.js";
import type { JsonObject } from "../../src/schema/json.js";

function dep(replicas: number, surge: number | string, unavailable: number | string, extra: JsonObject = {}, status: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", uid: "d", generation: 2 },
    spec: { replicas, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, ...extra },
    status: { observedGeneration: 2, ...status },
  };
}

function rs(name: string, replicas: number, available: number, created: string, annotations: Record<string, string> = {}, statusReplicas = replicas): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, uid: `uid-${name}`, creationTimestamp: created, annotations },
    spec: { replicas },
    status: { replicas: statusReplicas, availableReplicas: available, readyReplicas: available },
  };
}

const sizes = (steps: { rs: JsonObject; replicas: number }[]) => Object.fromEntries(steps.map((s) => [(s.rs.metadata as JsonObject).name, s.replicas]));

test("fenceposts: surge rounds up, unavailable rounds down, both 0 becomes unavailable 1", () => {
  assert.deepEqual(resolveFenceposts("25%", "25%", 3), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts("25%", "25%", 10), { surge: 3, unavailable: 2 });
  assert.deepEqual(resolveFenceposts(0, "10%", 5), { surge: 0, unavailable: 1 }, "0 and 0.5→0: unavailable forced to 1");
  assert.deepEqual(resolveFenceposts(1, 0, 3), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(undefined, undefined, 4), { surge: 1, unavailable: 1 }, "defaults 25% / 25%");
  assert.equal(scaledValue("33%", 10, true), 4);
  assert.equal(scaledValue("33%", 10, false), 3);
  assert.equal(scaledValue("x%", 10, false), undefined);
});

test("new ReplicaSet growth stays within replicas + maxSurge, counting pods a shrinking set still reports", () => {
  const d = dep(3, 1, 0);
  const old = rs("old", 3, 3, "2025-01-01T00:00:00Z");
  const fresh = rs("new", 0, 0, "2025-01-02T00:00:00Z");
  assert.equal(newRSNewReplicas(d, [old, fresh], fresh), 1);
  const old2 = rs("old", 2, 2, "2025-01-01T00:00:00Z", {}, 3);
  const fresh1 = rs("new", 1, 1, "2025-01-02T00:00:00Z");
  assert.equal(newRSNewReplicas(d, [old2, fresh1], fresh1), 1, "the old set still has 3 pods");
  const old2done = rs("old", 2, 2, "2025-01-01T00:00:00Z");
  assert.equal(newRSNewReplicas(d, [old2done, fresh1], fresh1), 2);
  assert.equal(newRSNewReplicas(dep(10, "30%", 0), [rs("old", 10, 10, "2025-01-01T00:00:00Z"), rs("new", 0, 0, "2025-01-02T00:00:00Z")], rs("new", 0, 0, "2025-01-02T00:00:00Z")), 3);
});

test("old ReplicaSets shrink by availability: unhealthy replicas first, oldest set first, never below minAvailable", () => {
  // 10 replicas, maxUnavailable 2: 8 must stay available.
  const d = dep(10, 3, 2);
  const oldest = rs("oldest", 4, 2, "2025-01-01T00:00:00Z");
  const older = rs("older", 6, 6, "2025-01-02T00:00:00Z");
  const fresh = rs("new", 3, 0, "2025-01-03T00:00:00Z");
  const steps = reconcileOldReplicaSets(d, [oldest, older, fresh], [oldest, older], fresh);
  // maxScaledDown = 13 - 8 - 3 = 2: oldest's 2 unhealthy go; then available 8 = minAvailable, nothing more.
  assert.deepEqual(sizes(steps), { oldest: 2 });
  const healthyNew = rs("new", 3, 3, "2025-01-03T00:00:00Z");
  const steps2 = reconcileOldReplicaSets(d, [rs("a", 10, 10, "2025-01-01T00:00:00Z"), healthyNew], [rs("a", 10, 10, "2025-01-01T00:00:00Z")], healthyNew);
  assert.deepEqual(sizes(steps2), { a: 5 }, "13 available, 8 needed: 5 old ones go");
  assert.deepEqual(reconcileOldReplicaSets(dep(3, 1, 0), [rs("a", 3, 3, "2025-01-01T00:00:00Z"), rs("n", 1, 0, "2025-01-02T00:00:00Z")], [rs("a", 3, 3, "2025-01-01T00:00:00Z")], rs("n", 1, 0, "2025-01-02T00:00:00Z")), [], "the surge pod is not available yet");
});

test("proportional scaling: Kubernetes' documented 10 → 15 example (8 old + 5 new → 11 + 7)", () => {
  const d = dep(15, 3, 2, {}, { replicas: 13 });
  const old = rs("old", 8, 8, "2025-01-01T00:00:00Z", { "deployment.kubernetes.io/desired-replicas": "10", "deployment.kubernetes.io/max-replicas": "13" });
  const fresh = rs("new", 5, 0, "2025-01-02T00:00:00Z", { "deployment.kubernetes.io/desired-replicas": "10", "deployment.kubernetes.io/max-replicas": "13" });
  assert.equal(isScalingEvent(d, [old, fresh]), true);
  assert.deepEqual(sizes(proportionalScale(d, fresh, [old])), { old: 11, new: 7 });
  // Scaling down to 5: 5 + 3 = 8 allowed, 13 → 8 shared out.
  const down = dep(5, 3, 2, {}, { replicas: 13 });
  const result = sizes(proportionalScale(down, fresh, [old]));
  assert.equal(result.old + result.new, 8);
  assert.deepEqual(result, { old: 5, new: 3 });
});

test("scaling with one active ReplicaSet sets it directly; none active picks the newest", () => {
  const d = dep(5, 1, 0);
  const only = rs("only", 3, 3, "2025-01-01T00:00:00Z");
  const idle = rs("idle", 0, 0, "2025-01-02T00:00:00Z");
  assert.deepEqual(sizes(proportionalScale(d, undefined, [only, idle])), { only: 5 });
  assert.equal((findActiveOrLatest(undefined, [rs("a", 0, 0, "2025-01-01T00:00:00Z"), rs("b", 0, 0, "2025-01-03T00:00:00Z")])?.metadata as JsonObject).name, "b");
});

test("status: counts from the ReplicaSets, Available by minimum availability, Progressing through its reasons", () => {
  const now = new Date("2025-03-01T10:00:00Z");
  const d = dep(3, 1, 0, { progressDeadlineSeconds: 60 }, { updatedReplicas: 0, replicas: 3, availableReplicas: 3, conditions: [{ type: "Progressing", status: "True", reason: "NewReplicaSetCreated", lastUpdateTime: "2025-03-01T09:59:00Z", lastTransitionTime: "2025-03-01T09:59:00Z" }] });
  const old = rs("old", 3, 3, "2025-01-01T00:00:00Z");
  const fresh = rs("new", 1, 0, "2025-01-02T00:00:00Z");
  const s = calculateStatus(d, [old, fresh], fresh, now);
  assert.deepEqual([s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas], [4, 1, 3, 3, 1]);
  assert.equal(s.conditions.find((c) => c.type === "Available")?.reason, "MinimumReplicasAvailable");
  const r = rolloutStatus(d, [old, fresh], fresh, now);
  const progressing = r.status.conditions.find((c) => c.type === "Progressing");
  assert.equal(progressing?.reason, "ReplicaSetUpdated");
  assert.equal(progressing?.message, 'ReplicaSet "new" is progressing.');
  assert.equal(progressing?.lastTransitionTime, "2025-03-01T09:59:00Z", "still True: the transition time stays");
  assert.ok(r.requeueAfterMs !== undefined && r.requeueAfterMs > 59_000, "looks again when the deadline passes");
  // No progress for longer than the deadline: timed out.
  const stale = dep(3, 1, 0, { progressDeadlineSeconds: 60 }, { updatedReplicas: 1, replicas: 4, availableReplicas: 3, readyReplicas: 3, conditions: [{ type: "Progressing", status: "True", reason: "ReplicaSetUpdated", lastUpdateTime: "2025-03-01T09:58:00Z", lastTransitionTime: "2025-03-01T09:58:00Z" }] });
  const timed = rolloutStatus(stale, [old, fresh], fresh, now);
  assert.equal(timed.status.conditions.find((c) => c.type === "Progressing")?.reason, "ProgressDeadlineExceeded");
  assert.equal(deploymentTimedOut(stale, timed.status, now), true);
});

test("rollout status texts are kubectl's", () => {
  const base = (status: JsonObject, generation = 2) => ({ ...dep(3, 1, 0), metadata: { name: "web", generation }, status: { observedGeneration: 2, ...status } });
  assert.equal(rolloutStatusMessage(base({}, 3)).message, "Waiting for deployment spec update to be observed...");
  assert.equal(rolloutStatusMessage(base({ updatedReplicas: 1, replicas: 4, availableReplicas: 3 })).message, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
  assert.equal(rolloutStatusMessage(base({ updatedReplicas: 3, replicas: 4, availableReplicas: 3 })).message, 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
  assert.equal(rolloutStatusMessage(base({ updatedReplicas: 3, replicas: 3, availableReplicas: 1 })).message, 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...');
  assert.deepEqual(rolloutStatusMessage(base({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 })), { message: 'deployment "web" successfully rolled out', done: true, failed: false });
  const failed = rolloutStatusMessage(base({ conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] }));
  assert.deepEqual(failed, { message: 'deployment "web" exceeded its progress deadline', done: false, failed: true });
});

test("rollout status of a paused Deployment keeps kubectl's text and says it is paused", () => {
  const d = { ...dep(3, 1, 0, { paused: true }), metadata: { name: "web", generation: 2 }, status: { observedGeneration: 2, updatedReplicas: 1, replicas: 3, availableReplicas: 3 } };
  assert.deepEqual(rolloutStatusMessage(d), { message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', waitingOn: "1 out of 3 new replicas have been updated", done: false, failed: false, paused: true });
});
