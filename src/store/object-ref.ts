import { isJsonObject, type JsonObject } from "../schema/json.js";

/**
 * How callers name a stored object: what they already hold in a manifest or an
 * ObjectReference. The store keys objects by (API group, kind, namespace, name), so
 * `autoscaling/v1` and `autoscaling/v2` HorizontalPodAutoscalers with the same name are one object,
 * as they are in the API server.
 */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** Absent or "" for cluster-scoped objects (Namespace, Node). */
  namespace?: string;
  name: string;
}

/** The identity the store keys on. */
export interface ObjectKey {
  /** "" for the core group (`v1`). */
  group: string;
  kind: string;
  /** "" for cluster-scoped objects. */
  namespace: string;
  name: string;
}

/** `apps/v1` → `apps`, `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function keyOf(ref: ObjectRef): ObjectKey {
  return { group: groupOf(ref.apiVersion), kind: ref.kind, namespace: ref.namespace ?? "", name: ref.name };
}

/** The ref of an object as written (metadata.namespace absent means cluster-scoped). */
export function refOf(object: JsonObject): ObjectRef {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return {
    apiVersion: typeof object.apiVersion === "string" ? object.apiVersion : "",
    kind: typeof object.kind === "string" ? object.kind : "",
    namespace: typeof metadata.namespace === "string" ? metadata.namespace : "",
    name: typeof metadata.name === "string" ? metadata.name : "",
  };
}

/** `Kind/name` or `Kind/namespace/name`, the way diagnostics name objects. */
export function describeKey(key: ObjectKey): string {
  const kind = key.kind;
  return key.namespace === "" ? `${kind}/${key.name}` : `${kind}/${key.namespace}/${key.name}`;
}
