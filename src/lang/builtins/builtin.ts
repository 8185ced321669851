import { typeName } from "../values/describe.js";
import { Quantity } from "../values/quantity.js";
import { FloatValue, ListValue, RecordValue, type BuiltinResult, type Value } from "../values/value.js";

/**
 * A builtin function of the pure stdlib.
 *
 * `signature` is the function's type in MKL type syntax, the way the checker prints function
 * types: `fn(s: string, sep: string): [string]`; an optional parameter is `name?: T`, a variadic
 * tail is `...T` (the type of each extra argument); single capital letters (`T`, `K`) are type
 * variables bound per call. The checker parses it to type calls; the evaluator only calls `call`,
 * which re-checks what a static type cannot promise (e.g. values of type `any`).
 */
export interface BuiltinDef {
  /** `upper` (its namespace is given by the registry). */
  readonly name: string;
  readonly signature: string;
  /** One sentence for hovers and docs. */
  readonly doc: string;
  readonly call: (args: Value[]) => BuiltinResult;
}

export function ok(value: Value): BuiltinResult {
  return { ok: true, value };
}

export function fail(message: string, notes?: string[]): BuiltinResult {
  return notes ? { ok: false, message, notes } : { ok: false, message };
}

/** Thrown inside a builtin by the argument readers below and turned into a BuiltinResult by `builtin`. */
class ArgumentError {
  constructor(readonly message: string) {}
}

/**
 * Defines a builtin whose body reads its arguments with the `arg*` readers; a wrong argument
 * becomes a runtime error value (never an exception out of the evaluator).
 */
export function builtin(name: string, signature: string, doc: string, body: (args: Value[]) => Value | BuiltinResult): BuiltinDef {
  return {
    name,
    signature,
    doc,
    call: (args) => {
      try {
        const result = body(args);
        return isResult(result) ? result : { ok: true, value: result };
      } catch (e) {
        if (e instanceof ArgumentError) return { ok: false, message: e.message };
        throw e;
      }
    },
  };
}

function isResult(v: Value | BuiltinResult): v is BuiltinResult {
  return typeof v === "object" && v !== null && "ok" in v && !(v instanceof RecordValue);
}

const ordinals = ["first", "second", "third", "fourth", "fifth"];

function wrongType(index: number, expected: string, got: Value | undefined): ArgumentError {
  const which = ordinals[index] ?? `#${index + 1}`;
  return new ArgumentError(got === undefined ? `the ${which} argument is missing (expected ${expected})` : `the ${which} argument must be ${expected}, not ${typeName(got)}`);
}

export function argString(args: Value[], i: number): string {
  const v = args[i];
  if (typeof v !== "string") throw wrongType(i, "a string", v);
  return v;
}

export function argInt(args: Value[], i: number): number {
  const v = args[i];
  if (typeof v !== "number") throw wrongType(i, "an int", v);
  return v;
}

export function argOptionalInt(args: Value[], i: number): number | undefined {
  return args[i] === undefined || args[i] === null ? undefined : argInt(args, i);
}

export function argList(args: Value[], i: number): ListValue {
  const v = args[i];
  if (!(v instanceof ListValue)) throw wrongType(i, "a list", v);
  return v;
}

export function argRecord(args: Value[], i: number): RecordValue {
  const v = args[i];
  if (!(v instanceof RecordValue)) throw wrongType(i, "a map or record", v);
  return v;
}

/** A number argument as a JS number, and whether it was a float. */
export function argNumber(args: Value[], i: number): { value: number; float: boolean } {
  const v = args[i];
  if (typeof v === "number") return { value: v, float: false };
  if (v instanceof FloatValue) return { value: v.value, float: true };
  throw wrongType(i, "a number", v);
}

export function argValue(args: Value[], i: number): Value {
  const v = args[i];
  if (v === undefined) throw wrongType(i, "a value", v);
  return v;
}

export function isNumeric(v: Value): v is number | FloatValue {
  return typeof v === "number" || v instanceof FloatValue;
}

export function isQuantity(v: Value): v is Quantity {
  return v instanceof Quantity;
}

/** Strings count and index in Unicode code points, not UTF-16 units (`len("é") == 1`). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

export function stringLength(s: string): number {
  // Fast path: no surrogate pairs means code points = UTF-16 units.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return Array.from(s).length;
  }
  return s.length;
}
