import type { Span } from "../../diag/span.js";
import { valuesEqual } from "../values/equal.js";
import { ListValue, RecordBuilder, RecordValue, type Value } from "../values/value.js";
import { RuntimeSchema } from "./runtime-schema.js";
import type { Shape } from "./shape.js";

/** What a merge needs from the evaluator: conversions to field shapes and re-validation of instances. */
export interface MergeHost {
  coerce(v: Value, shape: Shape, span: Span | undefined): Value;
  revalidate(record: RecordValue): RecordValue;
}

/**
 * `a with b`: a deep merge. Records merge field by field, recursively; a list field whose schema
 * declares `@mergeKey` merges item by item on that key (containers by `name`, ports by
 * `containerPort`): items of `b` with the key of an item of `a` merge into it, others are
 * appended; every other value of `b` replaces the one in `a` (lists too; `null` removes a field).
 * The result keeps `a`'s schema, field order and provenance, with `b`'s for what `b` changed, and
 * is checked again (a merge can break a check).
 */
export function mergeValues(a: RecordValue, b: RecordValue, host: MergeHost): RecordValue {
  return mergeRecords(a, b, host);
}

function mergeRecords(a: RecordValue, b: RecordValue, host: MergeHost): RecordValue {
  const out = new RecordBuilder();
  out.spread(a);
  const schema = a.schema instanceof RuntimeSchema ? a.schema : undefined;
  for (let i = 0; i < b.keys.length; i++) {
    const key = b.keys[i];
    const bv = b.values[i];
    const av = out.get(key);
    let merged: Value;
    let span = b.spans[i];
    if (av instanceof RecordValue && bv instanceof RecordValue) {
      merged = mergeRecords(av, bv, host);
      span = a.spanOf(key) ?? span;
    } else if (av instanceof ListValue && bv instanceof ListValue && schema?.mergeKeys(key)) {
      merged = mergeLists(av, bv, schema.mergeKeys(key) as readonly string[], host);
      span = a.spanOf(key) ?? span;
    } else {
      merged = bv;
    }
    if (schema) {
      const f = schema.field(key);
      if (f) merged = host.coerce(merged, schema.shapeOf(f), span);
    }
    out.set(key, merged, span);
  }
  const record = out.build(a.span, a.schema);
  return schema ? host.revalidate(record) : record;
}

function mergeLists(a: ListValue, b: ListValue, keys: readonly string[], host: MergeHost): ListValue {
  const items = a.items.slice();
  const spans = a.spans ? a.spans.slice() : new Array<Span | undefined>(a.items.length);
  for (let i = 0; i < b.items.length; i++) {
    const item = b.items[i];
    const at = item instanceof RecordValue && hasKeys(item, keys) ? items.findIndex((x) => x instanceof RecordValue && sameKeys(x, item, keys)) : -1;
    if (at >= 0) {
      items[at] = mergeRecords(items[at] as RecordValue, item as RecordValue, host);
    } else {
      items.push(item);
      spans.push(b.spans?.[i]);
    }
  }
  return new ListValue(items, spans, a.span);
}

function hasKeys(r: RecordValue, keys: readonly string[]): boolean {
  for (const k of keys) if (r.get(k) === undefined || r.get(k) === null) return false;
  return true;
}

function sameKeys(x: RecordValue, y: RecordValue, keys: readonly string[]): boolean {
  for (const k of keys) {
    const xv = x.get(k);
    const yv = y.get(k);
    if (xv === undefined || yv === undefined || !valuesEqual(xv, yv)) return false;
  }
  return true;
}
