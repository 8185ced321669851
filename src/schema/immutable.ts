/**
 * Which changes the apiserver refuses on update. The planner calls this with the stored and the
 * desired object (both defaulted, same kind) to decide between "update in place" and "replace",
 * and names the field that forces the replacement.
 *
 * Sources: pkg/apis/{core,apps,batch}/validation `Validate<Kind>Update` and the apps/v1 registry
 * strategies (which make the selectors of Deployments, ReplicaSets and DaemonSets immutable).
 */
import { formatFieldPath, type FieldPath } from "../diag/span.js";
import { isJsonObject, type JsonObject, type JsonValue } from "./json.js";
import { compareQuantities, parseQuantity } from "./quantity.js";
import { booleanField, listField, numberField, objectField, objectItems, stringField } from "./semantic/json-access.js";
import { firstDifference, jsonEqual } from "./semantic/json-compare.js";
import { isClusterScoped } from "./semantic/scope.js";

export interface ImmutableFieldChange {
  /** The field whose change cannot be applied in place, e.g. ["spec", "selector"]. */
  path: FieldPath;
  /** Why, for people: "the selector of an apps/v1 Deployment cannot be changed". */
  reason: string;
}

type KindRule = (before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]) => void;

const rulesByKind: Record<string, KindRule> = {
  Deployment: (b, a, out) => immutableSelector("Deployment", b, a, out),
  ReplicaSet: (b, a, out) => immutableSelector("ReplicaSet", b, a, out),
  DaemonSet: (b, a, out) => immutableSelector("DaemonSet", b, a, out),
  StatefulSet: statefulSetChanges,
  Job: jobChanges,
  Service: serviceChanges,
  PersistentVolumeClaim: claimChanges,
  Secret: secretChanges,
  ConfigMap: configMapChanges,
  Pod: podChanges,
  ControllerRevision: controllerRevisionChanges,
  Node: nodeChanges,
};

/** The immutable fields that differ between `before` and `after`; empty when an in-place update is possible. */
export function immutableFieldChanges(before: JsonObject, after: JsonObject): ImmutableFieldChange[] {
  const out: ImmutableFieldChange[] = [];
  const kind = stringField(after, "kind") ?? "";
  const beforeMeta = objectField(before, "metadata");
  const afterMeta = objectField(after, "metadata");
  if ((stringField(beforeMeta, "name") ?? "") !== (stringField(afterMeta, "name") ?? "")) {
    out.push({ path: ["metadata", "name"], reason: "an object's name cannot be changed; a new name is a new object" });
  }
  if (!isClusterScoped(kind)) {
    const ns = (meta: JsonObject | undefined) => stringField(meta, "namespace") || "default";
    if (ns(beforeMeta) !== ns(afterMeta)) out.push({ path: ["metadata", "namespace"], reason: "an object cannot move to another namespace" });
  }
  rulesByKind[kind]?.(before, after, out);
  return out;
}

function spec(object: JsonObject): JsonObject | undefined {
  return objectField(object, "spec");
}

function immutableSelector(kind: string, before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  const diff = firstDifference(spec(before)?.selector, spec(after)?.selector, ["spec", "selector"]);
  if (diff) out.push({ path: ["spec", "selector"], reason: `the selector of an apps/v1 ${kind} cannot be changed` });
}

/** Everything in a StatefulSet's spec is immutable except these. */
const mutableStatefulSetFields = new Set(["replicas", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "ordinals", "revisionHistoryLimit"]);

function statefulSetChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  const b = spec(before) ?? {};
  const a = spec(after) ?? {};
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    if (mutableStatefulSetFields.has(key)) continue;
    const diff = firstDifference(b[key], a[key], ["spec", key]);
    if (diff) {
      out.push({
        path: diff,
        reason: `a StatefulSet's ${key} cannot be changed: only replicas, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds, ordinals and revisionHistoryLimit can`,
      });
    }
  }
}

/** Labels the apiserver adds to a Job's template with its generated selector. */
const generatedJobLabels = ["controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name"];

