import { isJsonObject, type JsonObject, type JsonValue } from "../../schema/json.js";

/**
 * Reading a stored Pod's fields as plain values. Stored objects are validated and defaulted, but
 * the kubelet must not crash on a field it did not expect: absent or mistyped fields read as empty.
 */

export function objectAt(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

export function objectsAt(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

export function stringAt(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function numberAt(value: JsonValue | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function stringsAt(value: JsonValue | undefined): string[] | undefined {
  return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : String(v))) : undefined;
}

export function stringMapAt(value: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectAt(value))) if (typeof v === "string") out[k] = v;
  return out;
}

/** The identity parts of a Pod every translation needs. */
export interface PodIdentity {
  namespace: string;
  name: string;
  uid: string;
}

export function podIdentity(pod: JsonObject): PodIdentity {
  const metadata = objectAt(pod.metadata);
  return { namespace: stringAt(metadata.namespace) ?? "default", name: stringAt(metadata.name) ?? "", uid: stringAt(metadata.uid) ?? "" };
}

export function podSpecOf(pod: JsonObject): JsonObject {
  return objectAt(pod.spec);
}
