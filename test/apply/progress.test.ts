import { test } from "node:test";
import assert from "node:assert/strict";
import { objectProgress } from "../../src/apply/progress.js";
import type { JsonObject } from "../../src/schema/json.js";

const now = new Date("2026-01-01T00:00:00Z");

function deployment(status: JsonObject, opts: { generation?: number; revision?: string; replicas?: number } = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", uid: "d1", generation: opts.generation ?? 2, annotations: { "deployment.kubernetes.io/revision": opts.revision ?? "2" } },
    spec: { replicas: opts.replicas ?? 3 },
    status,
  };
}

function rs(name: string, uid: string, revision: string, replicas: number, ready = replicas): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, uid, annotations: { "deployment.kubernetes.io/revision": revision } },
    spec: { replicas },
    status: { replicas, readyReplicas: ready, availableReplicas: ready },
  };
}

function pod(name: string, ownerUid: string, opts: { ready?: boolean; phase?: string; waiting?: { reason: string; message?: string }; restarts?: number; labels?: JsonObject; ip?: string } = {}): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, uid: `u-${name}`, labels: opts.labels ?? {}, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "x", uid: ownerUid, controller: true }] },
    spec: {},
    status: {
      phase: opts.phase ?? "Running",
      ...(opts.ip ? { podIP: opts.ip } : {}),
      conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True" }],
      containerStatuses: [{ name: "web", ready: opts.ready !== false, restartCount: opts.restarts ?? 0, state: opts.waiting ? { waiting: opts.waiting } : { running: {} } }],
    },
  };
}

test("Deployment: converged only when updated = ready = available = desired and no old pods remain", () => {
  const newRs = rs("web-new", "rs2", "2", 3);
  const oldRs = rs("web-old", "rs1", "1", 0);
  const pods = ["a", "b", "c"].map((n) => pod(`web-new-${n}`, "rs2"));
  const done = objectProgress(deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), { pods, replicaSets: [newRs, oldRs] }, now);
  assert.equal(done.state, "converged");
  assert.equal(done.message, 'deployment "web" successfully rolled out');
  assert.equal(done.rollout?.replicaSets?.new?.name, "web-new");
  assert.deepEqual(done.rollout?.replicaSets?.old, [], "an old ReplicaSet scaled to 0 without pods is not shown");

  const oldPod = pod("web-old-z", "rs1");
  const pending = objectProgress(deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), { pods: [...pods, oldPod], replicaSets: [newRs, rs("web-old", "rs1", "1", 0, 0)] }, now);
  assert.equal(pending.state, "progressing");
  assert.match(pending.message, /1 old pods are pending termination/);
  assert.equal(pending.rollout?.replicaSets?.old[0]?.name, "web-old");
});

test("Deployment: kubectl's waiting messages in kubectl's order", () => {
  const related = { pods: [], replicaSets: [] };
  assert.equal(objectProgress(deployment({ observedGeneration: 1 }), related, now).state, "pending");
  assert.equal(
    objectProgress(deployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 }), related, now).message,
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
  );
  assert.equal(
    objectProgress(deployment({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }), related, now).message,
    'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
  );
  assert.equal(
    objectProgress(deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 2 }), related, now).message,
    'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
  );
});

