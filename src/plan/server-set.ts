/**
 * Fields the server (the store, the controllers, the apiserver in a real cluster) fills in when the
 * configuration leaves them out: an allocated cluster IP, a Job's generated selector, a
 * Deployment's revision annotation, a claim's bound volume. A plan must not show them as changes
 * (the configuration did not ask to remove them), and an apply must keep them. One list of rules
 * serves both.
 */
import type { FieldPath } from "../diag/span.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../schema/json.js";
import { isAbsent } from "./diff/semantic-equal.js";

/** Annotations that controllers and tools write on objects mk applies. */
export const SERVER_ANNOTATIONS: readonly string[] = [
  "deployment.kubernetes.io/revision",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "kubectl.kubernetes.io/last-applied-configuration",
  "pv.kubernetes.io/bind-completed",
  "pv.kubernetes.io/bound-by-controller",
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
];

/** Labels the apiserver adds to a Job's pod template along with its generated selector. */
const GENERATED_JOB_LABELS = ["controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name"];

/** A field set by the server: where it is in the stored object, and where it goes in the desired one. */
export interface ServerSetField {
  stored: FieldPath;
  desired: FieldPath;
}

/** The server-set fields of `stored` that `desired` leaves out. */
export function serverSetFields(stored: JsonObject, desired: JsonObject): ServerSetField[] {
  const out: ServerSetField[] = [];
  const same = (path: FieldPath) => out.push({ stored: path, desired: path });
  const unsetInDesired = (path: FieldPath) => !isAbsent(valueAt(stored, path)) && isAbsent(valueAt(desired, path));

  for (const key of SERVER_ANNOTATIONS) if (unsetInDesired(["metadata", "annotations", key])) same(["metadata", "annotations", key]);
  for (const key of ["finalizers", "ownerReferences"]) if (unsetInDesired(["metadata", key])) same(["metadata", key]);

  switch (desired.kind) {
    case "Job": {
      const manual = valueAt(desired, ["spec", "manualSelector"]) === true;
      if (!manual && unsetInDesired(["spec", "selector"])) same(["spec", "selector"]);
      for (const label of GENERATED_JOB_LABELS) {
        const path = ["spec", "template", "metadata", "labels", label];
        if (!manual && unsetInDesired(path)) same(path);
      }
      break;
    }
    case "Service":
      for (const field of ["clusterIP", "clusterIPs", "healthCheckNodePort"]) if (unsetInDesired(["spec", field])) same(["spec", field]);
      serviceNodePorts(stored, desired, out);
      break;
    case "Pod":
      // The scheduler's binding (mk's kubelet binds pods to this machine's Node).
      if (unsetInDesired(["spec", "nodeName"])) same(["spec", "nodeName"]);
      break;
    case "PersistentVolumeClaim":
      for (const field of ["volumeName", "storageClassName"]) if (unsetInDesired(["spec", field])) same(["spec", field]);
      break;
  }
  return out;
}

/** Allocated node ports, per port matched by port number and protocol. */
function serviceNodePorts(stored: JsonObject, desired: JsonObject, out: ServerSetField[]): void {
  const storedPorts = valueAt(stored, ["spec", "ports"]);
  const desiredPorts = valueAt(desired, ["spec", "ports"]);
  if (!Array.isArray(storedPorts) || !Array.isArray(desiredPorts)) return;
  desiredPorts.forEach((port, j) => {
    if (!isJsonObject(port) || !isAbsent(port.nodePort)) return;
    const i = storedPorts.findIndex((s) => isJsonObject(s) && s.port === port.port && (s.protocol ?? "TCP") === (port.protocol ?? "TCP"));
    const match = storedPorts[i];
    if (i >= 0 && isJsonObject(match) && !isAbsent(match.nodePort)) out.push({ stored: ["spec", "ports", i, "nodePort"], desired: ["spec", "ports", j, "nodePort"] });
  });
}

/** Removes from `stored` (a private copy) the server-set fields `desired` leaves out, before diffing. */
export function dropServerSetFields(stored: JsonObject, desired: JsonObject): void {
  for (const field of serverSetFields(stored, desired)) deleteAt(stored, field.stored);
}

/** Copies into `write` (a private copy) the server-set fields of `stored` it leaves out, before an update. */
export function keepServerSetFields(stored: JsonObject, write: JsonObject): void {
  for (const field of serverSetFields(stored, write)) {
    const value = valueAt(stored, field.stored);
    if (value !== undefined) setAt(write, field.desired, structuredClone(value));
  }
}

export function valueAt(root: JsonValue | undefined, path: FieldPath): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const segment of path) {
    if (typeof segment === "number") node = Array.isArray(node) ? node[segment] : undefined;
    else node = isJsonObject(node) ? node[segment] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function deleteAt(root: JsonObject, path: FieldPath): void {
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isJsonObject(parent) && typeof last === "string") delete parent[last];
}

/** Sets a value, creating the maps on the way (never lists). */
function setAt(root: JsonObject, path: FieldPath, value: JsonValue): void {
  let node: JsonValue = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i];
    if (typeof segment === "number") {
      if (!Array.isArray(node) || !isJsonObject(node[segment])) return;
      node = node[segment];
      continue;
    }
    if (!isJsonObject(node)) return;
    if (!isJsonObject(node[segment])) {
      if (!isAbsent(node[segment])) return;
      node[segment] = {};
    }
    node = node[segment];
  }
  const last = path[path.length - 1];
  if (typeof last === "number" && Array.isArray(node)) node[last] = value;
  else if (typeof last === "string" && isJsonObject(node)) node[last] = value;
}
