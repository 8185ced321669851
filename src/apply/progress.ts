/**
 * mkapply's wait rules: when is an object it wrote done? A PURE function of the object, the
 * objects around it (its pods, a Deployment's ReplicaSets, Warning Events) and `now`; the
 * executor (./execute.ts) gathers those from the store and calls it after every change.
 *
 * The rules follow `kubectl rollout status` (its messages too) and, for other kinds, what a person
 * waits for: a Job's Complete condition, a PVC bound, a Service with endpoints. A workload whose
 * pod is stuck in a back-off (./pods.ts STUCK_REASONS) fails at once, naming the pod and why.
 */
import type { JsonObject } from "../schema/json.js";
import { conditionStatus, isPodReady, isTerminating, list, nameOf, num, obj, podFailure, str, summarizePod, uidOf } from "./pods.js";
import { rolloutStatusMessage } from "../controllers/deployment/rollout-status.js";
import type { ObjectProgress, OrdinalSummary, RelatedObjects, ReplicaSetSummary, RolloutProgress } from "./progress-model.js";

export type { ObjectProgress, ProgressState, RolloutProgress, RelatedObjects, PodSummary, ReplicaSetSummary, OrdinalSummary } from "./progress-model.js";

const REVISION = "deployment.kubernetes.io/revision";

export function objectProgress(object: JsonObject, related: RelatedObjects, now: Date): ObjectProgress {
  void now; // the rules read deadlines from the controllers' conditions; `now` is for rules that need it later
  switch (object.kind) {
    case "Deployment":
      return deploymentProgress(object, related);
    case "StatefulSet":
      return statefulSetProgress(object, related);
    case "DaemonSet":
      return daemonSetProgress(object, related);
    case "ReplicaSet":
    case "ReplicationController":
      return replicaSetProgress(object, related);
    case "Job":
      return jobProgress(object, related);
    case "CronJob":
      return { state: "converged", message: "accepted" };
    case "Service":
      return serviceProgress(object, related);
    case "PersistentVolumeClaim":
      return claimProgress(object);
    case "Pod":
      return podProgress(object, related);
    default:
      return { state: "converged", message: "written" };
  }
}

/** Whether the controller has seen the current spec (status.observedGeneration ≥ metadata.generation). */
function observed(object: JsonObject): boolean {
  const generation = num(obj(object.metadata).generation, 1);
  const seen = obj(object.status).observedGeneration;
  return typeof seen === "number" && seen >= generation;
}

function specReplicas(object: JsonObject): number {
  return num(obj(object.spec).replicas, 1);
}

/** The first stuck pod among these, as a failure, or undefined. */
function stuckPod(pods: readonly JsonObject[], related: RelatedObjects): string | undefined {
  for (const pod of pods) {
    const failure = podFailure(pod, related.warnings);
    if (failure) return failure;
  }
  return undefined;
}

