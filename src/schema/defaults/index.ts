import type { JsonObject } from "../json.js";
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultStatefulSet } from "./apps.js";
import { defaultHorizontalPodAutoscalerV1, defaultHorizontalPodAutoscalerV2 } from "./autoscaling.js";
import { defaultCronJob, defaultJob } from "./batch.js";
import { defaultNamespace, defaultPersistentVolumeClaim, defaultPod, defaultReplicationController, defaultSecret, defaultService } from "./core.js";
import { cloneJson, shallowCopy } from "./mutate.js";

export { defaultPullPolicy } from "./pod-spec.js";

type Defaulter = (object: JsonObject) => void;

/** Keyed by `apiVersion kind`: defaults differ between API versions (HPA v1 and v2). */
const defaulters: Record<string, Defaulter> = {
  "v1 Pod": defaultPod,
  "v1 ReplicationController": defaultReplicationController,
  "v1 Service": defaultService,
  "v1 PersistentVolumeClaim": defaultPersistentVolumeClaim,
  "v1 Secret": defaultSecret,
  "v1 Namespace": defaultNamespace,
  "apps/v1 Deployment": defaultDeployment,
  "apps/v1 ReplicaSet": defaultReplicaSet,
  "apps/v1 StatefulSet": defaultStatefulSet,
  "apps/v1 DaemonSet": defaultDaemonSet,
  "batch/v1 Job": defaultJob,
  "batch/v1 CronJob": defaultCronJob,
  "autoscaling/v1 HorizontalPodAutoscaler": defaultHorizontalPodAutoscalerV1,
  "autoscaling/v2 HorizontalPodAutoscaler": defaultHorizontalPodAutoscalerV2,
};

/**
 * Defaults an object exactly as the Kubernetes 1.36 apiserver does on create, so that the
 * planner can compare desired and stored objects without noise. Pure: returns a new object and
 * never modifies its input; idempotent: defaulting a defaulted object changes nothing. Kinds and
 * versions without defaults (ConfigMap, Node, ControllerRevision, unknown kinds) come back as an
 * unchanged copy. The result shares nothing with the input: callers may modify it.
 */
export function applyDefaults(object: JsonObject): JsonObject {
  return cloneJson(withDefaults(object));
}

/**
 * The same defaulted object as `applyDefaults`, but sharing with `object` every part that
 * defaulting leaves alone (copy-on-descent, see mutate.ts): for reading only, as validation does,
 * which then copies a few small objects per object instead of all of it. Kinds without defaults
 * give back `object` itself. Never modifies its input.
 */
export function withDefaults(object: JsonObject): JsonObject {
  const defaulter = defaulters[`${typeof object.apiVersion === "string" ? object.apiVersion : ""} ${typeof object.kind === "string" ? object.kind : ""}`];
  if (defaulter === undefined) return object;
  const copy = shallowCopy(object);
  defaulter(copy);
  return copy;
}
