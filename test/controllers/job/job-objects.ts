// Plain Job and Pod objects for the Job controller's tests. (Not a test file.)
import type { JsonObject } from "../../../src/schema/json.js";

export function job(spec: JsonObject = {}, status: JsonObject = {}, name = "pi"): JsonObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default", uid: "job-uid", creationTimestamp: "2025-03-01T10:00:00Z" },
    spec: {
      template: { spec: { restartPolicy: "Never", containers: [{ name: "main", image: "localhost/mk/busybox:1" }] } },
      ...spec,
    },
    status,
  };
}

export interface PodShape {
  name: string;
  phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  ready?: boolean;
  exitCode?: number;
  finishedAt?: string;
  created?: string;
  index?: number;
  deleting?: boolean;
  finalizer?: boolean;
  restarts?: number;
}

export function pod(shape: PodShape): JsonObject {
  const metadata: JsonObject = {
    name: shape.name,
    namespace: "default",
    uid: `uid-${shape.name}`,
    creationTimestamp: shape.created ?? "2025-03-01T10:00:00Z",
    labels: { "batch.kubernetes.io/controller-uid": "job-uid" },
    ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "pi", uid: "job-uid", controller: true }],
  };
  if (shape.index !== undefined) metadata.annotations = { "batch.kubernetes.io/job-completion-index": String(shape.index) };
  if (shape.deleting) metadata.deletionTimestamp = "2025-03-01T10:00:30Z";
  if (shape.finalizer !== false) metadata.finalizers = ["batch.kubernetes.io/job-tracking"];
  const phase = shape.phase ?? "Running";
  const status: JsonObject = { phase, conditions: [{ type: "Ready", status: shape.ready ? "True" : "False" }] };
  if (phase === "Succeeded" || phase === "Failed") {
    status.containerStatuses = [
      { name: "main", restartCount: 0, state: { terminated: { exitCode: shape.exitCode ?? (phase === "Failed" ? 1 : 0), finishedAt: shape.finishedAt ?? "2025-03-01T10:01:00Z" } } },
    ];
  } else if (shape.restarts !== undefined) {
    status.containerStatuses = [{ name: "main", restartCount: shape.restarts, state: { running: {} } }];
  }
  return { apiVersion: "v1", kind: "Pod", metadata, spec: {}, status };
}

export const at = (iso: string): Date => new Date(iso);