function deploymentProgress(d: JsonObject, related: RelatedObjects): ObjectProgress {
  const name = nameOf(d);
  const status = obj(d.status);
  const desired = specReplicas(d);
  const replicaSets = related.replicaSets ?? [];
  const newRs = newReplicaSet(d, replicaSets);
  const newUid = newRs ? uidOf(newRs) : undefined;
  const podsOf = (rs: JsonObject) => related.pods.filter((p) => list(obj(p.metadata).ownerReferences).some((r) => r.uid === uidOf(rs)));
  const summary = (rs: JsonObject): ReplicaSetSummary => {
    const s = obj(rs.status);
    return { name: nameOf(rs), desired: num(obj(rs.spec).replicas, 1), current: num(s.replicas), ready: num(s.readyReplicas), available: num(s.availableReplicas) };
  };
  const old = replicaSets.filter((rs) => uidOf(rs) !== newUid && (num(obj(rs.spec).replicas) > 0 || num(obj(rs.status).replicas) > 0 || podsOf(rs).length > 0));
  const rollout: RolloutProgress = {
    desired,
    updated: num(status.updatedReplicas),
    ready: num(status.readyReplicas),
    available: num(status.availableReplicas),
    replicaSets: { ...(newRs ? { new: summary(newRs) } : {}), old: old.map(summary) },
    pods: related.pods.map(summarizePod),
  };
  const progressing = conditionStatus(d, "Progressing");
  if (progressing.reason === "ProgressDeadlineExceeded") {
    const why = stuckPod(newRs ? podsOf(newRs) : related.pods, related);
    return { state: "failed", message: `deployment "${name}" exceeded its progress deadline${why ? `: ${why}` : ""}`, rollout };
  }
  // Until the controller has seen the spec, the "new" ReplicaSet may be the previous one: its stuck pods say nothing.
  if (!observed(d)) return { state: "pending", message: "Waiting for deployment spec update to be observed...", rollout };
  const why = stuckPod(newRs ? podsOf(newRs) : related.pods, related);
  if (why) return { state: "failed", message: why, rollout };
  // kubectl's DeploymentStatusViewer decides the updated / old / available texts.
  const viewer = rolloutStatusMessage(d);
  if (!viewer.done && viewer.paused) {
    // A paused Deployment does not roll out until resumed: there is nothing to wait for. kubectl
    // rollout status keeps waiting with the viewer's text (`paused` tells it to).
    return { state: "converged", message: `deployment "${name}" is paused: ${viewer.waitingOn ?? "not rolled out"}; "mk rollout resume deployment/${name}" rolls it out`, rollout, paused: { waitingMessage: viewer.message } };
  }
  const wait = (text: string): ObjectProgress => ({ state: "progressing", message: text, rollout });
  if (!viewer.done) return wait(viewer.message);
  // Beyond kubectl: every pod ready, and no old pod left running (kubectl stops at available).
  if (rollout.ready < desired) return wait(`Waiting for deployment "${name}" rollout to finish: ${rollout.ready} of ${desired} replicas are ready...`);
  const oldPods = related.pods.filter((p) => !newUid || !list(obj(p.metadata).ownerReferences).some((r) => r.uid === newUid));
  if (oldPods.length > 0) return wait(`Waiting for deployment "${name}" rollout to finish: ${oldPods.length} old pods are pending termination...`);
  return { state: "converged", message: `deployment "${name}" successfully rolled out`, rollout };
}

/** The ReplicaSet of the Deployment's current revision (the controller stamps both with it). */
function newReplicaSet(d: JsonObject, replicaSets: readonly JsonObject[]): JsonObject | undefined {
  const revision = str(obj(obj(d.metadata).annotations)[REVISION]);
  if (revision === undefined) return undefined;
  return replicaSets.find((rs) => str(obj(obj(rs.metadata).annotations)[REVISION]) === revision);
}

function replicaSetProgress(rs: JsonObject, related: RelatedObjects): ObjectProgress {
  const status = obj(rs.status);
  const desired = specReplicas(rs);
  const rollout: RolloutProgress = { desired, updated: num(status.replicas), ready: num(status.readyReplicas), available: num(status.availableReplicas), pods: related.pods.map(summarizePod) };
  if (!observed(rs)) return { state: "pending", message: "Waiting for the spec to be observed...", rollout };
  const why = stuckPod(related.pods, related);
  if (why) return { state: "failed", message: why, rollout };
  if (rollout.available < desired) return { state: "progressing", message: `${rollout.available} of ${desired} replicas are available...`, rollout };
  if (num(status.replicas) > desired) return { state: "progressing", message: `${num(status.replicas) - desired} extra replicas are pending termination...`, rollout };
  return { state: "converged", message: `${desired} of ${desired} replicas are available`, rollout };
}

