/**
 * The body of an object in the terminal rendering, laid out as Terraform lays out resources:
 * a symbol column (`+`, `-`, `~`), four more spaces per level, `key = value`, `old -> new`,
 * heredocs for multi-line strings, `# (N unchanged fields hidden)`, `# forces replacement`.
 */
import type { FieldPath } from "../../diag/span.js";
import { isJsonObject, type JsonValue } from "../../schema/json.js";
import { splitLines } from "../diff/diff-text.js";
import { changeSymbol, type LineChange, type ListItemChange, type MapEntryChange, type ValueChange } from "../diff/value-change.js";
import { isSensitivePath, SENSITIVE_VALUE } from "../mask.js";
import { visibleLines } from "./text-context.js";
import { hiddenCount, keyText } from "./wording.js";

export type DiffSymbol = "+" | "-" | "~" | " " | "-/+";

export interface BodyWriter {
  kind: string;
  /** Paints a symbol (colour on a terminal). */
  paint(symbol: DiffSymbol): string;
  lines: string[];
}

function symbolColumn(depth: number): number {
  return 2 + 4 * depth;
}

export function symbolLine(w: BodyWriter, depth: number, symbol: DiffSymbol, text: string): void {
  const pad = symbolColumn(depth) - (symbol.length - 1);
  w.lines.push(`${" ".repeat(Math.max(0, pad))}${w.paint(symbol)} ${text}`.trimEnd());
}

/** A line at the text column of `depth`: closing brackets, comments. */
export function textLine(w: BodyWriter, depth: number, text: string): void {
  w.lines.push(`${" ".repeat(symbolColumn(depth) + 2)}${text}`);
}

export function formatKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}

function formatScalar(w: BodyWriter, value: JsonValue, path: FieldPath): string {
  if (isSensitivePath(w.kind, path) && path.length >= 2) return SENSITIVE_VALUE;
  return JSON.stringify(value);
}

function comment(notes: string[]): string {
  return notes.length > 0 ? ` # ${notes.join("; ")}` : "";
}

/** The entries of a map at `depth`; unchanged ones are hidden and counted (except `show`). */
export function writeEntries(w: BodyWriter, entries: readonly MapEntryChange[], depth: number, path: FieldPath, show?: ReadonlySet<string>): void {
  let hidden = 0;
  for (const entry of entries) {
    if (entry.change.type === "same" && !show?.has(entry.key)) {
      hidden++;
      continue;
    }
    writeChange(w, `${formatKey(entry.key)} = `, entry.change, depth, [...path, entry.key], entry.forcesReplacement ? ["forces replacement"] : []);
  }
  if (hidden > 0) textLine(w, depth, `# ${hiddenCount(hidden, "field")}`);
}

/** A change at `depth`; `suffix` ends the value (`,` for list items), before any comment. */
export function writeChange(w: BodyWriter, label: string, change: ValueChange, depth: number, path: FieldPath, notes: string[], suffix = ""): void {
  switch (change.type) {
    case "same":
      writeValue(w, " ", label, change.value, depth, path, notes, suffix);
      return;
    case "added":
      writeValue(w, "+", label, change.value, depth, path, notes, suffix);
      return;
    case "removed":
      writeValue(w, "-", label, change.value, depth, path, notes, suffix);
      return;
    case "scalar":
      if (isSensitivePath(w.kind, path) && path.length >= 2) {
        symbolLine(w, depth, "~", `${label}${SENSITIVE_VALUE}${suffix}${comment(notes)}`);
      } else if (isJsonObject(change.before) || Array.isArray(change.before) || isJsonObject(change.after) || Array.isArray(change.after)) {
        writeValue(w, "-", label, change.before, depth, path, notes, suffix);
        writeValue(w, "+", label, change.after, depth, path, [], suffix);
      } else {
        symbolLine(w, depth, "~", `${label}${formatScalar(w, change.before, path)} -> ${formatScalar(w, change.after, path)}${suffix}${comment(notes)}`);
      }
      return;
    case "text":
      symbolLine(w, depth, "~", `${label}<<-EOT${comment(notes)}`);
      writeTextLines(w, change.lines, depth + 1);
      textLine(w, depth, `EOT${suffix}`);
      return;
    case "map":
      symbolLine(w, depth, changeSymbol(change), `${label}{${comment(notes)}`);
      writeEntries(w, change.entries, depth + 1, path);
      textLine(w, depth, `}${suffix}`);
      return;
    case "list":
      symbolLine(w, depth, changeSymbol(change), `${label}[${comment(notes)}`);
      writeItems(w, change.items, depth + 1, path);
      textLine(w, depth, `]${suffix}`);
      return;
  }
}

