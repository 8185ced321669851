import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";

/**
 * In-place helpers for defaulting a private deep copy. A field counts as unset when it is absent
 * or null (YAML `key:` with nothing after it), as for the apiserver's pointer fields.
 */

export function isUnset(value: JsonValue | undefined): boolean {
  return value === undefined || value === null;
}

/** Sets `obj[key]` to `value` when unset. */
export function setDefault(obj: JsonObject, key: string, value: JsonValue): void {
  if (isUnset(obj[key])) obj[key] = value;
}

/**
 * Sets `obj[key]` when unset or equal to the Go zero value `zero`: for non-pointer fields the
 * apiserver cannot tell 0 from absent (probe timeoutSeconds: 0 becomes 1).
 */
export function setDefaultIfZero(obj: JsonObject, key: string, zero: JsonValue, value: JsonValue): void {
  if (isUnset(obj[key]) || obj[key] === zero) obj[key] = value;
}

/** The object at `obj[key]`, created (as {}) when unset. Returns undefined if something else is there. */
export function ensureObject(obj: JsonObject, key: string): JsonObject | undefined {
  if (isUnset(obj[key])) obj[key] = {};
  const value = obj[key];
  return isJsonObject(value) ? value : undefined;
}

/** The object at `obj[key]` if there is one. */
export function childObject(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = obj?.[key];
  return isJsonObject(value) ? value : undefined;
}

/** The objects of the list at `obj[key]`. */
export function childObjects(obj: JsonObject | undefined, key: string): JsonObject[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** A plain deep copy of JSON data. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
