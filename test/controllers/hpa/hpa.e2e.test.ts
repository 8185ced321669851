/**
 * An HPA on real podman: a CPU-busy Deployment (each pod spins within a 200m limit against a 100m
 * request, far above the 50% target) is scaled up to maxReplicas from the usage `podman stats`
 * reports; the pods follow. Deleting the Deployment leaves no pods or containers.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlLoop, type ControlLoop } from "../../../src/control/manager.js";
import { createDeploymentController, createGarbageCollector, createHpaController, createReplicaSetController } from "../../../src/controllers/index.js";
import { HPA_CONTROLLER } from "../../../src/controllers/hpa/index.js";
import { isPodReady } from "../../../src/controllers/shared/pod-status.js";
import { createKubelet } from "../../../src/kubelet/kubelet.js";
import { listContainers } from "../../../src/runtime/observe.js";
import { createPodmanMetricsSource } from "../../../src/runtime/stats.js";
import { BUSYBOX_IMAGE } from "../../../src/runtime/test-images.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openStore, type Store } from "../../../src/store/index.js";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";

const NS = "default";
const DEPLOYMENT = { apiVersion: "apps/v1", kind: "Deployment", namespace: NS, name: "busy" };
let rt: E2eRuntime;
let store: Store;
let loop: ControlLoop;
let stateDir: string;

before(async () => {
  rt = await openE2eRuntime("e2e-hpa");
  stateDir = mkdtempSync(join(tmpdir(), "mk-e2e-hpa-state-"));
  store = openStore({ path: join(stateDir, "state.db") });
  const kubelet = createKubelet({
    session: { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" },
    stateDir,
    backoffBaseMs: 1000,
    pollMs: 200,
    probeTimeScale: 1,
    extraLabels: rt.labels,
    nodeName: "mk-test-node",
  });
  const hpa = createHpaController({ metrics: createPodmanMetricsSource(rt.podman, rt.project), syncPeriodMs: 1000 });
  loop = startControlLoop({ store, reconcilers: [createReplicaSetController(), createDeploymentController(), createGarbageCollector(), hpa, kubelet], pollMs: 20, backoffMaxMs: 1000 });
});

after(async () => {
  await loop?.stop();
  await store?.close();
  const left = await rt.close();
  rmSync(stateDir, { recursive: true, force: true });
  assert.deepEqual(left, [], "no podman objects left behind");
});

test("an HPA scales a CPU-busy Deployment up to maxReplicas from podman stats", async () => {
  await store.create(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "busy", namespace: NS },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "busy" } },
        template: {
          metadata: { labels: { app: "busy" } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [{ name: "spin", image: BUSYBOX_IMAGE, command: ["sh", "-c", "while :; do :; done"], resources: { requests: { cpu: "100m" }, limits: { cpu: "200m" } } }],
          },
        },
      },
    },
    { managedBy: "mkapply" },
  );
  await store.create(
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "busy", namespace: NS },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "busy" }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] },
    },
    { managedBy: "mkapply" },
  );
  const scaled = await pollUntil(
    async () => {
      const d = await store.get(DEPLOYMENT);
      return (d?.spec as JsonObject | undefined)?.replicas === 3 ? d : undefined;
    },
    { timeoutMs: 180_000, what: "the Deployment scaled to 3 by the HPA", intervalMs: 250 },
  );
  assert.equal((scaled.spec as JsonObject).replicas, 3);
  const rescales = (await store.listEvents({})).items.filter((e) => (e.source as JsonObject).component === HPA_CONTROLLER && e.reason === "SuccessfulRescale").map((e) => String(e.message));
  assert.ok(rescales.length >= 1 && rescales.every((m) => /^New size: [23]; reason: cpu resource utilization \(percentage of request\) above target$/.test(m)), rescales.join(" | "));
  const hpa = await store.get({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespace: NS, name: "busy" });
  const metric = ((hpa?.status as JsonObject).currentMetrics as JsonObject[])[0];
  assert.ok(Number(((metric.resource as JsonObject).current as JsonObject).averageUtilization) > 55, JSON.stringify(metric));
  await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items.filter(isPodReady).length === 3 ? true : undefined), {
    timeoutMs: 120_000,
    what: "3 busy pods ready",
    intervalMs: 250,
  });
});

test("deleting the HPA and the Deployment leaves no pods or containers", async () => {
  await store.delete({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespace: NS, name: "busy" });
  await store.delete(DEPLOYMENT);
  await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items.length === 0 ? true : undefined), { timeoutMs: 120_000, what: "pods gone", intervalMs: 250 });
  const containers = await pollUntil(
    async () => {
      const rows = await listContainers(rt.podman, rt.selector);
      return rows.ok && rows.value.length === 0 ? rows.value : undefined;
    },
    { timeoutMs: 60_000, what: "containers removed" },
  );
  assert.deepEqual(containers, []);
});
