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

/**
 * A plain deep copy of JSON data. Hand-written because structuredClone is several times slower on
 * small nested objects, and defaulting copies every object that is validated or planned.
 */
export function cloneJson<T extends JsonValue>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: JsonValue): JsonValue {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<JsonValue>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyValue(value[i]);
    return out;
  }
  const out: JsonObject = {};
  for (const key in value) out[key] = copyValue(value[key]);
  return out;
}
