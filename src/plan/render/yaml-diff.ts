/**
 * An object's change as a YAML-shaped unified diff, for ```diff blocks in pull-request comments:
 * `-` and `+` lines for what changes, unchanged ancestors for context, list items by their keys
 * (`- name: web`), hidden fields counted as comments. The first column is the diff marker, so
 * GitHub colours the lines.
 */
import type { FieldPath } from "../../diag/span.js";
import { isJsonObject, type JsonValue } from "../../schema/json.js";
import { splitLines } from "../diff/diff-text.js";
import type { LineChange, ListItemChange, MapEntryChange, ValueChange } from "../diff/value-change.js";
import { isSensitivePath, SENSITIVE_VALUE } from "../mask.js";
import { visibleLines } from "./text-context.js";
import { hiddenCount, keyText } from "./wording.js";

type Marker = " " | "+" | "-";

interface Writer {
  kind: string;
  lines: string[];
}

const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function indent(depth: number): string {
  return "  ".repeat(depth);
}

function yamlKey(key: string): string {
  return /^[A-Za-z0-9_.\/-]+$/.test(key) && !RESERVED.test(key) ? key : JSON.stringify(key);
}

function yamlScalar(w: Writer, value: JsonValue, path: FieldPath): string {
  if (isSensitivePath(w.kind, path) && path.length >= 2) return SENSITIVE_VALUE;
  if (typeof value !== "string") return JSON.stringify(value);
  const plain = /^[A-Za-z_.\/][A-Za-z0-9_ .\/:@=+-]*$/.test(value) && !value.endsWith(" ") && !RESERVED.test(value) && !value.includes(": ") && !value.includes(" #");
  return plain ? value : JSON.stringify(value);
}

function push(w: Writer, marker: Marker, depth: number, text: string): void {
  w.lines.push(`${marker}${indent(depth)}${text}`.trimEnd());
}

function note(notes: string[]): string {
  return notes.length > 0 ? `  # ${notes.join("; ")}` : "";
}

/** The diff of a whole object: `added` and `removed` show it all; a map shows what changed. */
export function yamlDiffLines(kind: string, change: ValueChange): string[] {
  const w: Writer = { kind, lines: [] };
  if (change.type === "map") writeEntries(w, change.entries, 0, []);
  else if (change.type === "added" || change.type === "removed") writeValue(w, change.type === "added" ? "+" : "-", undefined, change.value, 0, [], []);
  else if (change.type === "same" && isJsonObject(change.value)) push(w, " ", 0, `# ${hiddenCount(Object.keys(change.value).length, "field")}`);
  return w.lines;
}

function writeEntries(w: Writer, entries: readonly MapEntryChange[], depth: number, path: FieldPath, first: readonly string[] = []): void {
  let hidden = 0;
  const ordered = [...entries.filter((e) => first.includes(e.key)), ...entries.filter((e) => !first.includes(e.key))];
  for (const entry of ordered) {
    if (entry.change.type === "same" && !first.includes(entry.key)) {
      hidden++;
      continue;
    }
    writeChange(w, entry.key, entry.change, depth, [...path, entry.key], entry.forcesReplacement ? ["forces replacement"] : []);
  }
  if (hidden > 0) push(w, " ", depth, `# ${hiddenCount(hidden, "field")}`);
}

function writeChange(w: Writer, key: string | undefined, change: ValueChange, depth: number, path: FieldPath, notes: string[]): void {
  const label = key === undefined ? "" : `${yamlKey(key)}:`;
  switch (change.type) {
    case "same":
      writeValue(w, " ", key, change.value, depth, path, notes);
      return;
    case "added":
      writeValue(w, "+", key, change.value, depth, path, notes);
      return;
    case "removed":
      writeValue(w, "-", key, change.value, depth, path, notes);
      return;
    case "scalar":
      writeValue(w, "-", key, change.before, depth, path, []);
      writeValue(w, "+", key, change.after, depth, path, notes);
      return;
    case "text":
      push(w, " ", depth, `${label} |${note(notes)}`);
      writeTextLines(w, change.lines, depth + 1);
      return;
    case "map":
      push(w, " ", depth, `${label}${note(notes)}`);
      writeEntries(w, change.entries, depth + 1, path);
      return;
    case "list":
      push(w, " ", depth, `${label}${note(notes)}`);
      writeItems(w, change.items, depth + 1, path);
      return;
  }
}

/** Turns the first line written since `start` into a list item (`- ` in place of the indentation). */
function dashFrom(w: Writer, start: number, depth: number): void {
  const at = 1 + indent(depth).length;
  const mark = (i: number) => {
    const line = w.lines[i];
    if (line !== undefined && line.slice(at, at + 2) === "  ") w.lines[i] = `${line.slice(0, at)}- ${line.slice(at + 2)}`;
  };
  mark(start);
  // A changed scalar on the first line is two lines: the old and the new value both start the item.
  if (w.lines[start]?.startsWith("-") && w.lines[start + 1]?.startsWith("+")) mark(start + 1);
}

