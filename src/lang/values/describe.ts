import { FloatValue, FunctionValue, ListValue, ModuleValue, RecordValue, type Value } from "./value.js";
import { Quantity } from "./quantity.js";

/** The MKL type name of a value, for messages: `int`, `[...]`, `WebApp`. */
export function typeName(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
      return "int";
    case "boolean":
      return "bool";
  }
  if (v instanceof FloatValue) return "float";
  if (v instanceof Quantity) return "quantity";
  if (v instanceof ListValue) return "list";
  if (v instanceof RecordValue) return v.schema ? v.schema.name : "record";
  if (v instanceof FunctionValue) return "function";
  if (v instanceof ModuleValue) return "module";
  return "value";
}

/** How many characters of a value a message shows before cutting it short. */
const maxShown = 60;

/** A value as MKL would write it, shortened for messages: `0`, `"web"`, `[1, 2, 3]`, `{ name: "x", ... }`. */
export function showValue(v: Value, limit = maxShown): string {
  const text = show(v, limit);
  return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}

function show(v: Value, budget: number): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof FloatValue) return formatFloat(v.value);
  if (v instanceof Quantity) return v.toString();
  if (v instanceof ListValue) {
    const parts: string[] = [];
    let used = 2;
    for (const item of v.items) {
      if (used > budget) {
        parts.push("...");
        break;
      }
      const s = show(item, budget - used);
      parts.push(s);
      used += s.length + 2;
    }
    return `[${parts.join(", ")}]`;
  }
  if (v instanceof RecordValue) {
    const parts: string[] = [];
    let used = 4;
    for (let i = 0; i < v.keys.length; i++) {
      if (used > budget) {
        parts.push("...");
        break;
      }
      const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.keys[i]) ? v.keys[i] : JSON.stringify(v.keys[i]);
      const s = `${key}: ${show(v.values[i], budget - used)}`;
      parts.push(s);
      used += s.length + 2;
    }
    const prefix = v.schema ? `${v.schema.name} ` : "";
    return parts.length === 0 ? `${prefix}{}` : `${prefix}{ ${parts.join(", ")} }`;
  }
  if (v instanceof FunctionValue) return `fn ${v.name}`;
  if (v instanceof ModuleValue) return `module ${v.name}`;
  return "?";
}

/** A float as MKL writes it: always with a decimal point or exponent, so it reads back as a float. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  const s = String(n);
  if (/[.eE]/.test(s)) return s.includes("e") && !s.includes(".") ? s.replace("e", ".0e") : s;
  return `${s}.0`;
}
