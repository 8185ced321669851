/**
 * Which Kubernetes kinds mk models, and the API versions Kubernetes removed that manifests in the
 * wild (and the seeds) still use. Hand-written: the generator reads BUILTIN_KINDS to decide what to
 * generate, schema validation reads REMOVED_API_VERSIONS to say which version to use instead.
 */

export interface GroupVersionKind {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
}

/**
 * The built-in kinds in scope: the objects `kubectl apply` accepts that mk runs (DESIGN §1), plus
 * ControllerRevision (StatefulSet/DaemonSet history), Event and Node (the seeds and the DaemonSet
 * controller). A cluster's own document may add CRDs; the generator takes those too.
 */
export const BUILTIN_KINDS: readonly GroupVersionKind[] = [
  { group: "", version: "v1", kind: "Pod" },
  { group: "", version: "v1", kind: "ReplicationController" },
  { group: "apps", version: "v1", kind: "ReplicaSet" },
  { group: "apps", version: "v1", kind: "Deployment" },
  { group: "apps", version: "v1", kind: "StatefulSet" },
  { group: "apps", version: "v1", kind: "DaemonSet" },
  { group: "apps", version: "v1", kind: "ControllerRevision" },
  { group: "batch", version: "v1", kind: "Job" },
  { group: "batch", version: "v1", kind: "CronJob" },
  { group: "", version: "v1", kind: "Service" },
  { group: "", version: "v1", kind: "ConfigMap" },
  { group: "", version: "v1", kind: "Secret" },
  { group: "", version: "v1", kind: "PersistentVolumeClaim" },
  { group: "", version: "v1", kind: "Namespace" },
  { group: "", version: "v1", kind: "Node" },
  { group: "", version: "v1", kind: "Event" },
  { group: "events.k8s.io", version: "v1", kind: "Event" },
  { group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler" },
  { group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler" },
];

export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export interface RemovedApiVersion {
  apiVersion: string;
  kinds: readonly string[];
  /** The apiVersion that serves these kinds now. */
  use: string;
  /** The Kubernetes release that stopped serving it. */
  removedIn: string;
  /** What changes when moving to `use`, beyond the apiVersion line. */
  notes?: readonly string[];
}

const SELECTOR_NOTE = "apps/v1 requires `spec.selector`, and it must match `spec.template.metadata.labels` (the beta versions defaulted it from the template labels)";

/** Removed versions of the kinds in scope (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). */
export const REMOVED_API_VERSIONS: readonly RemovedApiVersion[] = [
  { apiVersion: "batch/v1beta1", kinds: ["CronJob"], use: "batch/v1", removedIn: "1.25", notes: ["the batch/v1 CronJob has the same fields"] },
  { apiVersion: "batch/v2alpha1", kinds: ["CronJob"], use: "batch/v1", removedIn: "1.21" },
  { apiVersion: "apps/v1beta1", kinds: ["Deployment", "StatefulSet", "ControllerRevision"], use: "apps/v1", removedIn: "1.16", notes: [SELECTOR_NOTE] },
  { apiVersion: "apps/v1beta2", kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"], use: "apps/v1", removedIn: "1.16", notes: [SELECTOR_NOTE] },
  { apiVersion: "extensions/v1beta1", kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"], use: "apps/v1", removedIn: "1.16", notes: [SELECTOR_NOTE] },
  {
    apiVersion: "autoscaling/v2beta1",
    kinds: ["HorizontalPodAutoscaler"],
    use: "autoscaling/v2",
    removedIn: "1.25",
    notes: ["autoscaling/v2 metrics say `target: { type: Utilization, averageUtilization: 50 }` instead of `targetAverageUtilization: 50`"],
  },
  { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], use: "autoscaling/v2", removedIn: "1.26", notes: ["the autoscaling/v2 HorizontalPodAutoscaler has the same fields"] },
  { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], use: "events.k8s.io/v1", removedIn: "1.25" },
];

export function removedApiVersion(apiVersion: string, kind: string): RemovedApiVersion | undefined {
  return REMOVED_API_VERSIONS.find((r) => r.apiVersion === apiVersion && r.kinds.includes(kind));
}
