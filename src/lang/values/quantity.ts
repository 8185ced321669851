/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), exactly:
 * a decimal amount (no binary floating point) plus the format its suffix chose, rendered in
 * Kubernetes' canonical form (`1024Mi` → `1Gi`, `0.5` → `500m`, `1000` → `1k`, `1e3` → `1e3`).
 */
export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** The smallest unit Kubernetes keeps: amounts are rounded (away from zero) to nano units. */
const maxFractionDigits = 9;

const binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));

const quantityPattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|n|u|m|k|M|G|T|P|E)?$/;

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) {
    let v = pow10Cache[n];
    if (v === undefined) pow10Cache[n] = v = 10n ** BigInt(n);
    return v;
  }
  return 10n ** BigInt(n);
}

/** A quantity: `units / 10^scale` (scale 0..9), plus the format that decides how it prints. */
export class Quantity {
  private canonical: string | undefined;

  constructor(
    readonly units: bigint,
    readonly scale: number,
    readonly format: QuantityFormat,
  ) {}

  /** Kubernetes' canonical string: what `kubectl get -o yaml` shows and what mk emits. */
  toString(): string {
    return (this.canonical ??= canonicalString(this));
  }

  toNumber(): number {
    return Number(this.units) / 10 ** this.scale;
  }

  isZero(): boolean {
    return this.units === 0n;
  }
}

/** Parses `500m`, `512Mi`, `1.5Gi`, `1e3`, `2`; undefined when the text is not a quantity. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = quantityPattern.exec(text.trim());
  if (!m) return undefined;
  const [, sign, number, suffix = ""] = m;
  const [whole, fraction = ""] = number.split(".");
  let units = BigInt((whole === "" ? "0" : whole) + fraction);
  let scale = fraction.length;
  let format: QuantityFormat = "DecimalSI";
  if (/^[eE]./.test(suffix)) {
    format = "DecimalExponent";
    const exponent = Number(suffix.slice(1));
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) return undefined;
    scale -= exponent;
  } else if (suffix.endsWith("i")) {
    format = "BinarySI";
    const power = binarySuffixes.indexOf(suffix as (typeof binarySuffixes)[number]);
    units *= 1n << BigInt(10 * power);
  } else {
    scale -= decimalSuffixes[suffix];
  }
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  if (sign === "-") units = -units;
  return normalize(units, scale, format);
}

/** A quantity from an MKL number (an int, or a float written as decimal). */
export function quantityFromNumber(value: number): Quantity | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return normalize(BigInt(value), 0, "DecimalSI");
  // The shortest decimal that reads back as this float, the way a YAML/JSON reader would see it.
  const text = String(value);
  const q = parseQuantity(text);
  return q && text.includes("e") ? new Quantity(q.units, q.scale, "DecimalSI") : q;
}

/** Rounds to nano units (away from zero, as Kubernetes does) and drops trailing zero digits. */
function normalize(units: bigint, scale: number, format: QuantityFormat): Quantity {
  if (scale > maxFractionDigits) {
    const divisor = pow10(scale - maxFractionDigits);
    const q = units / divisor;
    const rounded = q * divisor === units ? q : units < 0n ? q - 1n : q + 1n;
    units = rounded;
    scale = maxFractionDigits;
  }
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return new Quantity(units, scale, format);
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sum; the result keeps the left operand's format (Kubernetes' `Add`), unless the left is zero. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a, b);
  return normalize(x + y, scale, a.isZero() ? b.format : a.format);
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a, b);
  return normalize(x - y, scale, a.isZero() ? b.format : a.format);
}

/** `q * factor` for an int or float factor; the product is exact, then rounded to nano units. */
export function multiplyQuantity(q: Quantity, factor: number): Quantity | undefined {
  const f = quantityFromNumber(factor);
  if (f === undefined) return undefined;
  return normalize(q.units * f.units, q.scale + f.scale, q.format);
}

function canonicalString(q: Quantity): string {
  if (q.units === 0n) return "0";
  let format = q.format;
  if (format === "BinarySI") {
    // Kubernetes prints small or fractional binary amounts in decimal, to avoid rounding.
    const integral = q.scale === 0;
    const small = q.units > -1024n * pow10(q.scale) && q.units < 1024n * pow10(q.scale);
    if (small || !integral) format = "DecimalSI";
  }
  if (format === "BinarySI") {
    let units = q.units;
    let power = 0;
    while (power < binarySuffixes.length - 1 && units % 1024n === 0n) {
      units /= 1024n;
      power++;
    }
    return `${units}${binarySuffixes[power]}`;
  }
  // Decimal: mantissa × 10^exponent with the exponent a multiple of 3 and as large as possible.
  let units = q.units;
  let exponent = -q.scale;
  while (units % 10n === 0n) {
    units /= 10n;
    exponent++;
  }
  let e3 = Math.floor(exponent / 3) * 3;
  if (format === "DecimalSI" && e3 > 18) e3 = 18;
  const mantissa = units * pow10(exponent - e3);
  if (format === "DecimalExponent") return e3 === 0 ? `${mantissa}` : `${mantissa}e${e3}`;
  return `${mantissa}${decimalSuffixByExponent.get(e3) ?? ""}`;
}
