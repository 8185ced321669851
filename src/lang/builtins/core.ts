import { createHash } from "node:crypto";
import { ListValue, RecordValue } from "../values/value.js";
import { argInt, argOptionalInt, argString, argValue, builtin, fail, stringLength, type BuiltinDef } from "./builtin.js";
import { typeName } from "../values/describe.js";

/** The most items `range` makes: a guard against a typo such as `range(1e9)` eating the memory. */
const maxRange = 10_000_000;

export const lenBuiltin: BuiltinDef = builtin(
  "len",
  "fn(x: string | [any] | {string: any}): int",
  "The number of characters of a string, items of a list, or fields of a record or map.",
  (a) => {
    const x = argValue(a, 0);
    if (typeof x === "string") return stringLength(x);
    if (x instanceof ListValue) return x.items.length;
    if (x instanceof RecordValue) {
      let n = 0;
      for (const v of x.values) if (v !== null) n++;
      return n;
    }
    return fail(`len needs a string, a list or a record, not ${typeName(x)}`);
  },
);

export const rangeBuiltin: BuiltinDef = builtin(
  "range",
  "fn(a: int, b?: int, step?: int): [int]",
  "`range(n)` is 0, 1, ..., n-1; `range(a, b)` is a, ..., b-1; `range(a, b, step)` counts by `step` (which may be negative).",
  (args) => {
    const a = argInt(args, 0);
    const b = argOptionalInt(args, 1);
    const stepArg = argOptionalInt(args, 2);
    const [start, end] = b === undefined ? [0, a] : [a, b];
    const step = stepArg ?? 1;
    if (step === 0) return fail("range: the step must not be 0");
    const count = Math.max(0, Math.ceil((end - start) / step));
    if (count > maxRange) return fail(`range would make ${count} numbers (the limit is ${maxRange})`);
    const items: number[] = new Array(count);
    for (let i = 0; i < count; i++) items[i] = start + i * step;
    return new ListValue(items);
  },
);

export const sha256Builtin: BuiltinDef = builtin("sha256", "fn(s: string): string", "The SHA-256 digest of the string's UTF-8 bytes, as 64 lowercase hex digits.", (a) =>
  createHash("sha256").update(argString(a, 0), "utf8").digest("hex"),
);
