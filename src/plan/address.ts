import { isJsonObject, type JsonObject } from "../schema/json.js";
import { isClusterScoped } from "../schema/semantic/scope.js";
import { groupOf, type ObjectRef } from "../store/index.js";

/**
 * How plans name objects. An address is `Kind/name` for objects in the default namespace and for
 * cluster-scoped ones, `Kind/namespace/name` elsewhere: short where most objects live, and never
 * ambiguous (two parts or three).
 */

/** The ref of an object, its namespace defaulted as the apiserver does (`default` for namespaced kinds). */
export function planRefOf(object: JsonObject): Required<ObjectRef> {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === "string" ? object.kind : "";
  const namespace = typeof metadata.namespace === "string" ? metadata.namespace : "";
  return {
    apiVersion: typeof object.apiVersion === "string" ? object.apiVersion : "",
    kind,
    namespace: isClusterScoped(kind) ? "" : namespace || "default",
    name: typeof metadata.name === "string" ? metadata.name : "",
  };
}

export function addressOf(ref: ObjectRef): string {
  const namespace = ref.namespace ?? "";
  return namespace === "" || namespace === "default" ? `${ref.kind}/${ref.name}` : `${ref.kind}/${namespace}/${ref.name}`;
}

/** The identity the planner matches desired and stored objects on: API group, kind, namespace, name. */
export function identityOf(ref: ObjectRef): string {
  return `${groupOf(ref.apiVersion)}\u0000${ref.kind}\u0000${ref.namespace ?? ""}\u0000${ref.name}`;
}

/** A `--target`: `Kind/name` or `Kind/namespace/name`, the kind case-insensitive. */
export interface TargetSelector {
  text: string;
  kind: string;
  /** Undefined for `Kind/name`: the default namespace, or no namespace for a cluster-scoped kind. */
  namespace?: string;
  name: string;
}

export function parseTarget(text: string): TargetSelector | undefined {
  const parts = text.split("/");
  if (parts.some((p) => p === "")) return undefined;
  if (parts.length === 2) return { text, kind: parts[0], name: parts[1] };
  if (parts.length === 3) return { text, kind: parts[0], namespace: parts[1], name: parts[2] };
  return undefined;
}

export function targetMatches(target: TargetSelector, ref: ObjectRef): boolean {
  if (target.kind.toLowerCase() !== ref.kind.toLowerCase() || target.name !== ref.name) return false;
  const namespace = ref.namespace ?? "";
  return target.namespace === undefined ? namespace === "" || namespace === "default" : target.namespace === namespace;
}
