import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";

/**
 * Reading optional parts of an object that passed schema validation. Every accessor returns
 * undefined when the part is absent or has an unexpected shape, so rules never throw on partial
 * objects (a manifest fragment, or an object whose schema check was skipped).
 */

export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

export function objectField(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  return obj === undefined ? undefined : asObject(obj[key]);
}

export function stringField(obj: JsonObject | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === "string" ? value : undefined;
}

export function numberField(obj: JsonObject | undefined, key: string): number | undefined {
  const value = obj?.[key];
  return typeof value === "number" ? value : undefined;
}

export function booleanField(obj: JsonObject | undefined, key: string): boolean | undefined {
  const value = obj?.[key];
  return typeof value === "boolean" ? value : undefined;
}

export function listField(obj: JsonObject | undefined, key: string): JsonValue[] | undefined {
  const value = obj?.[key];
  return Array.isArray(value) ? value : undefined;
}

const noItems: readonly { item: JsonObject; index: number }[] = Object.freeze([]);

/**
 * The objects of a list field with their indexes (non-objects are skipped, indexes kept). Absent
 * and empty lists, the common case, give one shared empty list: read the result, never modify it.
 */
export function objectItems(obj: JsonObject | undefined, key: string): readonly { item: JsonObject; index: number }[] {
  const list = listField(obj, key);
  if (list === undefined || list.length === 0) return noItems;
  const out: { item: JsonObject; index: number }[] = [];
  for (let index = 0; index < list.length; index++) {
    const value = list[index];
    if (isJsonObject(value)) out.push({ item: value, index });
  }
  return out;
}

/** Whether a list field holds at least one object. */
export function hasObjectItems(obj: JsonObject | undefined, key: string): boolean {
  const list = listField(obj, key);
  if (list === undefined) return false;
  for (let i = 0; i < list.length; i++) if (isJsonObject(list[i])) return true;
  return false;
}

/**
 * A map of strings (labels, annotations, selectors); non-string values are left out. Usually every
 * value is a string and the map itself is returned, not a copy: read it, never modify it.
 */
export function stringMapField(obj: JsonObject | undefined, key: string): Readonly<Record<string, string>> | undefined {
  const value = obj?.[key];
  if (!isJsonObject(value)) return undefined;
  let allStrings = true;
  for (const k in value) {
    if (typeof value[k] !== "string") {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return value as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Whether a key is present with a non-null value (a YAML `key:` with nothing after it is null). */
export function has(obj: JsonObject | undefined, key: string): boolean {
  return obj !== undefined && obj[key] !== undefined && obj[key] !== null;
}

/** An int-or-string field (`targetPort`, `maxSurge`): the number or the string, else undefined. */
export function intOrStringField(obj: JsonObject | undefined, key: string): number | string | undefined {
  const value = obj?.[key];
  return typeof value === "number" || typeof value === "string" ? value : undefined;
}
