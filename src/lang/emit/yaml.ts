import { formatFloat } from "../values/describe.js";
import { Quantity } from "../values/quantity.js";
import { FloatValue, FunctionValue, ListValue, ModuleValue, RecordValue, type Value } from "../values/value.js";
import { objectFieldOrder } from "./key-order.js";
import { doubleQuoted, literalBlockHeader, yamlScalarString } from "./scalar-style.js";

/**
 * A small direct YAML writer (the compile hot path: a general-purpose YAML library is far too
 * slow for ten thousand objects). Block style, two-space indentation, sequences indented under
 * their key, no anchors or aliases, `{}`/`[]` for empty collections, multi-line strings as literal
 * blocks. Record fields whose value is null are left out (null means "absent" in MKL output, as in
 * Kubernetes). Quantities print as their canonical strings. The output is a function of the value
 * alone, so the same input gives byte-identical output.
 */
export function emitYamlDocuments(documents: readonly Value[]): string {
  let out = "";
  for (let i = 0; i < documents.length; i++) {
    if (i > 0) out += "---\n";
    out += emitYamlDocument(documents[i], true);
  }
  return out;
}

/**
 * One YAML document (no `---`). With `kubernetesOrder`, a top-level record shows apiVersion,
 * kind, metadata and spec first; otherwise fields keep their source order.
 */
export function emitYamlDocument(value: Value, kubernetesOrder = false): string {
  if (value instanceof RecordValue && hasEmittedField(value)) {
    return writeMapping(value, "", false, kubernetesOrder ? objectFieldOrder(value) : undefined);
  }
  if (value instanceof ListValue && value.items.length > 0) return writeSequence(value, "", false);
  if (typeof value === "string" && value.includes("\n")) {
    const header = literalBlockHeader(value);
    if (header) return `${header}\n${indentLines(value, "  ")}`;
  }
  return `${scalar(value)}\n`;
}

function writeMapping(record: RecordValue, indent: string, firstInline: boolean, order?: number[]): string {
  let out = "";
  let first = true;
  const n = order ? order.length : record.keys.length;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j] : j;
    const value = record.values[i];
    if (value === null || isFunctionLike(value)) continue;
    out += first && firstInline ? "" : indent;
    first = false;
    out += yamlScalarString(record.keys[i]);
    out += ":";
    out += writeValueAfterIndicator(value, indent);
  }
  return out;
}

function writeSequence(list: ListValue, indent: string, firstInline: boolean): string {
  let out = "";
  const items = list.items;
  for (let i = 0; i < items.length; i++) {
    out += i === 0 && firstInline ? "-" : `${indent}-`;
    const item = items[i];
    // Non-empty collections start on the `-` line: `- name: x`, `- - a`.
    if (item instanceof RecordValue && hasEmittedField(item)) out += ` ${writeMapping(item, `${indent}  `, true)}`;
    else if (item instanceof ListValue && item.items.length > 0) out += ` ${writeSequence(item, `${indent}  `, true)}`;
    else out += writeValueAfterIndicator(item === undefined || isFunctionLike(item) ? null : item, indent);
  }
  return out;
}

/** The rest of a line after `key:` or `-`, and any lines below it. */
function writeValueAfterIndicator(value: Value, indent: string): string {
  if (typeof value === "string") {
    if (value.includes("\n")) {
      const header = literalBlockHeader(value);
      if (header) return ` ${header}\n${indentLines(value, `${indent}  `)}`;
      return ` ${doubleQuoted(value)}\n`;
    }
    return ` ${yamlScalarString(value)}\n`;
  }
  if (value instanceof RecordValue) {
    if (!hasEmittedField(value)) return " {}\n";
    return `\n${writeMapping(value, `${indent}  `, false)}`;
  }
  if (value instanceof ListValue) {
    if (value.items.length === 0) return " []\n";
    return `\n${writeSequence(value, `${indent}  `, false)}`;
  }
  return ` ${scalar(value)}\n`;
}

function indentLines(text: string, indent: string): string {
  let out = "";
  let start = 0;
  const end = text.endsWith("\n") ? text.length - 1 : text.length;
  while (start <= end) {
    let nl = text.indexOf("\n", start);
    if (nl < 0 || nl > end) nl = end;
    const line = text.slice(start, nl);
    out += line === "" ? "\n" : `${indent}${line}\n`;
    start = nl + 1;
  }
  return out;
}

function scalar(value: Value): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return yamlScalarString(value);
    case "number":
      return Object.is(value, -0) ? "0" : String(value);
    case "boolean":
      return value ? "true" : "false";
  }
  if (value instanceof Quantity) return yamlScalarString(value.toString());
  if (value instanceof FloatValue) return yamlFloat(value.value);
  if (value instanceof RecordValue) return "{}";
  if (value instanceof ListValue) return "[]";
  return "null";
}

function yamlFloat(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  return formatFloat(n);
}

function hasEmittedField(record: RecordValue): boolean {
  for (const v of record.values) if (v !== null && !isFunctionLike(v)) return true;
  return false;
}

/** Functions and modules are not data; the evaluator refuses to emit them, so this is only a safeguard. */
function isFunctionLike(value: Value): boolean {
  return value instanceof FunctionValue || value instanceof ModuleValue;
}
