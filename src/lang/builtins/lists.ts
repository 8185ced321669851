import { compareValues, valuesEqual } from "../values/equal.js";
import { addQuantities, Quantity } from "../values/quantity.js";
import { typeName } from "../values/describe.js";
import type { Span } from "../../diag/span.js";
import { FloatValue, ListValue, type Value } from "../values/value.js";
import { argInt, argList, argOptionalInt, argValue, builtin, fail, type BuiltinDef } from "./builtin.js";
import { rangeBuiltin, lenBuiltin } from "./core.js";

/** `lists.*`: list functions. None of them changes its argument; each returns a new list. */
export const listBuiltins: readonly BuiltinDef[] = [
  { ...lenBuiltin, name: "len" },
  builtin("concat", "fn(...[T]): [T]", "The lists one after the other.", (a) => {
    const items: Value[] = [];
    const spans: (Span | undefined)[] = [];
    let located = false;
    for (let i = 0; i < a.length; i++) {
      const xs = argList(a, i);
      items.push(...xs.items);
      if (xs.spans) located = true;
      for (let j = 0; j < xs.items.length; j++) spans.push(xs.spans?.[j]);
    }
    return new ListValue(items, located ? spans : undefined);
  }),
  builtin("flatten", "fn(xs: [any]): [any]", "The items of the nested lists of `xs`, one level deep (other items stay as they are).", (a) => {
    const xs = argList(a, 0);
    const items: Value[] = [];
    const spans: (Span | undefined)[] = [];
    xs.items.forEach((x, i) => {
      if (x instanceof ListValue) {
        items.push(...x.items);
        for (let j = 0; j < x.items.length; j++) spans.push(x.spans?.[j]);
      } else {
        items.push(x);
        spans.push(xs.spans?.[i]);
      }
    });
    return new ListValue(items, spans);
  }),
  builtin("sort", "fn(xs: [T]): [T]", "The items in ascending order (numbers, strings by code unit, or quantities; the sort is stable).", (a) => {
    const xs = argList(a, 0);
    const order = xs.items.map((_, i) => i);
    let problem: string | undefined;
    order.sort((i, j) => {
      const c = compareValues(xs.items[i], xs.items[j]);
      if (c === undefined) {
        problem ??= `lists.sort cannot order ${typeName(xs.items[i])} and ${typeName(xs.items[j])}`;
        return i - j;
      }
      return c !== 0 ? c : i - j;
    });
    if (problem) return fail(problem, ["sort works on lists of numbers, of strings or of quantities"]);
    return permute(xs, order);
  }),
  builtin("unique", "fn(xs: [T]): [T]", "The items without repeats, each at its first position.", (a) => {
    const xs = argList(a, 0);
    const order: number[] = [];
    const seenScalars = new Set<string | number | boolean | null>();
    for (let i = 0; i < xs.items.length; i++) {
      const x = xs.items[i];
      if (x === null || typeof x !== "object") {
        if (seenScalars.has(x)) continue;
        seenScalars.add(x);
        order.push(i);
        continue;
      }
      if (order.some((j) => valuesEqual(xs.items[j], x))) continue;
      order.push(i);
    }
    return permute(xs, order);
  }),
  builtin("reverse", "fn(xs: [T]): [T]", "The items in reverse order.", (a) => {
    const xs = argList(a, 0);
    return permute(xs, xs.items.map((_, i) => xs.items.length - 1 - i));
  }),
  builtin("contains", "fn(xs: [T], x: T): bool", "Whether `x` is an item of `xs` (structural equality).", (a) => {
    const x = argValue(a, 1);
    return argList(a, 0).items.some((y) => valuesEqual(x, y));
  }),
  builtin("indexOf", "fn(xs: [T], x: T): int", "The position of the first item equal to `x`, or -1.", (a) => {
    const x = argValue(a, 1);
    return argList(a, 0).items.findIndex((y) => valuesEqual(x, y));
  }),
  builtin("first", "fn(xs: [T]): T?", "The first item, or null for an empty list.", (a) => argList(a, 0).items[0] ?? null),
  builtin("last", "fn(xs: [T]): T?", "The last item, or null for an empty list.", (a) => {
    const xs = argList(a, 0);
    return xs.items[xs.items.length - 1] ?? null;
  }),
  builtin("slice", "fn(xs: [T], start: int, end?: int): [T]", "The items from `start` up to (not including) `end`; negative positions count from the end.", (a) => {
    const xs = argList(a, 0);
    const n = xs.items.length;
    const clamp = (i: number) => Math.max(0, Math.min(n, i < 0 ? n + i : i));
    const start = clamp(argInt(a, 1));
    const endArg = argOptionalInt(a, 2);
    const end = endArg === undefined ? n : clamp(endArg);
    const order: number[] = [];
    for (let i = start; i < end; i++) order.push(i);
    return permute(xs, order);
  }),
  builtin("sum", "fn(xs: [T]): T", "The sum of numbers (an int unless a float is among them) or of quantities; 0 for an empty list.", (a) => {
    const xs = argList(a, 0);
    if (xs.items.length === 0) return 0;
    if (xs.items[0] instanceof Quantity) {
      let total = xs.items[0];
      for (let i = 1; i < xs.items.length; i++) {
        const x = xs.items[i];
        if (!(x instanceof Quantity)) return fail(`lists.sum cannot add ${typeName(x)} to a quantity (item ${i})`);
        total = addQuantities(total, x);
      }
      return total;
    }
    let total = 0;
    let float = false;
    for (let i = 0; i < xs.items.length; i++) {
      const x = xs.items[i];
      if (typeof x === "number") total += x;
      else if (x instanceof FloatValue) {
        total += x.value;
        float = true;
      } else return fail(`lists.sum needs numbers or quantities; item ${i} is ${typeName(x)}`);
    }
    return float ? new FloatValue(total) : total;
  }),
  builtin("min", "fn(xs: [T]): T", "The smallest item (numbers, strings or quantities).", (a) => extreme(argList(a, 0), -1, "lists.min")),
  builtin("max", "fn(xs: [T]): T", "The largest item (numbers, strings or quantities).", (a) => extreme(argList(a, 0), 1, "lists.max")),
  { ...rangeBuiltin, name: "range" },
];

function permute(xs: ListValue, order: number[]): ListValue {
  const items = order.map((i) => xs.items[i]);
  const spans = xs.spans ? order.map((i) => xs.spans?.[i]) : undefined;
  return new ListValue(items, spans);
}

function extreme(xs: ListValue, sign: 1 | -1, name: string): Value | ReturnType<typeof fail> {
  if (xs.items.length === 0) return fail(`${name} of an empty list`, ["check the list is not empty first, e.g. `if len(xs) > 0 then ... else ...`"]);
  let best = xs.items[0];
  for (let i = 1; i < xs.items.length; i++) {
    const c = compareValues(xs.items[i], best);
    if (c === undefined) return fail(`${name} cannot compare ${typeName(xs.items[i])} with ${typeName(best)}`);
    if (c * sign > 0) best = xs.items[i];
  }
  return best;
}