function statefulSetProgress(s: JsonObject, related: RelatedObjects): ObjectProgress {
  const name = nameOf(s);
  const status = obj(s.status);
  const desired = specReplicas(s);
  const strategy = obj(obj(s.spec).updateStrategy);
  const partition = strategy.type === "OnDelete" ? undefined : num(obj(strategy.rollingUpdate).partition, 0);
  const updateRevision = str(status.updateRevision);
  const byName = new Map(related.pods.map((p) => [nameOf(p), p] as const));
  const ordinals: OrdinalSummary[] = [];
  for (let i = 0; i < desired; i++) {
    const pod = byName.get(`${name}-${i}`);
    const hash = pod ? str(obj(obj(pod.metadata).labels)["controller-revision-hash"]) : undefined;
    ordinals.push({ ordinal: i, pod: `${name}-${i}`, ready: pod !== undefined && !isTerminating(pod) && isPodReady(pod), updated: pod !== undefined && updateRevision !== undefined && hash === updateRevision });
  }
  const rollout: RolloutProgress = {
    desired,
    updated: num(status.updatedReplicas),
    ready: num(status.readyReplicas),
    available: num(status.availableReplicas, num(status.readyReplicas)),
    ordinals,
    ...(partition !== undefined && partition > 0 ? { partition } : {}),
    pods: related.pods.map(summarizePod),
  };
  if (!observed(s)) return { state: "pending", message: "Waiting for statefulset spec update to be observed...", rollout };
  // Pods of the update revision only: an old revision's stuck pod is what the update replaces.
  const current = updateRevision === undefined ? related.pods : related.pods.filter((p) => str(obj(obj(p.metadata).labels)["controller-revision-hash"]) === updateRevision);
  const why = stuckPod(current, related);
  if (why) return { state: "failed", message: why, rollout };
  if (rollout.ready < desired) return { state: "progressing", message: `Waiting for ${desired - rollout.ready} pods to be ready...`, rollout };
  if (strategy.type === "OnDelete") return { state: "converged", message: `statefulset "${name}": ${desired} pods ready (updateStrategy OnDelete: pods change when deleted)`, rollout };
  if (partition !== undefined && partition > 0) {
    const want = Math.max(0, desired - partition);
    if (rollout.updated < want) return { state: "progressing", message: `Waiting for partitioned roll out to finish: ${rollout.updated} out of ${want} new pods have been updated...`, rollout };
    return { state: "converged", message: `partitioned roll out complete: ${rollout.updated} new pods have been updated...`, rollout };
  }
  const currentRevision = str(status.currentRevision);
  if (updateRevision !== undefined && currentRevision !== updateRevision) {
    return { state: "progressing", message: `waiting for statefulset rolling update to complete ${rollout.updated} pods at revision ${updateRevision}...`, rollout };
  }
  return { state: "converged", message: `statefulset rolling update complete ${desired} pods at revision ${updateRevision ?? currentRevision ?? "?"}...`, rollout };
}

function daemonSetProgress(ds: JsonObject, related: RelatedObjects): ObjectProgress {
  const name = nameOf(ds);
  const status = obj(ds.status);
  const desired = num(status.desiredNumberScheduled);
  const rollout: RolloutProgress = { desired, updated: num(status.updatedNumberScheduled), ready: num(status.numberReady), available: num(status.numberAvailable), pods: related.pods.map(summarizePod) };
  if (!observed(ds)) return { state: "pending", message: "Waiting for daemon set spec update to be observed...", rollout };
  const why = stuckPod(related.pods, related);
  if (why) return { state: "failed", message: why, rollout };
  const wait = (text: string): ObjectProgress => ({ state: "progressing", message: `Waiting for daemon set "${name}" rollout to finish: ${text}`, rollout });
  if (rollout.updated < desired) return wait(`${rollout.updated} out of ${desired} new pods have been updated...`);
  if (rollout.available < desired) return wait(`${rollout.available} of ${desired} updated pods are available...`);
  return { state: "converged", message: `daemon set "${name}" successfully rolled out`, rollout };
}

