import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { canonicalJson } from "../../store/canonical-json.js";
import { annotationsOf } from "../shared/labels.js";

export const POD_TEMPLATE_HASH = "pod-template-hash";
export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
export const CHANGE_CAUSE = "kubernetes.io/change-cause";
export const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

export function rsName(rs: JsonObject): string {
  return String((rs.metadata as JsonObject).name);
}

export function rsUid(rs: JsonObject): string {
  return String((rs.metadata as JsonObject).uid);
}

/** spec.replicas of a ReplicaSet (default 1, as the apiserver defaults it). */
export function rsSpecReplicas(rs: JsonObject): number {
  const spec = isJsonObject(rs.spec) ? rs.spec : {};
  return typeof spec.replicas === "number" ? spec.replicas : 1;
}

export function rsStatus(rs: JsonObject): JsonObject {
  return isJsonObject(rs.status) ? rs.status : {};
}

export function templateOf(object: JsonObject): JsonObject {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  return isJsonObject(spec.template) ? spec.template : {};
}

/** The template without the pod-template-hash label: how Deployments compare templates (EqualIgnoreHash). */
export function templateWithoutHash(template: JsonObject): JsonObject {
  const metadata = isJsonObject(template.metadata) ? template.metadata : {};
  const labels = isJsonObject(metadata.labels) ? { ...metadata.labels } : undefined;
  if (labels) delete labels[POD_TEMPLATE_HASH];
  const m: JsonObject = { ...metadata };
  if (labels && Object.keys(labels).length > 0) m.labels = labels;
  else delete m.labels;
  return { ...template, metadata: m };
}

export function equalIgnoreHash(a: JsonObject, b: JsonObject): boolean {
  return canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));
}

/** The revision annotation as a number (0 when absent or malformed). */
export function revisionOf(object: JsonObject): number {
  const v = Number(annotationsOf(object)[REVISION]);
  return Number.isInteger(v) && v > 0 ? v : 0;
}

export function maxRevision(sets: readonly JsonObject[]): number {
  return sets.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function created(rs: JsonObject): number {
  const t = Date.parse(String((rs.metadata as JsonObject).creationTimestamp ?? ""));
  return Number.isNaN(t) ? 0 : t;
}

/** controller.ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: JsonObject, b: JsonObject): number {
  return created(a) - created(b) || rsName(a).localeCompare(rsName(b));
}

/** deploymentutil.FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: JsonObject, sets: readonly JsonObject[]): JsonObject | undefined {
  const template = templateOf(d);
  return [...sets].sort(byCreation).find((rs) => equalIgnoreHash(templateOf(rs), template));
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(d: JsonObject, sets: readonly JsonObject[]): JsonObject[] {
  const newRS = findNewReplicaSet(d, sets);
  return sets.filter((rs) => !newRS || rsUid(rs) !== rsUid(newRS));
}

/** ReplicaSets with spec.replicas > 0. */
export function activeReplicaSets(sets: readonly (JsonObject | undefined)[]): JsonObject[] {
  return sets.filter((rs): rs is JsonObject => rs !== undefined && rsSpecReplicas(rs) > 0);
}

/** Sum of spec.replicas (GetReplicaCountForReplicaSets). */
export function specReplicaSum(sets: readonly (JsonObject | undefined)[]): number {
  return sets.reduce((s, rs) => s + (rs ? rsSpecReplicas(rs) : 0), 0);
}

/** Sum of status.replicas (GetActualReplicaCountForReplicaSets). */
export function actualReplicaSum(sets: readonly (JsonObject | undefined)[]): number {
  return sets.reduce((s, rs) => s + (rs ? num(rsStatus(rs).replicas) : 0), 0);
}

export function readyReplicaSum(sets: readonly (JsonObject | undefined)[]): number {
  return sets.reduce((s, rs) => s + (rs ? num(rsStatus(rs).readyReplicas) : 0), 0);
}

export function availableReplicaSum(sets: readonly (JsonObject | undefined)[]): number {
  return sets.reduce((s, rs) => s + (rs ? num(rsStatus(rs).availableReplicas) : 0), 0);
}

/** An annotation read as an integer, if present and valid. */
export function intAnnotation(object: JsonObject, name: string): number | undefined {
  const raw = annotationsOf(object)[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  return Number.isInteger(v) ? v : undefined;
}
