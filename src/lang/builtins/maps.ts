import { ListValue, RecordBuilder, RecordValue, type Value } from "../values/value.js";
import { typeName } from "../values/describe.js";
import { lenBuiltin } from "./core.js";
import { argList, argRecord, argString, builtin, fail, type BuiltinDef } from "./builtin.js";

/**
 * `maps.*`: functions on records and maps (the same runtime value). Fields keep their order; a
 * field whose value is null counts as absent, as in the output.
 */
export const mapBuiltins: readonly BuiltinDef[] = [
  { ...lenBuiltin, name: "len" },
  builtin("keys", "fn(m: {string: T}): [string]", "The field names, in order.", (a) => {
    const m = argRecord(a, 0);
    const order = present(m);
    return new ListValue(order.map((i) => m.keys[i]));
  }),
  builtin("values", "fn(m: {string: T}): [T]", "The field values, in order.", (a) => {
    const m = argRecord(a, 0);
    const order = present(m);
    return new ListValue(
      order.map((i) => m.values[i]),
      order.map((i) => m.spans[i]),
    );
  }),
  builtin("entries", "fn(m: {string: T}): [{ key: string, value: T }]", "The fields as `{ key, value }` records, in order.", (a) => {
    const m = argRecord(a, 0);
    return new ListValue(
      present(m).map((i) => {
        const b = new RecordBuilder();
        b.set("key", m.keys[i], undefined);
        b.set("value", m.values[i], m.spans[i]);
        return b.build(m.spans[i]);
      }),
    );
  }),
  builtin("fromEntries", "fn(entries: [{ key: string, value: T }]): {string: T}", "A map from `{ key, value }` records (a later key wins).", (a) => {
    const xs = argList(a, 0);
    const b = new RecordBuilder();
    for (let i = 0; i < xs.items.length; i++) {
      const e = xs.items[i];
      const key = e instanceof RecordValue ? e.get("key") : undefined;
      if (!(e instanceof RecordValue) || typeof key !== "string" || !e.has("value")) {
        return fail(`maps.fromEntries needs records with a string \`key\` and a \`value\`; item ${i} is ${typeName(e)}`);
      }
      b.set(key, e.get("value") as Value, e.spanOf("value"));
    }
    return b.build();
  }),
  builtin("merge", "fn(...{string: T}): {string: T}", "The fields of all maps, a later map's field replacing an earlier one (shallow; use `with` for a deep merge).", (a) => {
    const b = new RecordBuilder();
    for (let i = 0; i < a.length; i++) b.spread(argRecord(a, i));
    return b.build();
  }),
  builtin("has", "fn(m: {string: any}, key: string): bool", "Whether the map has the field and it is not null.", (a) => {
    const v = argRecord(a, 0).get(argString(a, 1));
    return v !== undefined && v !== null;
  }),
  builtin("get", "fn(m: {string: T}, key: string, default?: T): T?", "The field's value, or `default` (null when not given) when the field is absent or null.", (a) => {
    const v = argRecord(a, 0).get(argString(a, 1));
    return v === undefined || v === null ? (a[2] ?? null) : v;
  }),
  builtin("remove", "fn(m: {string: T}, ...string): {string: T}", "The map without the named fields.", (a) => {
    const m = argRecord(a, 0);
    const drop = new Set<string>();
    for (let i = 1; i < a.length; i++) drop.add(argString(a, i));
    const b = new RecordBuilder();
    for (let i = 0; i < m.keys.length; i++) if (!drop.has(m.keys[i])) b.set(m.keys[i], m.values[i], m.spans[i]);
    return b.build(m.span);
  }),
  builtin("filterKeys", "fn(m: {string: T}, keys: [string]): {string: T}", "The map with only the named fields (in the map's order).", (a) => {
    const m = argRecord(a, 0);
    const keep = new Set<string>();
    for (const k of argList(a, 1).items) if (typeof k === "string") keep.add(k);
    const b = new RecordBuilder();
    for (let i = 0; i < m.keys.length; i++) if (keep.has(m.keys[i])) b.set(m.keys[i], m.values[i], m.spans[i]);
    return b.build(m.span);
  }),
];

function present(m: RecordValue): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.keys.length; i++) if (m.values[i] !== null) out.push(i);
  return out;
}

