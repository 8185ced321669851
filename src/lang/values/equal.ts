import { FloatValue, ListValue, RecordValue, type Value } from "./value.js";
import { compareQuantities, Quantity } from "./quantity.js";

/**
 * Structural equality (`==`). Ints and floats compare by number (`1 == 1.0`), quantities by amount
 * (`1Gi == 1024Mi`), records by their fields regardless of order, lists item by item.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const an = numeric(a);
  if (an !== undefined) {
    const bn = numeric(b);
    return bn !== undefined && an === bn;
  }
  if (a instanceof Quantity) return b instanceof Quantity && compareQuantities(a, b) === 0;
  if (a instanceof ListValue) {
    if (!(b instanceof ListValue) || a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!valuesEqual(a.items[i], b.items[i])) return false;
    return true;
  }
  if (a instanceof RecordValue) {
    if (!(b instanceof RecordValue) || a.size !== b.size) return false;
    for (let i = 0; i < a.keys.length; i++) {
      const other = b.get(a.keys[i]);
      if (other === undefined || !valuesEqual(a.values[i], other)) return false;
    }
    return true;
  }
  return false;
}

function numeric(v: Value): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof FloatValue) return v.value;
  return undefined;
}

/**
 * Ordering for `<`, sort, min and max: numbers with numbers, strings with strings (by UTF-16 code
 * units, so the result never depends on a locale), quantities with quantities. Undefined when the
 * two values are not comparable.
 */
export function compareValues(a: Value, b: Value): number | undefined {
  const an = numeric(a);
  if (an !== undefined) {
    const bn = numeric(b);
    if (bn === undefined) return undefined;
    return an < bn ? -1 : an > bn ? 1 : 0;
  }
  if (typeof a === "string") {
    if (typeof b !== "string") return undefined;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (a instanceof Quantity) return b instanceof Quantity ? compareQuantities(a, b) : undefined;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  return undefined;
}
