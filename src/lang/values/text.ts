import { emitJson } from "../emit/json.js";
import { formatFloat } from "./describe.js";
import { Quantity } from "./quantity.js";
import { FloatValue, FunctionValue, ListValue, ModuleValue, RecordValue, type Value } from "./value.js";

/**
 * The text a value contributes to a string interpolation `"${v}"`: strings as they are, numbers in
 * decimal (floats keep a decimal point), quantities canonical (`1Gi`), `true`/`false`, `null`;
 * lists and records as compact JSON.
 */
export function interpolationText(v: Value): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return Object.is(v, -0) ? "0" : String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null) return "null";
  if (v instanceof Quantity) return v.toString();
  if (v instanceof FloatValue) return formatFloat(v.value);
  if (v instanceof ListValue || v instanceof RecordValue) return emitJson(v, { indent: 0 });
  if (v instanceof FunctionValue) return `<fn ${v.name}>`;
  if (v instanceof ModuleValue) return `<module ${v.name}>`;
  return "";
}
