import type { JsonValue } from "../schema/json.js";

/**
 * A key-order-independent text of a JSON value: two statuses are the same when these are equal.
 * The kubelet writes status only when it changed (every store write bumps resourceVersion and
 * wakes every watcher).
 */
export function canonicalStatus(value: JsonValue | undefined): string {
  return JSON.stringify(sortKeys(value ?? null));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
