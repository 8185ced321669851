/** The subset of an OpenAPI v2 (Swagger) document that the generator reads. */

export interface GvkExtension {
  group: string;
  version: string;
  kind: string;
}

export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  additionalProperties?: SchemaObject | boolean;
  "x-kubernetes-group-version-kind"?: GvkExtension[];
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
}

export interface OperationObject {
  "x-kubernetes-action"?: string;
  "x-kubernetes-group-version-kind"?: GvkExtension;
}

export interface OpenApiDocument {
  swagger?: string;
  info?: { title?: string; version?: string };
  definitions: Record<string, SchemaObject>;
  paths?: Record<string, Record<string, OperationObject | unknown>>;
}

/** The definition name a `$ref` points at ("#/definitions/io.k8s.api.apps.v1.Deployment" → "io.k8s.api.apps.v1.Deployment"). */
export function refName(ref: string): string {
  return ref.startsWith("#/definitions/") ? ref.slice("#/definitions/".length) : ref;
}

export function isOpenApiDocument(value: unknown): value is OpenApiDocument {
  return typeof value === "object" && value !== null && typeof (value as { definitions?: unknown }).definitions === "object" && (value as { definitions?: unknown }).definitions !== null;
}