function withoutGeneratedLabels(template: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(template)) return template;
  const copy = structuredClone(template);
  const labels = objectField(objectField(copy, "metadata"), "labels");
  if (labels) for (const key of generatedJobLabels) delete labels[key];
  return copy;
}

function jobChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  const b = spec(before) ?? {};
  const a = spec(after) ?? {};
  // A selector left out of the configuration is the generated one, which the server keeps.
  const generated = a.selector === undefined && booleanField(a, "manualSelector") !== true;
  if (!generated && !jsonEqual(b.selector, a.selector)) out.push({ path: ["spec", "selector"], reason: "a Job's selector cannot be changed" });

  // The template is immutable, except scheduling directives of a Job that is suspended and has never started.
  let beforeTemplate = withoutGeneratedLabels(b.template);
  const afterTemplate = withoutGeneratedLabels(a.template);
  const neverStarted = stringField(objectField(before, "status"), "startTime") === undefined;
  if (booleanField(b, "suspend") === true && booleanField(a, "suspend") === true && neverStarted && isJsonObject(beforeTemplate) && isJsonObject(afterTemplate)) {
    beforeTemplate = withSchedulingDirectivesOf(beforeTemplate, afterTemplate);
  }
  const templateDiff = firstDifference(beforeTemplate, afterTemplate, ["spec", "template"]);
  if (templateDiff) out.push({ path: templateDiff, reason: "a Job's pod template cannot be changed once the Job exists" });

  const indexed = stringField(a, "completionMode") === "Indexed";
  // Completions left out of the configuration keep the stored value (a patch does not touch them).
  if (a.completions !== undefined && a.completions !== null && !jsonEqual(b.completions, a.completions)) {
    // Elastic Indexed Jobs may scale completions together with parallelism.
    const inTandem = indexed && numberField(a, "completions") !== undefined && numberField(a, "completions") === numberField(a, "parallelism");
    if (!inTandem) {
      out.push({
        path: ["spec", "completions"],
        reason: indexed ? "an Indexed Job's completions can only change together with parallelism (to the same value)" : "a Job's completions cannot be changed",
      });
    }
  }
  for (const field of ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"]) {
    const diff = firstDifference(b[field], a[field], ["spec", field]);
    if (diff) out.push({ path: diff, reason: `a Job's ${field} cannot be changed` });
  }
}

/** Copies node affinity, nodeSelector, tolerations, schedulingGates, labels and annotations of `from` into a copy of `to`. */
function withSchedulingDirectivesOf(to: JsonObject, from: JsonObject): JsonObject {
  const copy = structuredClone(to);
  const fromMeta = objectField(from, "metadata");
  const copyMeta = objectField(copy, "metadata");
  if (copyMeta) for (const key of ["labels", "annotations"]) setOrDelete(copyMeta, key, fromMeta?.[key]);
  else if (fromMeta) {
    const meta: JsonObject = {};
    for (const key of ["labels", "annotations"]) setOrDelete(meta, key, fromMeta[key]);
    copy.metadata = meta;
  }
  const copySpec = objectField(copy, "spec");
  const fromSpec = objectField(from, "spec");
  if (copySpec) {
    for (const key of ["nodeSelector", "tolerations", "schedulingGates"]) setOrDelete(copySpec, key, fromSpec?.[key]);
    const affinity = objectField(copySpec, "affinity");
    const fromAffinity = objectField(fromSpec, "affinity");
    if (affinity || fromAffinity) {
      const merged: JsonObject = { ...(affinity ?? {}) };
      setOrDelete(merged, "nodeAffinity", fromAffinity?.nodeAffinity);
      setOrDelete(copySpec, "affinity", Object.keys(merged).length > 0 ? merged : undefined);
    }
  }
  return copy;
}

function setOrDelete(obj: JsonObject, key: string, value: JsonValue | undefined): void {
  if (value === undefined) delete obj[key];
  else obj[key] = structuredClone(value);
}

function serviceChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  const b = spec(before) ?? {};
  const a = spec(after) ?? {};
  const beforeType = stringField(b, "type") ?? "ClusterIP";
  const afterType = stringField(a, "type") ?? "ClusterIP";
  // Changing to or from ExternalName releases or allocates the cluster IP: allowed.
  if (beforeType === "ExternalName" || afterType === "ExternalName") return;
  const primary = (s: JsonObject): string | undefined => {
    const ips = (listField(s, "clusterIPs") ?? []).filter((ip): ip is string => typeof ip === "string");
    const ip = stringField(s, "clusterIP") || ips[0];
    return ip === "" ? undefined : ip;
  };
  const beforeIP = primary(b);
  const afterIP = primary(a);
  // An unset clusterIP means "allocated": the server keeps the allocated address on update.
  if (afterIP !== undefined && afterIP !== beforeIP) {
    const field = stringField(a, "clusterIP") ? "clusterIP" : "clusterIPs";
    const reason =
      beforeIP === undefined
        ? afterIP === "None"
          ? "a Service with an allocated cluster IP cannot become headless (clusterIP: None)"
          : `the cluster IP was allocated and cannot be changed to ${afterIP}`
        : beforeIP === "None"
          ? "a headless Service (clusterIP: None) cannot get a cluster IP"
          : `a Service's clusterIP cannot be changed (from ${beforeIP} to ${afterIP})`;
    out.push({ path: ["spec", field], reason });
  }
  const effectiveIP = afterIP ?? beforeIP;
  if (effectiveIP === "None" && (afterType === "NodePort" || afterType === "LoadBalancer")) {
    out.push({ path: ["spec", "type"], reason: `a headless Service keeps clusterIP None, which a ${afterType} Service cannot have` });
  }
  const beforeFamily = listField(b, "ipFamilies")?.[0];
  const afterFamily = listField(a, "ipFamilies")?.[0];
  if (beforeFamily !== undefined && afterFamily !== undefined && beforeFamily !== afterFamily) {
    out.push({ path: ["spec", "ipFamilies", 0], reason: `a Service's primary IP family cannot be changed (from ${String(beforeFamily)} to ${String(afterFamily)})` });
  }
}

function claimChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  const b = structuredClone(spec(before) ?? {});
  const a = structuredClone(spec(after) ?? {});
  const storage = (s: JsonObject) => objectField(objectField(s, "resources"), "requests")?.storage;
  const beforeStorage = storage(b);
  const afterStorage = storage(a);
  if ((typeof beforeStorage === "string" || typeof beforeStorage === "number") && (typeof afterStorage === "string" || typeof afterStorage === "number")) {
    const old = parseQuantity(beforeStorage);
    const next = parseQuantity(afterStorage);
    if (old.ok && next.ok && compareQuantities(next.quantity, old.quantity) < 0) {
      out.push({ path: ["spec", "resources", "requests", "storage"], reason: `a claim's storage request can only grow (from ${beforeStorage} to ${afterStorage})` });
    }
  }
  // Mutable: the storage request (growth, checked above) and volumeAttributesClassName; volumeName
  // and storageClassName once the server filled them in and the configuration leaves them out.
  for (const s of [a, b]) {
    const requests = objectField(objectField(s, "resources"), "requests");
    if (requests) delete requests.storage;
    delete s.volumeAttributesClassName;
  }
  for (const key of ["volumeName", "storageClassName"]) if (a[key] === undefined || a[key] === null) delete b[key];
  if (b.volumeName === undefined || b.volumeName === "") delete a.volumeName;
  const diff = firstDifference(b, a, ["spec"]);
  if (diff) out.push({ path: diff, reason: "a PersistentVolumeClaim's spec cannot be changed, except to grow resources.requests.storage or change volumeAttributesClassName" });
}

/** A Secret's data with stringData merged in, as the apiserver stores it. */
function effectiveSecretData(secret: JsonObject): JsonObject {
  const data: JsonObject = { ...(objectField(secret, "data") ?? {}) };
  for (const [key, value] of Object.entries(objectField(secret, "stringData") ?? {})) {
    if (typeof value === "string") data[key] = Buffer.from(value, "utf8").toString("base64");
  }
  return data;
}

function secretChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  const beforeType = stringField(before, "type") ?? "Opaque";
  const afterType = stringField(after, "type") ?? "Opaque";
  if (beforeType !== afterType) out.push({ path: ["type"], reason: `a Secret's type cannot be changed (from ${beforeType} to ${afterType})` });
  if (booleanField(before, "immutable") !== true) return;
  if (booleanField(after, "immutable") !== true) out.push({ path: ["immutable"], reason: "an immutable Secret cannot be made mutable again" });
  const diff = firstDifference(effectiveSecretData(before), effectiveSecretData(after), ["data"]);
  if (diff) out.push({ path: diff, reason: "the data of an immutable Secret (immutable: true) cannot be changed" });
}

function configMapChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  if (booleanField(before, "immutable") !== true) return;
  if (booleanField(after, "immutable") !== true) out.push({ path: ["immutable"], reason: "an immutable ConfigMap cannot be made mutable again" });
  for (const field of ["data", "binaryData"]) {
    const diff = firstDifference(before[field], after[field], [field]);
    if (diff) out.push({ path: diff, reason: "the data of an immutable ConfigMap (immutable: true) cannot be changed" });
  }
}

/**
 * A Pod's spec is immutable except container and init container images, activeDeadlineSeconds
 * (set when unset, or lowered), and tolerations (additions only).
 */
function podChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  const b = structuredClone(spec(before) ?? {});
  const a = spec(after) ?? {};
  for (const list of ["containers", "initContainers"]) {
    const afterContainers = objectItems(a, list);
    const beforeContainers = objectItems(b, list);
    if (afterContainers.length !== beforeContainers.length) continue;
    beforeContainers.forEach(({ item }, i) => {
      if (item.name === afterContainers[i].item.name && afterContainers[i].item.image !== undefined) item.image = afterContainers[i].item.image;
    });
  }
  const oldDeadline = numberField(b, "activeDeadlineSeconds");
  const newDeadline = numberField(a, "activeDeadlineSeconds");
  if (newDeadline !== undefined && newDeadline > 0 && (oldDeadline === undefined || newDeadline <= oldDeadline)) b.activeDeadlineSeconds = newDeadline;
  else if (newDeadline !== undefined && oldDeadline !== undefined && newDeadline > oldDeadline) {
    out.push({ path: ["spec", "activeDeadlineSeconds"], reason: `a Pod's activeDeadlineSeconds can only be lowered (from ${oldDeadline} to ${newDeadline})` });
    b.activeDeadlineSeconds = newDeadline;
  }
  const oldTolerations = listField(b, "tolerations") ?? [];
  const newTolerations = listField(a, "tolerations") ?? [];
  if (oldTolerations.every((t) => newTolerations.some((n) => jsonEqual(t, n)))) {
    if (newTolerations.length > 0) b.tolerations = structuredClone(newTolerations);
  } else {
    out.push({ path: ["spec", "tolerations"], reason: "a Pod's tolerations can only be added to, not removed or changed" });
    setOrDelete(b, "tolerations", a.tolerations);
  }
  const diff = firstDifference(b, a, ["spec"]);
  if (diff) {
    out.push({
      path: diff,
      reason: `a Pod's spec cannot be changed in place (${formatFieldPath(diff)}); only container images, activeDeadlineSeconds and added tolerations can`,
    });
  }
}

function controllerRevisionChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  if (!jsonEqual(before.data, after.data)) out.push({ path: ["data"], reason: "a ControllerRevision's data cannot be changed" });
  if (!jsonEqual(before.revision, after.revision)) out.push({ path: ["revision"], reason: "a ControllerRevision's revision cannot be changed" });
}

function nodeChanges(before: JsonObject, after: JsonObject, out: ImmutableFieldChange[]): void {
  for (const field of ["podCIDR", "podCIDRs", "providerID"]) {
    const old = spec(before)?.[field];
    const next = spec(after)?.[field];
    if (old !== undefined && old !== null && old !== "" && next !== undefined && !jsonEqual(old, next)) {
      out.push({ path: ["spec", field], reason: `a Node's ${field} cannot be changed once set` });
    }
  }
}
