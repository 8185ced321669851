import { test } from "node:test";
import assert from "node:assert/strict";
import { startControlLoop } from "../../../src/control/manager.js";
import { createHpaController, HPA_CONTROLLER, type PodMetricsSource } from "../../../src/controllers/hpa/index.js";
import { createReplicaSetController } from "../../../src/controllers/index.js";
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
