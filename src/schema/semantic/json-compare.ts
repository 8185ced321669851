import type { FieldPath } from "../../diag/span.js";
import { isJsonObject, type JsonValue } from "../json.js";

/** Deep equality of JSON values, where an absent field and a null one are the same. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return firstDifference(a, b, []) === undefined;
}

/**
 * The path of the first place where two JSON values differ (depth first, keys in order), or
 * undefined when they are equal. Absent and null are the same; a list that changed length is
 * reported at the first index that differs.
 */
export function firstDifference(a: JsonValue | undefined, b: JsonValue | undefined, path: FieldPath): FieldPath | undefined {
  const left = a === null ? undefined : a;
  const right = b === null ? undefined : b;
  if (left === right) return undefined;
  if (Array.isArray(left) && Array.isArray(right)) {
    const length = Math.max(left.length, right.length);
    for (let i = 0; i < length; i++) {
      const diff = firstDifference(left[i], right[i], [...path, i]);
      if (diff) return diff;
    }
    return undefined;
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const key of keys) {
      const diff = firstDifference(left[key], right[key], [...path, key]);
      if (diff) return diff;
    }
    return undefined;
  }
  return path;
}
