import { isJsonObject, type JsonValue } from "../../schema/json.js";

/**
 * Whether a value counts as absent: undefined, null, an empty map or an empty list. The apiserver
 * does not tell these apart (omitempty), so neither does the plan.
 */
export function isAbsent(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) {
    for (const _ in value) return false;
    return true;
  }
  return false;
}

/** A map whose every value is absent, at any depth (`{ labels: {} }`): the same as absent. */
function isDeeplyAbsent(value: JsonValue | undefined): boolean {
  if (isAbsent(value)) return true;
  if (!isJsonObject(value)) return false;
  for (const key in value) if (!isDeeplyAbsent(value[key])) return false;
  return true;
}

/**
 * Deep equality of JSON values, key order ignored, absent-like values equal to absent. Allocation
 * free: it runs on every planned object, most of which did not change.
 */
export function semanticEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  const aAbsent = isAbsent(a);
  const bAbsent = isAbsent(b);
  if (aAbsent || bAbsent) return (aAbsent || isDeeplyAbsent(a)) && (bAbsent || isDeeplyAbsent(b));
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  for (const key in a) if (!semanticEqual(a[key], b[key])) return false;
  for (const key in b) if (!(key in a) && !isAbsent(b[key])) return false;
  return true;
}