function writeItems(w: Writer, items: readonly ListItemChange[], depth: number, path: FieldPath): void {
  let hidden = 0;
  for (const item of items) {
    const index = item.afterIndex ?? item.beforeIndex ?? 0;
    const itemPath = [...path, index];
    const notes: string[] = [];
    if (item.moved) notes.push(`moved from index ${item.beforeIndex} to ${item.afterIndex}`);
    if (item.renamedFrom) notes.push(`renamed from ${keyText(item.renamedFrom)}`);
    if (item.forcesReplacement) notes.push("forces replacement");
    const change = item.change;
    if (change.type === "same" && !item.moved) {
      hidden++;
      continue;
    }
    const keys = Object.keys(item.key ?? {}).sort();
    const start = w.lines.length;
    if (change.type === "same" && isJsonObject(change.value)) {
      for (const key of keys) writeValue(w, " ", key, change.value[key], depth + 1, [...itemPath, key], []);
      const rest = Object.keys(change.value).length - keys.length;
      if (rest > 0) push(w, " ", depth + 1, `# ${hiddenCount(rest, "field")}`);
    } else if (change.type === "map") {
      writeEntries(w, change.entries, depth + 1, itemPath, keys);
    } else if (change.type === "added" || change.type === "removed") {
      const marker = change.type === "added" ? "+" : "-";
      if (isJsonObject(change.value)) writeMapValue(w, marker, change.value, depth + 1, itemPath, keys);
      else writeValue(w, marker, undefined, change.value, depth + 1, itemPath, []);
    } else {
      writeChange(w, undefined, change, depth + 1, itemPath, []);
    }
    if (w.lines.length === start) push(w, " ", depth + 1, "{}");
    dashFrom(w, start, depth);
    // A note goes on the item's first line, or on the new value when the first line is the old one.
    const noteLine = w.lines[start]?.startsWith("-") && w.lines[start + 1]?.startsWith("+") ? start + 1 : start;
    if (notes.length > 0) w.lines[noteLine] += note(notes);
  }
  if (hidden > 0) push(w, " ", depth, `# ${hiddenCount(hidden, "element")}`);
}

function writeMapValue(w: Writer, marker: Marker, value: Record<string, JsonValue>, depth: number, path: FieldPath, first: readonly string[] = []): void {
  const keys = Object.keys(value).sort();
  const ordered = [...first.filter((k) => keys.includes(k)), ...keys.filter((k) => !first.includes(k))];
  for (const key of ordered) writeValue(w, marker, key, value[key], depth, [...path, key], []);
}

function writeValue(w: Writer, marker: Marker, key: string | undefined, value: JsonValue, depth: number, path: FieldPath, notes: string[]): void {
  const label = key === undefined ? "" : `${yamlKey(key)}:`;
  const sep = key === undefined ? "" : " ";
  if (isSensitivePath(w.kind, path) && path.length >= 2) {
    push(w, marker, depth, `${label}${sep}${SENSITIVE_VALUE}${note(notes)}`);
    return;
  }
  if (typeof value === "string" && value.includes("\n")) {
    push(w, marker, depth, `${label}${sep}|${note(notes)}`);
    for (const line of splitLines(value)) push(w, marker, depth + 1, line);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      push(w, marker, depth, `${label}${sep}[]${note(notes)}`);
      return;
    }
    const start = w.lines.length;
    if (key !== undefined) push(w, marker, depth, `${label}${note(notes)}`);
    const itemDepth = key === undefined ? depth : depth + 1;
    value.forEach((item, i) => {
      const itemStart = w.lines.length;
      if (isJsonObject(item) && Object.keys(item).length > 0) writeMapValue(w, marker, item, itemDepth + 1, [...path, i]);
      else writeValue(w, marker, undefined, item, itemDepth + 1, [...path, i], []);
      dashFrom(w, itemStart, itemDepth);
    });
    if (key === undefined && notes.length > 0) w.lines[start] += note(notes);
    return;
  }
  if (isJsonObject(value)) {
    if (Object.keys(value).length === 0) {
      push(w, marker, depth, `${label}${sep}{}${note(notes)}`);
      return;
    }
    if (key !== undefined) {
      push(w, marker, depth, `${label}${note(notes)}`);
      writeMapValue(w, marker, value, depth + 1, path);
    } else writeMapValue(w, marker, value, depth, path);
    return;
  }
  push(w, marker, depth, `${label}${sep}${yamlScalar(w, value, path)}${note(notes)}`);
}

function writeTextLines(w: Writer, lines: readonly LineChange[], depth: number): void {
  for (const line of visibleLines(lines)) {
    if ("hidden" in line) push(w, " ", depth, `# ${hiddenCount(line.hidden, "line")}`);
    else push(w, line.op === "added" ? "+" : line.op === "removed" ? "-" : " ", depth, line.text);
  }
}
