import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { annotationsOf } from "../shared/labels.js";
import { desiredReplicas, maxSurge } from "./fenceposts.js";
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION, REVISION_HISTORY } from "./replica-sets.js";

/** Deployment annotations never copied to its ReplicaSets (deploymentutil.skipCopyAnnotation). */
const NOT_COPIED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  "deprecated.deployment.rollback.to",
]);

export function withAnnotations(object: JsonObject, annotations: Record<string, string>): JsonObject {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return { ...object, metadata: { ...metadata, annotations } };
}

/** The desired-replicas and max-replicas annotations a ReplicaSet should carry for this Deployment. */
export function replicasAnnotations(d: JsonObject): { desired: string; max: string } {
  const desired = desiredReplicas(d);
  return { desired: String(desired), max: String(desired + maxSurge(d)) };
}

export function replicasAnnotationsNeedUpdate(rs: JsonObject, d: JsonObject): boolean {
  const a = annotationsOf(rs);
  const want = replicasAnnotations(d);
  return a[DESIRED_REPLICAS] !== want.desired || a[MAX_REPLICAS] !== want.max;
}

/**
 * deploymentutil.SetNewReplicaSetAnnotations: the Deployment's own annotations copied, the revision
 * raised to newRevision (keeping the one it replaces in revision-history: a rollback to this set),
 * and for a new set the replicas annotations. Returns the annotations and whether they changed.
 */
export function newReplicaSetAnnotations(d: JsonObject, rs: JsonObject, newRevision: number, exists: boolean): { annotations: Record<string, string>; changed: boolean } {
  const annotations = { ...annotationsOf(rs) };
  let changed = false;
  for (const [k, v] of Object.entries(annotationsOf(d))) {
    if (NOT_COPIED.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRaw = annotations[REVISION];
  const oldRevision = oldRaw === undefined ? 0 : Number(oldRaw) || 0;
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (oldRaw !== undefined) {
      const history = annotations[REVISION_HISTORY];
      annotations[REVISION_HISTORY] = history ? `${history},${oldRaw}` : oldRaw;
    }
  }
  if (!exists) {
    const want = replicasAnnotations(d);
    if (annotations[DESIRED_REPLICAS] !== want.desired || annotations[MAX_REPLICAS] !== want.max) {
      annotations[DESIRED_REPLICAS] = want.desired;
      annotations[MAX_REPLICAS] = want.max;
      changed = true;
    }
  }
  return { annotations, changed };
}
