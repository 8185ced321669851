import type { JsonObject, JsonValue } from "../../schema/json.js";
import { Quantity } from "./quantity.js";
import { FloatValue, ListValue, RecordValue, type Value } from "./value.js";

/**
 * The plain JSON form of a value, as the schema layer validates it: null record fields are left
 * out (as in the YAML/JSON output), quantities become their canonical strings, floats and ints
 * become numbers. Functions and modules are not data and become null (the evaluator refuses to
 * emit them before this point).
 */
export function toJson(value: Value): JsonValue {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof RecordValue) return recordToJson(value);
  if (value instanceof ListValue) {
    const items = value.items;
    const out: JsonValue[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = toJson(items[i]);
    return out;
  }
  if (value instanceof Quantity) return value.toString();
  if (value instanceof FloatValue) return Object.is(value.value, -0) ? 0 : value.value;
  return null;
}

export function recordToJson(record: RecordValue): JsonObject {
  const out: JsonObject = {};
  const { keys, values } = record;
  for (let i = 0; i < keys.length; i++) {
    const v = values[i];
    if (v === null) continue;
    out[keys[i]] = toJson(v);
  }
  return out;
}
