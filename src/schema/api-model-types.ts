/**
 * The shape of the generated Kubernetes API model (src/schema/generated/api-model.json), written by
 * scripts/gen-api.ts from an OpenAPI v2 document and read by src/schema/model.ts. Type names are the
 * OpenAPI definition names ("io.k8s.api.apps.v1.DeploymentSpec"), so they are unique across groups.
 */

/** How a field's value is typed. `ref` points at an object type of the model by its definition name. */
export type TypeRef =
  | { kind: "string"; format?: StringFormat; enum?: string[] }
  | { kind: "int"; format?: "int32" | "int64" }
  | { kind: "float"; format?: string }
  | { kind: "bool" }
  /** intstr.IntOrString: a port number or a port name, a count or a percentage. */
  | { kind: "int-or-string" }
  /** resource.Quantity: "500m", "128Mi", 2, 0.5. */
  | { kind: "quantity" }
  | { kind: "any" }
  | { kind: "list"; items: TypeRef }
  | { kind: "map"; values: TypeRef }
  | { kind: "ref"; name: string };

/** String formats that validation enforces; other OpenAPI formats are kept in the model as plain strings. */
export type StringFormat = "date-time" | "byte" | (string & {});

export type ListType = "atomic" | "set" | "map";

export interface FieldInfo {
  type: TypeRef;
  /** In the definition's `required` list. */
  required: boolean;
  description?: string;
  /** `x-kubernetes-patch-merge-key`: the key strategic merge patch matches list items by. */
  patchMergeKey?: string;
  /** `x-kubernetes-patch-strategy`, e.g. "merge" or "merge,retainKeys". */
  patchStrategy?: string;
  /** `x-kubernetes-list-type`. */
  listType?: ListType;
  /** `x-kubernetes-list-map-keys`: the keys that identify an item of a `map` list (server-side apply). */
  listMapKeys?: string[];
}

export interface ObjectTypeInfo {
  /** The OpenAPI definition name, e.g. "io.k8s.api.apps.v1.DeploymentSpec". */
  name: string;
  /** The MKL stdlib module that declares it, e.g. "k8s/apps/v1". */
  module: string;
  /** The schema name inside that module, e.g. "DeploymentSpec". */
  shortName: string;
  description?: string;
  /** In the order of the OpenAPI document. */
  fields: Record<string, FieldInfo>;
  /** Extra fields are allowed (x-kubernetes-preserve-unknown-fields); otherwise unknown fields are errors. */
  open?: boolean;
  /** Set on a kind's root type: the apiVersion and kind its objects carry. */
  gvk?: { apiVersion: string; kind: string };
}

export interface KindInfo {
  /** "" for the core group. */
  group: string;
  version: string;
  /** "v1" or "apps/v1". */
  apiVersion: string;
  kind: string;
  /** Derived from the document's paths: `/namespaces/{namespace}/<plural>` exists. */
  namespaced: boolean;
  /** The REST resource name, e.g. "deployments". */
  plural: string;
  /** The root object type's definition name. */
  type: string;
  /** The MKL stdlib module the kind's schema lives in, e.g. "k8s/apps/v1". */
  module: string;
}

export interface ApiModel {
  $comment: string;
  source: { document: string; sha256: string; kubernetesVersion?: string };
  kinds: KindInfo[];
  types: Record<string, ObjectTypeInfo>;
}

/** One entry of the small generated kind index (src/schema/generated/kind-index.ts). */
export interface KindIndexEntry {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  plural: string;
  /** The root type's definition name in the API model. */
  type: string;
  /** The export name of the kind's standalone validator in src/schema/generated/validators.js. */
  validator: string;
}
