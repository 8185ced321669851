/**
 * Classifies a number token's image: int, float, Kubernetes quantity, or a mistake with a
 * helpful message (`512MB`, `1e3m`, `0x1F`).
 */
import type { QuantitySuffix } from "../ast.js";
import { suggestName } from "../../diag/suggest.js";

export const quantitySuffixes: readonly QuantitySuffix[] = ["m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const suffixSet: ReadonlySet<string> = new Set(quantitySuffixes);

export type NumberClass =
  | { kind: "Int"; value: number }
  | { kind: "Float"; value: number }
  | { kind: "Quantity"; amount: string; suffix: QuantitySuffix }
  | { kind: "Invalid"; message: string; help: string[] };

export function classifyNumber(image: string): NumberClass {
  let i = 0;
  while (i < image.length && image.charCodeAt(i) >= 48 && image.charCodeAt(i) <= 57) i++;
  let isFloat = false;
  let hasExponent = false;
  if (image[i] === "." && /[0-9]/.test(image[i + 1] ?? "")) {
    isFloat = true;
    i += 2;
    while (i < image.length && /[0-9]/.test(image[i])) i++;
  }
  if ((image[i] === "e" || image[i] === "E") && /^[eE][+-]?[0-9]/.test(image.slice(i))) {
    isFloat = true;
    hasExponent = true;
    i += image[i + 1] === "+" || image[i + 1] === "-" ? 2 : 1;
    while (i < image.length && /[0-9]/.test(image[i])) i++;
  }
  const amount = image.slice(0, i);
  const suffix = image.slice(i);
  if (suffix === "") {
    const value = Number(amount);
    if (!isFloat && !Number.isSafeInteger(value)) {
      return { kind: "Invalid", message: `integer \`${image}\` is too large`, help: ["integers must be between -(2^53-1) and 2^53-1; write a float (`1.0e20`) or a string"] };
    }
    return isFloat ? { kind: "Float", value } : { kind: "Int", value };
  }
  if (suffixSet.has(suffix)) {
    if (hasExponent) {
      return { kind: "Invalid", message: `a quantity cannot have both an exponent and a suffix (\`${image}\`)`, help: ["write either `1e3` or `1k`"] };
    }
    return { kind: "Quantity", amount, suffix: suffix as QuantitySuffix };
  }
  const help: string[] = [];
  const upper = suffix.toUpperCase();
  if (upper === "KB" || upper === "MB" || upper === "GB" || upper === "TB" || upper === "PB" || upper === "EB") {
    const binary = `${upper[0] === "K" ? "K" : upper[0]}i`;
    help.push(`Kubernetes quantities use \`${binary}\` (powers of 1024) or \`${upper[0] === "K" ? "k" : upper[0]}\` (powers of 1000), e.g. \`512${binary}\``);
  } else {
    const close = suggestName(suffix, quantitySuffixes);
    if (close) help.push(`did you mean \`${amount}${close}\`?`);
    help.push("quantity suffixes are `m k M G T P E Ki Mi Gi Ti Pi Ei`; put a space between a number and a name");
  }
  return { kind: "Invalid", message: `invalid number \`${image}\`: unknown suffix \`${suffix}\``, help };
}
