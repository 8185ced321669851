import { diffLines } from "diff";
import type { LineChange } from "./value-change.js";

/** Whether two strings are shown as a line diff rather than as `old -> new`. */
export function isMultiLine(before: string, after: string): boolean {
  return before.includes("\n") || after.includes("\n");
}

/**
 * A line diff of two multi-line strings (ConfigMap data, scripts), as the `diff` package computes
 * it. A final newline ends the last line rather than starting an empty one.
 */
export function diffText(before: string, after: string): LineChange[] {
  const out: LineChange[] = [];
  for (const part of diffLines(before, after)) {
    const op = part.added ? "added" : part.removed ? "removed" : "same";
    for (const text of splitLines(part.value)) out.push({ op, text });
  }
  return out;
}

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
