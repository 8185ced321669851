import type { FieldPath } from "../../diag/span.js";
import { isJsonObject, type JsonValue } from "../json.js";

/**
 * Deep equality of JSON values with the apiserver's semantic equality for absent things: a field
 * that is absent, null, an empty map or an empty list is the same as absent.
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return firstDifference(a, b, []) === undefined;
}

/**
 * The path of the first place where two JSON values differ (depth first, keys sorted), or
 * undefined when they are equal under jsonEqual. Where a map is present on one side only, the
 * difference is reported at its first key; a list entry present on one side only is reported at
 * its index.
 */
export function firstDifference(a: JsonValue | undefined, b: JsonValue | undefined, path: FieldPath): FieldPath | undefined {
  const left = normalize(a);
  const right = normalize(b);
  if (left === right) return undefined;
  if ((Array.isArray(left) || left === undefined) && (Array.isArray(right) || right === undefined)) {
    const l = left ?? [];
    const r = right ?? [];
    const length = Math.max(l.length, r.length);
    for (let i = 0; i < length; i++) {
      if (i >= l.length || i >= r.length) return [...path, i];
      const diff = firstDifference(l[i], r[i], [...path, i]);
      if (diff) return diff;
    }
    return undefined;
  }
  if ((isJsonObject(left) || left === undefined) && (isJsonObject(right) || right === undefined)) {
    const l = left ?? {};
    const r = right ?? {};
    const keys = [...new Set([...Object.keys(l), ...Object.keys(r)])].sort();
    for (const key of keys) {
      const diff = firstDifference(l[key], r[key], [...path, key]);
      if (diff) return diff;
    }
    return undefined;
  }
  return path;
}

function normalize(value: JsonValue | undefined): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (isJsonObject(value) && Object.keys(value).length === 0) return undefined;
  return value;
}
