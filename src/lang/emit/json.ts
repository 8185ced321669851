import { formatFloat } from "../values/describe.js";
import { Quantity } from "../values/quantity.js";
import { FloatValue, FunctionValue, ListValue, ModuleValue, RecordValue, type Value } from "../values/value.js";
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
  const w: string[] = [];
  write(w, value, options.indent ?? 2, 0, options.kubernetesOrder ?? false);
  return w.join("");
}

/**
 * Several objects as one JSON document: a `kind: List` (what `kubectl get -o json` prints for
 * several objects, and what `kubectl apply -f` and `mk validate` accept).
 */
export function emitJsonList(objects: readonly Value[]): string {
  return joinJsonListItems(objects.map(emitJsonListItem));
}

/** One object as an item of `emitJsonList`'s list (for writers that print objects one by one). */
export function emitJsonListItem(object: Value): string {
  const w: string[] = [];
  write(w, object, 2, 2, true);
  return w.join("");
}

/** The `kind: List` document around items made by `emitJsonListItem`. */
export function joinJsonListItems(items: readonly string[]): string {
  const head = '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [';
  return items.length === 0 ? `${head}]\n}\n` : `${head}\n    ${items.join(",\n    ")}\n  ]\n}\n`;
}

const newlines = new Map<number, string>();
/** A line break followed by `depth * step` spaces. */
function newline(step: number, depth: number): string {
  const n = step * depth;
  let s = newlines.get(n);
  if (s === undefined) newlines.set(n, (s = `\n${" ".repeat(n)}`));
  return s;
}

function write(w: string[], value: Value, step: number, depth: number, kubernetesOrder: boolean): void {
  if (value === null) {
    w.push("null");
    return;
  }
  switch (typeof value) {
    case "string":
      w.push(JSON.stringify(value));
      return;
    case "number":
      w.push(Object.is(value, -0) ? "0" : String(value));
      return;
    case "boolean":
      w.push(value ? "true" : "false");
      return;
  }
  if (value instanceof Quantity) {
    w.push(JSON.stringify(value.toString()));
    return;
  }
  if (value instanceof FloatValue) {
    w.push(Number.isFinite(value.value) ? formatFloat(value.value) : "null");
    return;
  }
  const inner = step > 0 ? newline(step, depth + 1) : "";
  const sep = step > 0 ? `,${inner}` : ",";
  const close = step > 0 ? newline(step, depth) : "";
  if (value instanceof ListValue) {
    const items = value.items;
    if (items.length === 0) {
      w.push("[]");
      return;
    }
    w.push("[", inner);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) w.push(sep);
      write(w, items[i], step, depth + 1, false);
    }
    w.push(close, "]");
    return;
  }
  if (value instanceof RecordValue) {
    const order = kubernetesOrder ? objectFieldOrder(value) : undefined;
    const n = order ? order.length : value.size;
    let count = 0;
    for (let j = 0; j < n; j++) {
      const i = order ? order[j] : j;
      const v = value.values[i];
      if (v === null || v instanceof FunctionValue || v instanceof ModuleValue) continue;
      w.push(count === 0 ? `{${inner}` : sep, JSON.stringify(value.keys[i]), step > 0 ? ": " : ":");
      write(w, v, step, depth + 1, false);
      count++;
    }
    w.push(count === 0 ? "{}" : `${close}}`);
    return;
  }
  w.push("null");
}
