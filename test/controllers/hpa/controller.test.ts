import { test } from "node:test";
import assert from "node:assert/strict";
import { startControlLoop } from "../../../src/control/manager.js";
import { createHpaController, HPA_CONTROLLER, type PodMetricsSource } from "../../../src/controllers/hpa/index.js";
import { createReplicaSetController, createStatefulSetController } from "../../../src/controllers/index.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { systemClock } from "../../../src/store/index.js";
import { openTestStore } from "../../store/harness.js";
import { createFakeKubelet } from "../../support/fake-kubelet.js";
import { pollUntil } from "../../e2e-support/poll.js";

test("an HPA scales a busy ReplicaSet up by its behavior's rate, to maxReplicas, through spec.replicas", async () => {
  const { store } = openTestStore({ clock: systemClock });
  const asked: number[] = [];
  // Every pod uses 90m of its 100m request: 90% against a 50% target.
  const metrics: PodMetricsSource = {
    async usage(pods) {
      asked.push(pods.length);
      return new Map(pods.map((p) => [p.uid, { cpuMillis: 90, memoryBytes: 1 << 20 }]));
    },
  };
  const loop = startControlLoop({ store, reconcilers: [createHpaController({ metrics, syncPeriodMs: 20 }), createReplicaSetController("ReplicaSet"), createFakeKubelet()], pollMs: 5 });
  const rsKey = { apiVersion: "apps/v1", kind: "ReplicaSet", namespace: "default", name: "frontend" };
  try {
    await store.create(
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: "frontend", namespace: "default" },
        spec: { replicas: 2, selector: { matchLabels: { tier: "frontend" } }, template: { metadata: { labels: { tier: "frontend" } }, spec: { containers: [{ name: "php", image: "localhost/mk/web:1", resources: { requests: { cpu: "100m" } } }] } } },
      },
      { managedBy: "mkapply" },
    );
    await store.create(
      { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "frontend-scaler", namespace: "default" }, spec: { scaleTargetRef: { kind: "ReplicaSet", name: "frontend" }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 } },
      { managedBy: "mkapply" },
    );
    const final = await pollUntil(
      async () => {
        const rs = await store.get(rsKey);
        const replicas = (rs?.spec as JsonObject | undefined)?.replicas;
        return replicas === 5 ? rs : undefined;
      },
      { timeoutMs: 20_000, what: "the ReplicaSet scaled to maxReplicas 5", intervalMs: 20 },
    );
    assert.equal((final.spec as JsonObject).replicas, 5);
    const events = (await store.listEvents({})).items.filter((e) => (e.source as JsonObject).component === HPA_CONTROLLER).map((e) => String(e.message));
    // 2 pods at 90% ask for ceil(1.8 × 2) = 4; then 4 pods ask for 8, capped at maxReplicas 5.
    assert.deepEqual(events.filter((m) => m.startsWith("New size")), [
      "New size: 4; reason: cpu resource utilization (percentage of request) above target",
      "New size: 5; reason: cpu resource utilization (percentage of request) above target",
    ]);
    const hpa = await store.get({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespace: "default", name: "frontend-scaler" });
    const status = hpa?.status as JsonObject;
    assert.equal(status.desiredReplicas, 5);
    assert.ok(asked.includes(4), "the metrics source was asked about the 4 pods of the first rescale");
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("an autoscaling/v2 HPA on memory scales a StatefulSet down through its scale, without waiting when the window is 0", async () => {
  const { store } = openTestStore({ clock: systemClock });
  // Every pod uses 8 MiB of its 128 MiB request: 6.25% against an 80% target.
  const metrics: PodMetricsSource = { usage: async (pods) => new Map(pods.map((p) => [p.uid, { cpuMillis: 1, memoryBytes: 8 << 20 }])) };
  const loop = startControlLoop({ store, reconcilers: [createHpaController({ metrics, syncPeriodMs: 20 }), createStatefulSetController(), createFakeKubelet()], pollMs: 5 });
  const key = { apiVersion: "apps/v1", kind: "StatefulSet", namespace: "default", name: "db" };
  try {
    await store.create(
      {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "db", namespace: "default" },
        spec: { replicas: 3, serviceName: "db", podManagementPolicy: "Parallel", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "localhost/mk/busybox:1", resources: { requests: { memory: "128Mi" } } }] } } },
      },
      { managedBy: "mkapply" },
    );
    await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod", namespace: "default" })).items.length === 3 ? true : undefined), { timeoutMs: 10_000, what: "3 pods of db", intervalMs: 20 });
    await store.create(
      {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "db", namespace: "default" },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "db" },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [{ type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } }],
          behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
        },
      },
      { managedBy: "mkapply" },
    );
    // ceil(3 × 6.25 / 80) = 1: to minReplicas at once (the default scale-down policy allows 100%).
    const scaled = await pollUntil(async () => {
      const s = await store.get(key);
      return (s?.spec as JsonObject | undefined)?.replicas === 1 ? s : undefined;
    }, { timeoutMs: 20_000, what: "the StatefulSet scaled down to 1", intervalMs: 20 });
    assert.equal((scaled.spec as JsonObject).replicas, 1);
    const events = (await store.listEvents({})).items.filter((e) => (e.source as JsonObject).component === HPA_CONTROLLER).map((e) => String(e.message));
    assert.deepEqual(events.filter((m) => m.startsWith("New size")), ["New size: 1; reason: All metrics below target"]);
  } finally {
    await loop.stop();
    await store.close();
  }
});
