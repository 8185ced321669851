import { formatFloat } from "../values/describe.js";
import { Quantity } from "../values/quantity.js";
import { FloatValue, FunctionValue, ListValue, ModuleValue, RecordValue, type Value } from "../values/value.js";
import { objectFieldOrder } from "./key-order.js";
import { doubleQuoted, isPlainSafe, literalBlockHeader, yamlScalarString } from "./scalar-style.js";

/**
 * A small direct YAML writer (the compile hot path: a general-purpose YAML library is far too
 * slow for ten thousand objects). Block style, two-space indentation, sequences indented under
 * their key, no anchors or aliases, `{}`/`[]` for empty collections, multi-line strings as literal
 * blocks. Record fields whose value is null are left out (null means "absent" in MKL output, as in
 * Kubernetes). Quantities print as their canonical strings. The output is a function of the value
 * alone, so the same input gives byte-identical output.
 *
 * Each document's pieces are collected in an array and joined once: far cheaper than growing a
 * string with `+=`, which leaves a rope of millions of nodes for the garbage collector.
 */
export function emitYamlDocuments(documents: readonly Value[]): string {
  const texts: string[] = new Array(documents.length);
  for (let i = 0; i < documents.length; i++) {
    const w: string[] = [];
    writeDocument(w, documents[i], true);
    texts[i] = w.join("");
  }
  return texts.join("---\n");
}

/**
 * One YAML document (no `---`). With `kubernetesOrder`, a top-level record shows apiVersion,
 * kind, metadata and spec first; otherwise fields keep their source order.
 */
export function emitYamlDocument(value: Value, kubernetesOrder = false): string {
  const w: string[] = [];
  writeDocument(w, value, kubernetesOrder);
  return w.join("");
}

function writeDocument(w: string[], value: Value, kubernetesOrder: boolean): void {
  if (value instanceof RecordValue && hasEmittedField(value)) {
    writeMapping(w, value, 0, false, kubernetesOrder ? objectFieldOrder(value) : undefined);
    return;
  }
  if (value instanceof ListValue && value.items.length > 0) {
    writeSequence(w, value, 0, false);
    return;
  }
  if (typeof value === "string" && value.includes("\n")) {
    const header = literalBlockHeader(value);
    if (header) {
      w.push(header, "\n");
      writeLines(w, value, 1);
      return;
    }
  }
  w.push(scalar(value), "\n");
}

const indents: string[] = [""];

function indent(level: number): string {
  let s = indents[level];
  if (s === undefined) {
    for (let i = indents.length; i <= level; i++) indents[i] = "  ".repeat(i);
    s = indents[level];
  }
  return s;
}

/**
 * The text that starts a line and what may follow it on the same line, in the two forms the
 * writer needs: `key:` alone is never written, only `key: ` before a scalar and `key:\n` before a
 * nested block, so each line costs one piece fewer (the pieces are what the final join walks).
 */
interface LineHead {
  /** Followed by a value on the same line: `key: `, `- `. */
  readonly spaced: string;
  /** Followed by a block on the next lines: `key:\n`, `-\n`. */
  readonly newline: string;
}

function lineHead(text: string): LineHead {
  return { spaced: `${text} `, newline: `${text}\n` };
}

const dashes: LineHead[] = [];

/** `-` at an indentation level (cached: one per level, not one per sequence item). */
function dash(level: number): LineHead {
  return (dashes[level] ??= lineHead(`${indent(level)}-`));
}

/**
 * `key:` as written at each indentation level, computed once per key: the same field names recur
 * in every object, so quoting decisions and indentation are not redone for each of them.
 */
const keyHeads = new Map<string, LineHead[]>();
function keyHead(key: string, level: number): LineHead {
  let byLevel = keyHeads.get(key);
  if (byLevel === undefined) {
    byLevel = [];
    if (keyHeads.size < 10_000) keyHeads.set(key, byLevel);
  }
  return (byLevel[level] ??= lineHead(`${indent(level)}${yamlScalarString(key)}:`));
}

const inlineDash = lineHead("-");

