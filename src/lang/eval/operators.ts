import type { BinaryOp } from "../ast.js";
import { typeName } from "../values/describe.js";
import { compareValues, valuesEqual } from "../values/equal.js";
import { addQuantities, compareQuantities, multiplyQuantity, Quantity, quantityFromNumber, subtractQuantities } from "../values/quantity.js";
import { FloatValue, ListValue, type Value } from "../values/value.js";
import { EvalCode, type EvalCodeValue } from "./codes.js";

/** Why an operator could not be applied; the evaluator adds the span and the call trace. */
export class OpProblem {
  constructor(
    readonly code: EvalCodeValue,
    readonly message: string,
    readonly help?: string[],
  ) {}
}

const maxInt = Number.MAX_SAFE_INTEGER;

function intResult(n: number, what: string): number | OpProblem {
  if (n > maxInt || n < -maxInt) return new OpProblem(EvalCode.intOverflow, `${what} is too large for an int (beyond ±${maxInt})`, ["use floats (e.g. `1.0 * x`) for numbers this large"]);
  return n === 0 ? 0 : n; // no -0 among ints
}

function isNumber(v: Value): v is number | FloatValue {
  return typeof v === "number" || v instanceof FloatValue;
}

function num(v: number | FloatValue): number {
  return typeof v === "number" ? v : v.value;
}

function mismatch(op: string, a: Value, b: Value): OpProblem {
  return new OpProblem(EvalCode.wrongType, `cannot apply \`${op}\` to ${typeName(a)} and ${typeName(b)}`);
}

/**
 * A quantity and a number (or two quantities) as two quantities: a number is the quantity of that
 * amount without a suffix, as Kubernetes reads `cpu: 1`. Undefined when neither is a quantity.
 */
function quantityPair(a: Value, b: Value): [Quantity, Quantity] | undefined {
  if (!(a instanceof Quantity) && !(b instanceof Quantity)) return undefined;
  const q = (v: Value) => (v instanceof Quantity ? v : isNumber(v) ? quantityFromNumber(num(v)) : undefined);
  const x = q(a);
  const y = q(b);
  return x && y ? [x, y] : undefined;
}

/**
 * The arithmetic and comparison operators (not `&&`, `||`, `??` and `with`, which the evaluator
 * handles because they do not always evaluate their right side).
 *
 * Ints stay ints (`7 / 2` is `3`, truncated toward zero, `-7 % 2` is `-1`), a float on either
 * side makes a float. `+` also joins strings and lists. Quantities add, subtract and compare with
 * each other and with numbers, and multiply by numbers.
 */
export function applyBinary(op: BinaryOp, a: Value, b: Value): Value | OpProblem {
  const quantities = quantityPair(a, b);
  switch (op) {
    case "==":
      return quantities ? compareQuantities(...quantities) === 0 : valuesEqual(a, b);
    case "!=":
      return quantities ? compareQuantities(...quantities) !== 0 : !valuesEqual(a, b);
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const c = quantities ? compareQuantities(...quantities) : compareValues(a, b);
      if (c === undefined) return new OpProblem(EvalCode.wrongType, `cannot compare ${typeName(a)} with ${typeName(b)} using \`${op}\``);
      return op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
    }
    case "+":
      if (typeof a === "number" && typeof b === "number") return intResult(a + b, "the sum");
      if (typeof a === "string" && typeof b === "string") return a + b;
      if (isNumber(a) && isNumber(b)) return new FloatValue(num(a) + num(b));
      if (quantities) return addQuantities(...quantities);
      if (a instanceof ListValue && b instanceof ListValue) {
        const spans = a.spans || b.spans ? [...(a.spans ?? new Array(a.items.length)), ...(b.spans ?? new Array(b.items.length))] : undefined;
        return new ListValue([...a.items, ...b.items], spans);
      }
      if (typeof a === "string" || typeof b === "string") {
        return new OpProblem(EvalCode.wrongType, `cannot add ${typeName(a)} and ${typeName(b)}`, ['to build a string from other values, use interpolation: "${a}${b}"']);
      }
      return mismatch("+", a, b);
    case "-":
      if (typeof a === "number" && typeof b === "number") return intResult(a - b, "the difference");
      if (isNumber(a) && isNumber(b)) return new FloatValue(num(a) - num(b));
      if (quantities) return subtractQuantities(...quantities);
      return mismatch("-", a, b);
    case "*":
      if (typeof a === "number" && typeof b === "number") return intResult(a * b, "the product");
      if (isNumber(a) && isNumber(b)) return new FloatValue(num(a) * num(b));
      if (a instanceof Quantity && isNumber(b)) return multiplyQuantity(a, num(b)) ?? mismatch("*", a, b);
      if (isNumber(a) && b instanceof Quantity) return multiplyQuantity(b, num(a)) ?? mismatch("*", a, b);
      return mismatch("*", a, b);
    case "/":
    case "%": {
      if (!isNumber(a) || !isNumber(b)) return mismatch(op, a, b);
      if (num(b) === 0) {
        return new OpProblem(EvalCode.divisionByZero, op === "/" ? "division by zero" : "remainder of a division by zero", ["guard the divisor, e.g. `if n == 0 then 0 else total / n`"]);
      }
      if (typeof a === "number" && typeof b === "number") return op === "/" ? intResult(Math.trunc(a / b), "the quotient") : intResult(a % b, "the remainder");
      return new FloatValue(op === "/" ? num(a) / num(b) : num(a) % num(b));
    }
    default:
      return new OpProblem(EvalCode.wrongType, `the operator \`${op}\` is not applied here`);
  }
}

export function applyNegate(v: Value): Value | OpProblem {
  if (typeof v === "number") return v === 0 ? 0 : -v;
  if (v instanceof FloatValue) return new FloatValue(-v.value);
  if (v instanceof Quantity) return new Quantity(-v.units, v.scale, v.format);
  return new OpProblem(EvalCode.wrongType, `cannot negate ${typeName(v)}`);
}
