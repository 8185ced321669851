import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";

/**
 * Helpers for the defaulters, which work copy-on-descent: they start from a shallow copy of the
 * object and reach every object they may write through `ensureObject`, `childObject` and
 * `childObjects`, which replace that child in its (already private) parent by a shallow copy and
 * hand out the copy. So the defaulters write only into copies, the input is never modified, and
 * the parts they never visit (metadata, env, resources ...) are shared with the input instead of
 * being copied for every object that is validated.
 *
 * A field counts as unset when it is absent or null (YAML `key:` with nothing after it), as for
 * the apiserver's pointer fields.
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

/** The object at `obj[key]` as a writable copy, created (as {}) when unset. Returns undefined if something else is there. */
export function ensureObject(obj: JsonObject, key: string): JsonObject | undefined {
  const value = obj[key];
  if (isUnset(value)) {
    const created: JsonObject = {};
    obj[key] = created;
    return created;
  }
  if (!isJsonObject(value)) return undefined;
  const copy = shallowCopy(value);
  obj[key] = copy;
  return copy;
}

/** The object at `obj[key]` as a writable copy, if there is one. */
export function childObject(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  if (obj === undefined) return undefined;
  const value = obj[key];
  if (!isJsonObject(value)) return undefined;
  const copy = shallowCopy(value);
  obj[key] = copy;
  return copy;
}

/** The objects of the list at `obj[key]` as writable copies (the list itself is copied too). */
export function childObjects(obj: JsonObject | undefined, key: string): JsonObject[] {
  const list = obj?.[key];
  if (obj === undefined || !Array.isArray(list)) return [];
  const copies: JsonObject[] = [];
  const copiedList = list.slice();
  for (let i = 0; i < copiedList.length; i++) {
    const item = copiedList[i];
    if (!isJsonObject(item)) continue;
    const copy = shallowCopy(item);
    copiedList[i] = copy;
    copies.push(copy);
  }
  obj[key] = copiedList;
  return copies;
}

/**
 * A copy of an object's own fields. Not a spread (`{ ...value }`): V8 gives spread copies hidden
 * classes it cannot extend along the usual transitions, and every default then added to such a
 * copy was several times slower than the copy itself. Object.assign onto `{}` builds the ordinary
 * kind of object, and faster than a loop before the loop is optimized.
 */
export function shallowCopy(value: JsonObject): JsonObject {
  return Object.assign({}, value);
}

/**
 * A plain deep copy of JSON data. Hand-written because structuredClone is several times slower on
 * small nested objects.
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