test("Deployment: a pod of the new ReplicaSet in ImagePullBackOff fails it, naming the pod and the Event", () => {
  const newRs = rs("web-new", "rs2", "2", 1, 0);
  const stuck = pod("web-new-x2k4f", "rs2", { ready: false, phase: "Pending", waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "localhost/mk/nope:1"' } });
  const warning: JsonObject = { type: "Warning", reason: "Failed", message: 'Failed to pull image "localhost/mk/nope:1": image not known', involvedObject: { kind: "Pod", name: "web-new-x2k4f", uid: "u-web-new-x2k4f" } };
  const p = objectProgress(deployment({ observedGeneration: 2, replicas: 1, updatedReplicas: 1 }), { pods: [stuck], replicaSets: [newRs], warnings: [warning] }, now);
  assert.equal(p.state, "failed");
  assert.equal(p.message, 'pod web-new-x2k4f: ImagePullBackOff: Failed to pull image "localhost/mk/nope:1": image not known');
  const noEvent = objectProgress(deployment({ observedGeneration: 2, replicas: 1, updatedReplicas: 1 }), { pods: [stuck], replicaSets: [newRs] }, now);
  assert.equal(noEvent.message, 'pod web-new-x2k4f: ImagePullBackOff: Back-off pulling image "localhost/mk/nope:1"');
  // ErrImagePull is the first attempt: not yet stuck.
  const first = pod("web-new-aaaaa", "rs2", { ready: false, phase: "Pending", waiting: { reason: "ErrImagePull" } });
  assert.equal(objectProgress(deployment({ observedGeneration: 2, replicas: 1, updatedReplicas: 1 }), { pods: [first], replicaSets: [newRs] }, now).state, "progressing");
});

test("Deployment: ProgressDeadlineExceeded fails", () => {
  const d = deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 1, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }] });
  const p = objectProgress(d, { pods: [], replicaSets: [] }, now);
  assert.equal(p.state, "failed");
  assert.equal(p.message, 'deployment "web" exceeded its progress deadline');
});

test("StatefulSet: ordinals, partitions and revisions", () => {
  const sts = (status: JsonObject, partition?: number): JsonObject => ({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", generation: 1 },
    spec: { replicas: 3, updateStrategy: { type: "RollingUpdate", ...(partition !== undefined ? { rollingUpdate: { partition } } : {}) } },
    status: { observedGeneration: 1, ...status },
  });
  const pods = [0, 1, 2].map((i) => pod(`db-${i}`, "s", { labels: { "controller-revision-hash": i === 2 ? "db-v2" : "db-v1" } }));
  const rolling = objectProgress(sts({ readyReplicas: 3, updatedReplicas: 1, currentRevision: "db-v1", updateRevision: "db-v2" }), { pods }, now);
  assert.equal(rolling.state, "progressing");
  assert.equal(rolling.message, "waiting for statefulset rolling update to complete 1 pods at revision db-v2...");
  assert.deepEqual(rolling.rollout?.ordinals?.map((o) => o.updated), [false, false, true]);
  const partitioned = objectProgress(sts({ readyReplicas: 3, updatedReplicas: 1, currentRevision: "db-v1", updateRevision: "db-v2" }, 2), { pods }, now);
  assert.equal(partitioned.state, "converged", "with partition 2 only ordinal 2 is to be updated");
  assert.equal(partitioned.rollout?.partition, 2);
  const notReady = objectProgress(sts({ readyReplicas: 2, updatedReplicas: 3, currentRevision: "db-v2", updateRevision: "db-v2" }), { pods }, now);
  assert.equal(notReady.message, "Waiting for 1 pods to be ready...");
  const done = objectProgress(sts({ readyReplicas: 3, updatedReplicas: 3, currentRevision: "db-v2", updateRevision: "db-v2" }), { pods }, now);
  assert.equal(done.state, "converged");
});

test("DaemonSet, Job, CronJob, PVC, ConfigMap", () => {
  const ds: JsonObject = { kind: "DaemonSet", metadata: { name: "logs", generation: 1 }, spec: {}, status: { observedGeneration: 1, desiredNumberScheduled: 1, updatedNumberScheduled: 1, numberAvailable: 0 } };
  assert.equal(objectProgress(ds, { pods: [] }, now).message, 'Waiting for daemon set "logs" rollout to finish: 0 of 1 updated pods are available...');
  const job = (status: JsonObject): JsonObject => ({ kind: "Job", metadata: { name: "pi" }, spec: { completions: 3, parallelism: 2 }, status });
  const running = objectProgress(job({ startTime: "t", succeeded: 1, active: 2, failed: 1 }), { pods: [] }, now);
  assert.equal(running.state, "progressing");
  assert.deepEqual(running.rollout?.completions, { succeeded: 1, failed: 1, active: 2, completions: 3 });
  assert.equal(objectProgress(job({ succeeded: 3, conditions: [{ type: "Complete", status: "True" }] }), { pods: [] }, now).state, "converged");
  const failed = objectProgress(job({ failed: 7, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }] }), { pods: [] }, now);
  assert.equal(failed.state, "failed");
  assert.equal(failed.message, 'job "pi" failed: BackoffLimitExceeded: Job has reached the specified backoff limit');
  assert.equal(objectProgress({ kind: "CronJob", metadata: { name: "c" } }, { pods: [] }, now).state, "converged");
  assert.equal(objectProgress({ kind: "PersistentVolumeClaim", metadata: { name: "c" }, status: { phase: "Pending" } }, { pods: [] }, now).state, "pending");
  assert.equal(objectProgress({ kind: "PersistentVolumeClaim", metadata: { name: "c" }, status: { phase: "Bound" } }, { pods: [] }, now).state, "converged");
  assert.equal(objectProgress({ kind: "ConfigMap", metadata: { name: "c" } }, { pods: [] }, now).state, "converged");
});