function writeMapping(w: string[], record: RecordValue, level: number, firstInline: boolean, order?: number[]): void {
  const keys = record.keys;
  const values = record.values;
  let first = true;
  const n = order ? order.length : keys.length;
  for (let j = 0; j < n; j++) {
    const i = order ? order[j] : j;
    const value = values[i];
    if (!isEmitted(value)) continue;
    writeAfterIndicator(w, first && firstInline ? keyHead(keys[i], 0) : keyHead(keys[i], level), value, level);
    first = false;
  }
}

function writeSequence(w: string[], list: ListValue, level: number, firstInline: boolean): void {
  const items = list.items;
  for (let i = 0; i < items.length; i++) {
    const head = i === 0 && firstInline ? inlineDash : dash(level);
    const item = items[i];
    // Non-empty collections start on the `-` line: `- name: x`, `- - a`.
    if (item instanceof RecordValue && hasEmittedField(item)) {
      w.push(head.spaced);
      writeMapping(w, item, level + 1, true);
    } else if (item instanceof ListValue && item.items.length > 0) {
      w.push(head.spaced);
      writeSequence(w, item, level + 1, true);
    } else {
      writeAfterIndicator(w, head, isEmitted(item) ? item : null, level);
    }
  }
}

/** A line that starts with `key:` or `-` (`head`): the rest of it, and any lines below it. */
function writeAfterIndicator(w: string[], head: LineHead, value: Value, level: number): void {
  if (typeof value === "string") {
    // Most strings are plain; a plain string has no line break, so only the others are looked at twice.
    if (isPlainSafe(value)) {
      w.push(head.spaced, value, "\n");
      return;
    }
    const header = literalBlockHeader(value);
    if (header) {
      w.push(head.spaced, header, "\n");
      writeLines(w, value, level + 1);
      return;
    }
    w.push(head.spaced, doubleQuoted(value), "\n");
    return;
  }
  if (value instanceof RecordValue) {
    if (!hasEmittedField(value)) {
      w.push(head.spaced, "{}\n");
      return;
    }
    w.push(head.newline);
    writeMapping(w, value, level + 1, false);
    return;
  }
  if (value instanceof ListValue) {
    if (value.items.length === 0) {
      w.push(head.spaced, "[]\n");
      return;
    }
    w.push(head.newline);
    writeSequence(w, value, level + 1, false);
    return;
  }
  w.push(head.spaced, scalar(value), "\n");
}

/** The lines of a literal block, indented; empty lines stay empty. */
function writeLines(w: string[], text: string, level: number): void {
  const pad = indent(level);
  let start = 0;
  const end = text.endsWith("\n") ? text.length - 1 : text.length;
  while (start <= end) {
    let nl = text.indexOf("\n", start);
    if (nl < 0 || nl > end) nl = end;
    const line = text.slice(start, nl);
    if (line === "") w.push("\n");
    else w.push(pad, line, "\n");
    start = nl + 1;
  }
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
  if (value instanceof Quantity) return quantityText(value);
  if (value instanceof FloatValue) return yamlFloat(value.value);
  if (value instanceof RecordValue) return "{}";
  if (value instanceof ListValue) return "[]";
  return "null";
}

/**
 * A quantity as written: its canonical string, quoted if it reads as a number (`"8"`). The same few
 * quantity values recur in every object (a literal `100m` is one shared value), so each is judged once.
 */
const quantityTexts = new WeakMap<Quantity, string>();
function quantityText(q: Quantity): string {
  let text = quantityTexts.get(q);
  if (text === undefined) quantityTexts.set(q, (text = yamlScalarString(q.toString())));
  return text;
}

function yamlFloat(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  return formatFloat(n);
}

/**
 * Whether a value is printed: not null, not a function or module. Scalars, the common case, are
 * decided without an `instanceof`.
 */
function isEmitted(value: Value): boolean {
  if (value === null) return false;
  return typeof value !== "object" || !(value instanceof FunctionValue || value instanceof ModuleValue);
}

/** Whether a record prints as a mapping (some field is neither null nor a function) or as `{}`. */
function hasEmittedField(record: RecordValue): boolean {
  const values = record.values;
  for (let i = 0; i < values.length; i++) if (isEmitted(values[i])) return true;
  return false;
}
