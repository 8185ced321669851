import { compareValues } from "../values/equal.js";
import { typeName } from "../values/describe.js";
import { Quantity } from "../values/quantity.js";
import { FloatValue, type Value } from "../values/value.js";
import { argNumber, argValue, builtin, fail, type BuiltinDef } from "./builtin.js";

/** `math.*`: numbers. floor, ceil and round return ints; abs, min and max keep the argument's kind. */
export const mathBuiltins: readonly BuiltinDef[] = [
  builtin("abs", "fn(x: T): T", "The absolute value of an int, a float or a quantity.", (a) => {
    const x = argValue(a, 0);
    if (typeof x === "number") return Math.abs(x);
    if (x instanceof FloatValue) return new FloatValue(Math.abs(x.value));
    if (x instanceof Quantity) return x.units < 0n ? new Quantity(-x.units, x.scale, x.format) : x;
    return fail(`math.abs needs a number or a quantity, not ${typeName(x)}`);
  }),
  builtin("floor", "fn(x: float): int", "The largest int not above x.", (a) => toInt(Math.floor(argNumber(a, 0).value), "math.floor")),
  builtin("ceil", "fn(x: float): int", "The smallest int not below x.", (a) => toInt(Math.ceil(argNumber(a, 0).value), "math.ceil")),
  builtin("round", "fn(x: float): int", "The nearest int; halves round away from zero (2.5 → 3, -2.5 → -3).", (a) => {
    const x = argNumber(a, 0).value;
    return toInt(Math.sign(x) * Math.round(Math.abs(x)), "math.round");
  }),
  builtin("min", "fn(a: T, ...T): T", "The smallest argument (numbers, strings or quantities).", (a) => extreme(a, -1, "math.min")),
  builtin("max", "fn(a: T, ...T): T", "The largest argument (numbers, strings or quantities).", (a) => extreme(a, 1, "math.max")),
  builtin("pow", "fn(base: float, exp: int): float", "`base` to the power `exp` (an int when base is an int and exp is not negative).", (a) => {
    const base = argNumber(a, 0);
    const exp = argNumber(a, 1);
    const r = base.value ** exp.value;
    if (!base.float && !exp.float && exp.value >= 0) return Number.isSafeInteger(r) ? r : fail(`math.pow: ${base.value} ** ${exp.value} is too large for an int`);
    return new FloatValue(r);
  }),
];

function toInt(x: number, name: string): Value | ReturnType<typeof fail> {
  if (!Number.isSafeInteger(x)) return fail(`${name}: ${x} is not representable as an int`);
  return Object.is(x, -0) ? 0 : x;
}

function extreme(args: Value[], sign: 1 | -1, name: string): Value | ReturnType<typeof fail> {
  if (args.length === 0) return fail(`${name} needs at least one argument`);
  let best = args[0];
  for (let i = 1; i < args.length; i++) {
    const c = compareValues(args[i], best);
    if (c === undefined) return fail(`${name} cannot compare ${typeName(args[i])} with ${typeName(best)}`);
    if (c * sign > 0) best = args[i];
  }
  return best;
}