function writeItems(w: BodyWriter, items: readonly ListItemChange[], depth: number, path: FieldPath): void {
  let hidden = 0;
  for (const item of items) {
    const index = item.afterIndex ?? item.beforeIndex ?? 0;
    const notes: string[] = [];
    if (item.moved) notes.push(`moved from index ${item.beforeIndex} to ${item.afterIndex}`);
    if (item.renamedFrom) notes.push(`renamed from ${keyText(item.renamedFrom)}`);
    if (item.forcesReplacement) notes.push("forces replacement");
    const itemPath = [...path, index];
    const change = item.change;
    if (change.type === "same" && !item.moved) {
      hidden++;
      continue;
    }
    const keys = new Set(Object.keys(item.key ?? {}));
    if (change.type === "same" && isJsonObject(change.value)) {
      // Moved but otherwise unchanged: its key and a count.
      symbolLine(w, depth, "~", `{${comment(notes)}`);
      const shown = [...keys].sort();
      for (const key of shown) writeValue(w, " ", `${formatKey(key)} = `, change.value[key], depth + 1, [...itemPath, key], []);
      const rest = Object.keys(change.value).length - shown.length;
      if (rest > 0) textLine(w, depth + 1, `# ${hiddenCount(rest, "field")}`);
      textLine(w, depth, "},");
      continue;
    }
    if (change.type === "map") {
      symbolLine(w, depth, item.moved || item.renamedFrom ? "~" : changeSymbol(change), `{${comment(notes)}`);
      writeEntries(w, change.entries, depth + 1, itemPath, keys);
      textLine(w, depth, "},");
      continue;
    }
    writeChange(w, "", change, depth, itemPath, notes, ",");
  }
  if (hidden > 0) textLine(w, depth, `# ${hiddenCount(hidden, "element")}`);
}

/** A whole value with one symbol: created, destroyed, or shown for context. */
export function writeValue(w: BodyWriter, symbol: DiffSymbol, label: string, value: JsonValue, depth: number, path: FieldPath, notes: string[], suffix = ""): void {
  if (isSensitivePath(w.kind, path) && path.length >= 2) {
    symbolLine(w, depth, symbol, `${label}${SENSITIVE_VALUE}${suffix}${comment(notes)}`);
    return;
  }
  if (typeof value === "string" && value.includes("\n")) {
    symbolLine(w, depth, symbol, `${label}<<-EOT${comment(notes)}`);
    for (const line of splitLines(value)) w.lines.push(`${" ".repeat(symbolColumn(depth) + 6)}${line}`.trimEnd());
    textLine(w, depth, `EOT${suffix}`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      symbolLine(w, depth, symbol, `${label}[]${suffix}${comment(notes)}`);
      return;
    }
    symbolLine(w, depth, symbol, `${label}[${comment(notes)}`);
    value.forEach((item, i) => writeValue(w, symbol, "", item, depth + 1, [...path, i], [], ","));
    textLine(w, depth, `]${suffix}`);
    return;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) {
      symbolLine(w, depth, symbol, `${label}{}${suffix}${comment(notes)}`);
      return;
    }
    symbolLine(w, depth, symbol, `${label}{${comment(notes)}`);
    for (const key of keys) writeValue(w, symbol, `${formatKey(key)} = `, value[key], depth + 1, [...path, key], []);
    textLine(w, depth, `}${suffix}`);
    return;
  }
  symbolLine(w, depth, symbol, `${label}${formatScalar(w, value, path)}${suffix}${comment(notes)}`);
}

/** A line diff inside a heredoc, long runs of unchanged lines hidden. */
function writeTextLines(w: BodyWriter, lines: readonly LineChange[], depth: number): void {
  for (const line of visibleLines(lines)) {
    if ("hidden" in line) textLine(w, depth, `# ${hiddenCount(line.hidden, "line")}`);
    else symbolLine(w, depth, line.op === "added" ? "+" : line.op === "removed" ? "-" : " ", line.text);
  }
}