test("Service: endpoints are ready pods with an IP; no selector is done at once", () => {
  const svc = (selector?: JsonObject): JsonObject => ({ kind: "Service", metadata: { name: "web" }, spec: selector ? { selector } : {} });
  assert.equal(objectProgress(svc(), { pods: [] }, now).state, "converged");
  assert.equal(objectProgress(svc({ app: "web" }), { pods: [] }, now).state, "progressing");
  assert.equal(objectProgress(svc({ app: "web" }), { pods: [pod("p", "o", { ready: false, ip: "10.0.0.2" })] }, now).state, "progressing");
  assert.equal(objectProgress(svc({ app: "web" }), { pods: [pod("p", "o", { ready: true })] }, now).state, "progressing", "no IP yet");
  const done = objectProgress(svc({ app: "web" }), { pods: [pod("p", "o", { ready: true, ip: "10.0.0.2" })] }, now);
  assert.deepEqual([done.state, done.message], ["converged", "1 endpoint"]);
});

test("Pod: Running and Ready, Succeeded for run-once pods, CrashLoopBackOff fails", () => {
  const p = (status: JsonObject, restartPolicy = "Always"): JsonObject => ({ kind: "Pod", metadata: { name: "p", uid: "u" }, spec: { restartPolicy }, status });
  assert.equal(objectProgress(p({ phase: "Running", conditions: [{ type: "Ready", status: "True" }] }), { pods: [] }, now).state, "converged");
  assert.equal(objectProgress(p({ phase: "Running", conditions: [{ type: "Ready", status: "False" }] }), { pods: [] }, now).state, "progressing");
  assert.equal(objectProgress(p({ phase: "Succeeded" }, "Never"), { pods: [] }, now).state, "converged");
  const crash = objectProgress(p({ phase: "Running", containerStatuses: [{ name: "c", restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=c pod=p" } } }] }), { pods: [] }, now);
  assert.equal(crash.state, "failed");
  assert.equal(crash.message, "pod p: CrashLoopBackOff: back-off 40s restarting failed container=c pod=p");
  assert.equal(crash.rollout?.pods[0]?.restarts, 3);
});

test("Deployment: paused part-way is done for mkapply, with kubectl's waiting text kept for rollout status", () => {
  const paused = { ...deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 }), spec: { replicas: 3, paused: true } };
  const p = objectProgress(paused, { pods: [], replicaSets: [] }, now);
  assert.equal(p.state, "converged");
  assert.equal(p.message, 'deployment "web" is paused: 1 out of 3 new replicas have been updated; "mk rollout resume deployment/web" rolls it out');
  assert.deepEqual(p.paused, { waitingMessage: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...' });

  // Paused after the rollout finished: rolled out, as kubectl says.
  const pods = ["a", "b", "c"].map((n) => pod(`web-new-${n}`, "rs2"));
  const finished = { ...deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), spec: { replicas: 3, paused: true } };
  const done = objectProgress(finished, { pods, replicaSets: [rs("web-new", "rs2", "2", 3)] }, now);
  assert.equal(done.message, 'deployment "web" successfully rolled out');
  assert.equal(done.paused, undefined);
});
