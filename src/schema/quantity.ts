/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`), parsed exactly so that validation can
 * compare a request with its limit without floating-point surprises. The value is kept as a
 * fraction of two bigints; `0.1Gi` and `107374182.4` compare equal.
 *
 * Grammar (k8s.io/apimachinery/pkg/api/resource):
 *   quantity ::= sign? digits ('.' digits?)? suffix | sign? '.' digits suffix
 *   suffix   ::= '' | Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | k | M | G | T | P | E | (e|E) sign? digits
 */

export interface Quantity {
  /** The text as written, e.g. "500m". */
  readonly text: string;
  /** Exact value = numerator / denominator; the denominator is always positive. */
  readonly numerator: bigint;
  readonly denominator: bigint;
  /**
   * The value in thousandths when that is a whole number within JavaScript's safe integers (true
   * of nearly every CPU and memory quantity): compared as plain numbers, since bigint arithmetic
   * is slow and a request is compared with its limit in every container.
   */
  readonly milli: number | undefined;
}

export type QuantityParse = { ok: true; quantity: Quantity } | { ok: false; error: string };

const binarySuffixes: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

/** Decimal SI suffixes as powers of ten. */
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const numberPattern = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

const formatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * Parses a quantity from its YAML/JSON form. JSON numbers are accepted as the apiserver does
 * (`cpu: 1`, `cpu: 0.5`).
 */
export function parseQuantity(value: string | number): QuantityParse {
  // The same few quantities (`100m`, `128Mi`) recur in every container: parse each text once.
  const cached = parsedQuantities.get(value);
  if (cached) return cached;
  const parsed = computeQuantity(value);
  if (parsedQuantities.size >= parsedQuantitiesLimit) parsedQuantities.clear();
  parsedQuantities.set(value, parsed);
  return parsed;
}

const parsedQuantities = new Map<string | number, QuantityParse>();
const parsedQuantitiesLimit = 10_000;

function computeQuantity(value: string | number): QuantityParse {
  const text = typeof value === "number" ? numberText(value) : value;
  if (text === undefined) return { ok: false, error: formatError };
  const match = numberPattern.exec(text);
  if (!match) return { ok: false, error: formatError };
  const [, sign, whole, fraction = "", suffix] = match;
  if (whole.length === 0 && fraction.length === 0) return { ok: false, error: formatError };
  let numerator = BigInt(`${whole}${fraction}` || "0");
  let denominator = 10n ** BigInt(fraction.length);
  const scale = suffixScale(suffix);
  if (scale === undefined) return { ok: false, error: `unknown quantity suffix \`${suffix}\`; use one of Ki Mi Gi Ti Pi Ei (powers of 1024), n u m k M G T P E (powers of 1000), or an exponent like e3` };
  if (scale.kind === "binary") numerator *= scale.factor;
  else if (scale.exponent >= 0) numerator *= 10n ** BigInt(scale.exponent);
  else denominator *= 10n ** BigInt(-scale.exponent);
  if (sign === "-") numerator = -numerator;
  return { ok: true, quantity: { text, numerator, denominator, milli: exactMilli(numerator, denominator) } };
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

function exactMilli(numerator: bigint, denominator: bigint): number | undefined {
  const scaled = numerator * 1000n;
  if (scaled % denominator !== 0n) return undefined;
  const milli = scaled / denominator;
  return milli <= maxSafe && milli >= -maxSafe ? Number(milli) : undefined;
}

function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  // JSON numbers like 1e+21 keep their exponent form, which the quantity grammar accepts.
  return String(value);
}

type Scale = { kind: "binary"; factor: bigint } | { kind: "decimal"; exponent: number };

function suffixScale(suffix: string): Scale | undefined {
  if (suffix in binarySuffixes) return { kind: "binary", factor: binarySuffixes[suffix] };
  if (suffix in decimalSuffixes) return { kind: "decimal", exponent: decimalSuffixes[suffix] };
  const exponent = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (exponent) {
    const power = Number(exponent[1]);
    // The apiserver caps exponents far below this; a sane bound keeps bigint powers small.
    if (Math.abs(power) > 1000) return undefined;
    return { kind: "decimal", exponent: power };
  }
  return undefined;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.milli !== undefined && b.milli !== undefined) return a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0;
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function quantitySign(q: Quantity): number {
  return q.numerator < 0n ? -1 : q.numerator > 0n ? 1 : 0;
}

export function isWholeNumber(q: Quantity): boolean {
  return q.numerator % q.denominator === 0n;
}

/** An approximate number, for messages and arithmetic that does not need exactness. */
export function quantityToNumber(q: Quantity): number {
  return Number(q.numerator) / Number(q.denominator);
}
