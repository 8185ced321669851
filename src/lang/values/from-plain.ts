import type { Span } from "../../diag/span.js";
import { FloatValue, ListValue, RecordBuilder, type Value } from "./value.js";

/** Finds the source span of the value at a path (a YAML node), when the input has one. */
export type PathSpans = (path: readonly (string | number)[]) => Span | undefined;

/**
 * Converts decoded JSON/YAML data (plain objects, or Maps when key order must survive, arrays,
 * scalars) to MKL values: whole numbers become ints, other numbers floats, mappings records in
 * their key order. With `spans`, every record field and list item remembers its YAML position.
 */
export function valueFromPlain(data: unknown, spans?: PathSpans): Value {
  return convert(data, spans, []);
}

function convert(data: unknown, spans: PathSpans | undefined, path: (string | number)[]): Value {
  if (data === null || data === undefined) return null;
  switch (typeof data) {
    case "string":
    case "boolean":
      return data;
    case "number":
      return Number.isInteger(data) ? data : new FloatValue(data);
    case "bigint":
      return Number(data);
  }
  if (Array.isArray(data)) {
    const items: Value[] = new Array(data.length);
    const itemSpans = spans ? new Array<Span | undefined>(data.length) : undefined;
    for (let i = 0; i < data.length; i++) {
      path.push(i);
      items[i] = convert(data[i], spans, path);
      if (itemSpans && spans) itemSpans[i] = spans(path);
      path.pop();
    }
    return new ListValue(items, itemSpans, spans?.(path));
  }
  if (data instanceof Date) return data.toISOString();
  const b = new RecordBuilder();
  const entries: Iterable<[unknown, unknown]> = data instanceof Map ? data.entries() : Object.entries(data as Record<string, unknown>);
  for (const [k, v] of entries) {
    const key = String(k);
    path.push(key);
    b.set(key, convert(v, spans, path), spans?.(path));
    path.pop();
  }
  return b.build(spans?.(path));
}
