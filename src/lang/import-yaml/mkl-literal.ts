import { formatFloat } from "../values/describe.js";
import { Quantity } from "../values/quantity.js";
import { FloatValue, ListValue, RecordValue, type Value } from "../values/value.js";

/** Lines longer than this are broken (records and lists go multi-line). */
const maxInline = 80;

/**
 * MKL source for a value: a literal that evaluates to exactly that value. Records and lists that
 * fit on a line stay inline (`{ app: "web" }`), others are one field or item per line; strings
 * with line breaks use `"""` blocks; field names that are not identifiers are quoted.
 */
export function mklLiteral(value: Value, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "string") return stringLiteral(value, indent);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof FloatValue) return formatFloat(value.value);
  if (value instanceof Quantity) return JSON.stringify(value.toString());
  if (value instanceof ListValue) {
    if (value.items.length === 0) return "[]";
    const inline = `[${value.items.map((v) => mklLiteral(v, indent)).join(", ")}]`;
    if (!inline.includes("\n") && inline.length + indent.length <= maxInline && value.items.every(isScalar)) return inline;
    const inner = `${indent}  `;
    return `[\n${value.items.map((v) => `${inner}${mklLiteral(v, inner)}`).join("\n")}\n${indent}]`;
  }
  if (value instanceof RecordValue) return recordBody(value, indent);
  return "null";
}

/** `{ ... }` for a record, inline when short and flat. */
export function recordBody(record: RecordValue, indent: string): string {
  if (record.size === 0) return "{}";
  const fields = record.keys.map((k, i) => `${fieldName(k)}: ${mklLiteral(record.values[i], `${indent}  `)}`);
  const inline = `{ ${fields.join(", ")} }`;
  if (!inline.includes("\n") && inline.length + indent.length <= maxInline && record.values.every(isScalar)) return inline;
  const inner = `${indent}  `;
  return `{\n${fields.map((f) => `${inner}${f}`).join("\n")}\n${indent}}`;
}

function isScalar(v: Value): boolean {
  return !(v instanceof ListValue || v instanceof RecordValue);
}

/** A field name as MKL writes it: bare when it is an identifier (keywords are fine), else quoted. */
export function fieldName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : stringLiteral(name, "");
}

/** A string literal: `"..."` with escapes, or a `"""` block for text with line breaks. */
export function stringLiteral(s: string, indent: string): string {
  if (s.includes("\n") && canBeBlock(s)) {
    const inner = `${indent}  `;
    const lines = s.split("\n").map((line) => (line === "" ? "" : `${inner}${escapeText(line, true)}`));
    return `"""\n${lines.join("\n")}\n${inner}"""`;
  }
  return `"${escapeText(s, false)}"`;
}

function canBeBlock(s: string): boolean {
  // Carriage returns and other controls are clearer escaped; a line of only blanks would lose them.
  return !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s) && !s.split("\n").some((line) => line !== "" && line.trim() === "");
}

function escapeText(s: string, block: boolean): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += block ? '"' : '\\"';
    else if (ch === "$") out += "\\$";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += block ? "\t" : "\\t";
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029) out += `\\u{${c.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  // `"""` cannot appear raw inside a block.
  return block ? out.replace(/"""/g, '\\"""') : out;
}
