import { parseQuantity, type Quantity } from "../../schema/quantity.js";
import type { JsonValue } from "../../schema/json.js";

/** Resource quantities as whole numbers, rounded up as the kubelet rounds them (`250m` of memory is 1 byte). */

export function quantityOf(value: JsonValue | undefined): Quantity | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const parsed = parseQuantity(value);
  return parsed.ok ? parsed.quantity : undefined;
}

/** ceil(q × scale / divisor) for non-negative quantities, exactly. */
export function ceilRatio(q: Quantity, scale: bigint, divisor: Quantity = ONE): bigint {
  const numerator = q.numerator * scale * divisor.denominator;
  const denominator = q.denominator * divisor.numerator;
  if (denominator <= 0n || numerator <= 0n) return 0n;
  return (numerator + denominator - 1n) / denominator;
}

export function bytesOf(value: JsonValue | undefined): number | undefined {
  const q = quantityOf(value);
  return q === undefined ? undefined : Number(ceilRatio(q, 1n));
}

export function millisOf(value: JsonValue | undefined): number | undefined {
  const q = quantityOf(value);
  return q === undefined ? undefined : Number(ceilRatio(q, 1000n));
}

const ONE: Quantity = (() => {
  const parsed = parseQuantity("1");
  if (!parsed.ok) throw new Error("the quantity 1 does not parse");
  return parsed.quantity;
})();
