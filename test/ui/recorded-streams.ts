// Recorded apply event streams (as the executor emits them) for the renderer tests: a rollout of
// the quick start from v1 to v2 with a settings change and a pruned object, and a broken image.
// (Not a test file: node's runner finds no tests in it.)
import type { ApplyEvent } from "../../src/apply/events.js";
import type { PodSummary, RolloutProgress } from "../../src/apply/progress-model.js";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
export const at = (ms: number) => new Date(T0 + ms).toISOString();
export const T0_MS = T0;

const pod = (name: string, ready: boolean, phase = "Running", reason?: string, restarts = 0): PodSummary => ({ name, phase, ready, restarts, ...(reason ? { reason } : {}) });

function deploymentRollout(updated: number, ready: number, available: number, oldCount: number, pods: PodSummary[]): RolloutProgress {
  return {
    desired: 3,
    updated,
    ready,
    available,
    replicaSets: { new: { name: "web-6f467856db", desired: updated, current: updated, ready: Math.min(ready, updated), available: Math.min(available, updated) }, old: oldCount > 0 ? [{ name: "web-7df84d68cf", desired: oldCount, current: oldCount, ready: oldCount, available: oldCount }] : [] },
    pods,
  };
}

export function rolloutStream(): ApplyEvent[] {
  return [
    {
      type: "plan",
      time: at(0),
      version: 1,
      configuration: "/work/examples/quickstart",
      mode: "normal",
      objects: [
        { address: "ConfigMap/web-settings", apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "web-settings", action: "update" },
        { address: "Service/web", apiVersion: "v1", kind: "Service", namespace: "default", name: "web", action: "no-op" },
        { address: "Deployment/web", apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", action: "update" },
        { address: "ConfigMap/old-settings", apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "old-settings", action: "delete" },
      ],
      counts: { added: 0, changed: 2, destroyed: 1 },
    },
    { type: "apply_started", time: at(20), wait: true, timeoutMs: 300_000 },
    { type: "object_written", time: at(40), address: "ConfigMap/web-settings", action: "update" },
    { type: "object_written", time: at(40), address: "Deployment/web", action: "update" },
    { type: "object_written", time: at(40), address: "ConfigMap/old-settings", action: "delete" },
    { type: "object_progress", time: at(60), address: "ConfigMap/web-settings", state: "converged", message: "written" },
    { type: "object_progress", time: at(60), address: "Service/web", state: "converged", message: "3 endpoints" },
    { type: "object_progress", time: at(60), address: "Deployment/web", state: "pending", message: "Waiting for deployment spec update to be observed...", rollout: deploymentRollout(0, 3, 3, 3, []) },
    { type: "object_progress", time: at(60), address: "ConfigMap/old-settings", state: "converged", message: "deleted" },
    { type: "object_done", time: at(60), address: "ConfigMap/web-settings", outcome: "converged", message: "written", elapsedMs: 40 },
    { type: "object_done", time: at(60), address: "Service/web", outcome: "converged", message: "3 endpoints", elapsedMs: 40 },
    { type: "object_done", time: at(60), address: "ConfigMap/old-settings", outcome: "converged", message: "deleted", elapsedMs: 40 },
    { type: "k8s_event", time: at(300), address: "Deployment/web", involved: "Deployment/web", eventType: "Normal", reason: "ScalingReplicaSet", message: "Scaled up replica set web-6f467856db to 1", count: 1, source: "deployment-controller" },
    {
      type: "object_progress",
      time: at(900),
      address: "Deployment/web",
      state: "progressing",
      message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
      rollout: deploymentRollout(1, 3, 3, 3, [pod("web-6f467856db-p84cw", false, "Pending", "ContainerCreating"), pod("web-7df84d68cf-vcxpw", true), pod("web-7df84d68cf-s45vt", true), pod("web-7df84d68cf-6vbjw", true)]),
    },
    { type: "k8s_event", time: at(4000), address: "Deployment/web", involved: "Pod/web-6f467856db-p84cw", eventType: "Warning", reason: "Unhealthy", message: 'Readiness probe failed: Get "http://10.89.0.5:80/": connection refused', count: 1, source: "kubelet" },
    { type: "k8s_event", time: at(6000), address: "Deployment/web", involved: "Pod/web-6f467856db-p84cw", eventType: "Warning", reason: "Unhealthy", message: 'Readiness probe failed: Get "http://10.89.0.5:80/": connection refused', count: 2, source: "kubelet" },
    {
      type: "object_progress",
      time: at(8000),
      address: "Deployment/web",
      state: "progressing",
      message: 'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...',
      rollout: deploymentRollout(2, 3, 3, 2, [pod("web-6f467856db-p84cw", true), pod("web-6f467856db-sr42d", false, "Pending", "ContainerCreating"), pod("web-7df84d68cf-vcxpw", true), pod("web-7df84d68cf-s45vt", true)]),
    },
    { type: "k8s_event", time: at(8000), address: "Deployment/web", involved: "Deployment/web", eventType: "Normal", reason: "ScalingReplicaSet", message: "Scaled down replica set web-7df84d68cf from 3 to 2", count: 1, source: "deployment-controller" },
    {
      type: "object_progress",
      time: at(15000),
      address: "Deployment/web",
      state: "progressing",
      message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
      rollout: deploymentRollout(3, 3, 3, 1, [pod("web-6f467856db-p84cw", true), pod("web-6f467856db-sr42d", true), pod("web-6f467856db-ljjhh", true), pod("web-7df84d68cf-vcxpw", true, "Terminating")]),
    },
    {
      type: "object_progress",
      time: at(21500),
      address: "Deployment/web",
      state: "converged",
      message: 'deployment "web" successfully rolled out',
      rollout: deploymentRollout(3, 3, 3, 0, [pod("web-6f467856db-p84cw", true), pod("web-6f467856db-sr42d", true), pod("web-6f467856db-ljjhh", true)]),
    },
    { type: "object_done", time: at(21500), address: "Deployment/web", outcome: "converged", message: 'deployment "web" successfully rolled out', elapsedMs: 21480 },
    { type: "apply_finished", time: at(21600), outcome: "converged", mode: "normal", counts: { added: 0, changed: 2, destroyed: 1 }, durationMs: 21600, unfinished: [] },
  ];
}

export function brokenImageStream(): ApplyEvent[] {
  const failing = pod("web-5d8c7b9f4-x2k4f", false, "Pending", "ImagePullBackOff");
  const rollout: RolloutProgress = {
    desired: 1,
    updated: 1,
    ready: 0,
    available: 0,
    replicaSets: { new: { name: "web-5d8c7b9f4", desired: 1, current: 1, ready: 0, available: 0 }, old: [] },
    pods: [failing],
  };
  const why = 'pod web-5d8c7b9f4-x2k4f: ImagePullBackOff: Failed to pull image "localhost/mk/nope:1": image not known';
  return [
    { type: "plan", time: at(0), version: 1, configuration: "/work/broken", mode: "normal", objects: [{ address: "Deployment/web", apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", action: "create" }], counts: { added: 1, changed: 0, destroyed: 0 } },
    { type: "apply_started", time: at(10), wait: true, timeoutMs: 300_000 },
    { type: "object_written", time: at(20), address: "Deployment/web", action: "create" },
    { type: "object_progress", time: at(500), address: "Deployment/web", state: "progressing", message: 'Waiting for deployment "web" rollout to finish: 0 of 1 updated replicas are available...', rollout: { ...rollout, pods: [pod("web-5d8c7b9f4-x2k4f", false, "Pending", "ErrImagePull")] } },
    { type: "k8s_event", time: at(900), address: "Deployment/web", involved: "Pod/web-5d8c7b9f4-x2k4f", eventType: "Warning", reason: "Failed", message: 'Failed to pull image "localhost/mk/nope:1": image not known', count: 1, source: "kubelet" },
    { type: "object_progress", time: at(12500), address: "Deployment/web", state: "failed", message: why, rollout },
    { type: "object_done", time: at(12500), address: "Deployment/web", outcome: "failed", message: why, elapsedMs: 12480 },
    { type: "apply_finished", time: at(12600), outcome: "failed", mode: "normal", counts: { added: 1, changed: 0, destroyed: 0 }, durationMs: 12600, message: `Deployment/web: ${why}`, unfinished: [] },
  ];
}
