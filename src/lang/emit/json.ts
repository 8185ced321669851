import { formatFloat } from "../values/describe.js";
import { Quantity } from "../values/quantity.js";
import { FloatValue, ListValue, RecordValue, type Value } from "../values/value.js";
import { objectFieldOrder } from "./key-order.js";

export interface JsonEmitOptions {
  /** Spaces per level; 0 writes everything on one line without spaces (`json.encode`). */
  indent?: number;
  /** A top-level record shows apiVersion, kind, metadata and spec first. */
  kubernetesOrder?: boolean;
}

/**
 * JSON text of a value, with the same rules as the YAML writer: record fields that are null are
 * left out, floats keep a decimal point (`1.0`), quantities are canonical strings, and fields keep
 * source order (JavaScript objects would move integer-like keys such as "8080" to the front).
 */
export function emitJson(value: Value, options: JsonEmitOptions = {}): string {
  const step = options.indent ?? 2;
  return write(value, step, "", options.kubernetesOrder ?? false);
}

/**
 * Several objects as one JSON document: a `kind: List` (what `kubectl get -o json` prints for
 * several objects, and what `kubectl apply -f` and `mk validate` accept).
 */
export function emitJsonList(objects: readonly Value[]): string {
  let out = '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [';
  for (let i = 0; i < objects.length; i++) {
    out += i === 0 ? "\n    " : ",\n    ";
    out += write(objects[i], 2, "    ", true);
  }
  out += objects.length > 0 ? "\n  ]\n}\n" : "]\n}\n";
  return out;
}

function write(value: Value, step: number, indent: string, kubernetesOrder: boolean): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Object.is(value, -0) ? "0" : String(value);
    case "boolean":
      return value ? "true" : "false";
  }
  if (value instanceof Quantity) return JSON.stringify(value.toString());
  if (value instanceof FloatValue) return Number.isFinite(value.value) ? formatFloat(value.value) : "null";
  const inner = step > 0 ? `${indent}${" ".repeat(step)}` : "";
  const open = step > 0 ? `\n${inner}` : "";
  const sep = step > 0 ? `,\n${inner}` : ",";
  const close = step > 0 ? `\n${indent}` : "";
  if (value instanceof ListValue) {
    if (value.items.length === 0) return "[]";
    let out = `[${open}`;
    for (let i = 0; i < value.items.length; i++) {
      if (i > 0) out += sep;
      out += write(value.items[i], step, inner, false);
    }
    return `${out}${close}]`;
  }
  if (value instanceof RecordValue) {
    const order = kubernetesOrder ? objectFieldOrder(value) : undefined;
    const n = order ? order.length : value.size;
    let out = "";
    let count = 0;
    for (let j = 0; j < n; j++) {
      const i = order ? order[j] : j;
      const v = value.values[i];
      if (v === null || !isData(v)) continue;
      out += count === 0 ? `{${open}` : sep;
      out += JSON.stringify(value.keys[i]);
      out += step > 0 ? ": " : ":";
      out += write(v, step, inner, false);
      count++;
    }
    return count === 0 ? "{}" : `${out}${close}}`;
  }
  return "null";
}

function isData(v: Value): boolean {
  return typeof v !== "object" || v === null || v instanceof RecordValue || v instanceof ListValue || v instanceof Quantity || v instanceof FloatValue;
}
