import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { formatTimestamp } from "../../store/index.js";
import { labelsOfObject } from "../shared/labels.js";
import { isPodAvailable, isPodReady } from "../shared/pod-status.js";

export interface ReplicaSetCounts {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/** The failure that manageReplicas met, for the ReplicaFailure condition. */
export interface ManageFailure {
  reason: "FailedCreate" | "FailedDelete";
  message: string;
}

export function specReplicas(object: JsonObject): number {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  return typeof spec.replicas === "number" ? spec.replicas : 1;
}

export function minReadySecondsOf(object: JsonObject): number {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  return typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0;
}

function templateLabels(object: JsonObject): Record<string, string> {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const template = isJsonObject(spec.template) ? spec.template : {};
  return labelsOfObject(template);
}

/** The counts of calculateStatus over the ReplicaSet's active, claimed pods. */
export function countReplicas(rs: JsonObject, pods: readonly JsonObject[], now: Date): ReplicaSetCounts {
  const want = templateLabels(rs);
  const minReady = minReadySecondsOf(rs);
  let fullyLabeledReplicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  for (const pod of pods) {
    const labels = labelsOfObject(pod);
    if (Object.entries(want).every(([k, v]) => labels[k] === v)) fullyLabeledReplicas++;
    if (isPodReady(pod)) {
      readyReplicas++;
      if (isPodAvailable(pod, minReady, now)) availableReplicas++;
    }
  }
  return { replicas: pods.length, fullyLabeledReplicas, readyReplicas, availableReplicas };
}

/**
 * replicaset.calculateStatus: the counts, observedGeneration, and the ReplicaFailure condition
 * (set while creating or deleting pods fails, removed when it stops failing). Other status fields
 * (conditions of other types) are kept.
 */
export function replicaSetStatus(rs: JsonObject, pods: readonly JsonObject[], failure: ManageFailure | undefined, now: Date): JsonObject {
  const previous = isJsonObject(rs.status) ? rs.status : {};
  const counts = countReplicas(rs, pods, now);
  const metadata = rs.metadata as JsonObject;
  const conditions = (Array.isArray(previous.conditions) ? previous.conditions.filter(isJsonObject) : []).filter((c) => c.type !== "ReplicaFailure");
  const old = (Array.isArray(previous.conditions) ? previous.conditions.filter(isJsonObject) : []).find((c) => c.type === "ReplicaFailure");
  if (failure) {
    const same = old && old.reason === failure.reason && old.message === failure.message;
    conditions.push(
      same ? old : { type: "ReplicaFailure", status: "True", lastTransitionTime: formatTimestamp(now), reason: failure.reason, message: failure.message },
    );
  }
  const status: JsonObject = { replicas: counts.replicas };
  if (counts.fullyLabeledReplicas) status.fullyLabeledReplicas = counts.fullyLabeledReplicas;
  if (counts.readyReplicas) status.readyReplicas = counts.readyReplicas;
  if (counts.availableReplicas) status.availableReplicas = counts.availableReplicas;
  status.observedGeneration = typeof metadata.generation === "number" ? metadata.generation : 1;
  if (conditions.length) status.conditions = conditions;
  return status;
}