function jobProgress(job: JsonObject, related: RelatedObjects): ObjectProgress {
  const status = obj(job.status);
  const spec = obj(job.spec);
  const completions = typeof spec.completions === "number" ? spec.completions : spec.parallelism === undefined || spec.parallelism === 1 ? 1 : null;
  const succeeded = num(status.succeeded);
  const failed = num(status.failed);
  const active = num(status.active);
  const rollout: RolloutProgress = {
    desired: completions ?? num(spec.parallelism, 1),
    updated: succeeded + active,
    ready: num(status.ready),
    available: succeeded,
    completions: { succeeded, failed, active, completions },
    pods: related.pods.map(summarizePod),
  };
  const failedCondition = conditionStatus(job, "Failed");
  if (failedCondition.status === "True") return { state: "failed", message: `job "${nameOf(job)}" failed: ${failedCondition.reason ?? "Failed"}${failedCondition.message ? `: ${failedCondition.message}` : ""}`, rollout };
  if (conditionStatus(job, "Complete").status === "True") return { state: "converged", message: `job "${nameOf(job)}" complete: ${succeeded} succeeded`, rollout };
  if (spec.suspend === true) return { state: "progressing", message: `job "${nameOf(job)}" is suspended`, rollout };
  const of = completions === null ? "" : `/${completions}`;
  return { state: status.startTime === undefined ? "pending" : "progressing", message: `${succeeded}${of} completions, ${active} active, ${failed} failed`, rollout };
}

/** Ready, not terminating pods with an IP: the addresses the endpoints controller publishes. */
function serviceProgress(service: JsonObject, related: RelatedObjects): ObjectProgress {
  const spec = obj(service.spec);
  if (spec.type === "ExternalName") return { state: "converged", message: `external name ${str(spec.externalName) ?? ""}` };
  const selector = obj(spec.selector);
  if (Object.keys(selector).length === 0) return { state: "converged", message: "no selector: endpoints are managed by hand" };
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const endpoints = related.pods.filter((p) => !isTerminating(p) && str(obj(p.status).podIP) && (publishNotReady || isPodReady(p)));
  if (endpoints.length === 0) return { state: "progressing", message: related.pods.length === 0 ? "Waiting for endpoints: no pods match the selector yet..." : `Waiting for endpoints: 0 of ${related.pods.length} selected pods are ready...` };
  return { state: "converged", message: `${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"}` };
}

function claimProgress(claim: JsonObject): ObjectProgress {
  const phase = str(obj(claim.status).phase);
  if (phase === "Bound") return { state: "converged", message: "Bound" };
  if (phase === "Lost") return { state: "failed", message: "Lost: the claim's volume is gone" };
  return { state: "pending", message: "Waiting for the claim to be bound..." };
}

function podProgress(pod: JsonObject, related: RelatedObjects): ObjectProgress {
  const summary = summarizePod(pod);
  const rollout: RolloutProgress = { desired: 1, updated: 1, ready: summary.ready ? 1 : 0, available: summary.ready ? 1 : 0, pods: [summary] };
  const restartPolicy = str(obj(pod.spec).restartPolicy) ?? "Always";
  const why = podFailure(pod, related.warnings);
  if (why) return { state: "failed", message: why, rollout };
  if (summary.phase === "Succeeded") {
    return restartPolicy === "Always" ? { state: "failed", message: `pod ${summary.name}: Succeeded though restartPolicy is Always`, rollout } : { state: "converged", message: "Succeeded", rollout };
  }
  if (summary.phase === "Running" && summary.ready) return { state: "converged", message: "Running and ready", rollout };
  return { state: summary.phase === "Pending" && !obj(pod.status).phase ? "pending" : "progressing", message: `${summary.phase}${summary.reason ? ` (${summary.reason})` : ""}, ${summary.ready ? "ready" : "not ready"}`, rollout };
}
