import type { FieldPath } from "../../diag/span.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../schema/json.js";
import { diffText, isMultiLine } from "./diff-text.js";
import { diffKeyedList, diffPlainList } from "./diff-lists.js";
import { isAbsent, semanticEqual } from "./semantic-equal.js";
import type { MapEntryChange, ValueChange } from "./value-change.js";

export interface DiffContext {
  /**
   * The keys that identify the items of the list at `path` (containers → ["name"]), or undefined
   * for lists compared item by item. Paths use the indexes of the desired side.
   */
  mergeKeysAt(path: FieldPath): readonly string[] | undefined;
}

/** A context without merge keys: every list is compared item by item. */
export const plainDiffContext: DiffContext = { mergeKeysAt: () => undefined };

/**
 * The field-level diff of two JSON values. Absent, null, {} and [] are the same; maps are compared
 * key by key (keys sorted); lists with merge keys item by item by key (moves and renames
 * recognised), other lists by longest common subsequence; multi-line strings line by line.
 */
export function diffValues(before: JsonValue | undefined, after: JsonValue | undefined, context: DiffContext, path: FieldPath = []): ValueChange {
  if (semanticEqual(before, after)) return { type: "same", value: after ?? before ?? null };
  if (isAbsent(before)) return { type: "added", value: after as JsonValue };
  if (isAbsent(after)) return { type: "removed", value: before as JsonValue };
  const b = before as JsonValue;
  const a = after as JsonValue;
  if (isJsonObject(b) && isJsonObject(a)) return diffMaps(b, a, context, path);
  if (Array.isArray(b) && Array.isArray(a)) {
    const keys = context.mergeKeysAt(path);
    if (keys && keys.length > 0) {
      const keyed = diffKeyedList(b, a, keys, context, path, diffValues);
      if (keyed) return keyed;
    }
    return diffPlainList(b, a, context, path, diffValues);
  }
  if (typeof b === "string" && typeof a === "string" && isMultiLine(b, a)) return { type: "text", lines: diffText(b, a) };
  return { type: "scalar", before: b, after: a };
}

function diffMaps(before: JsonObject, after: JsonObject, context: DiffContext, path: FieldPath): ValueChange {
  const keys = new Set<string>();
  for (const key in before) keys.add(key);
  for (const key in after) keys.add(key);
  const entries: MapEntryChange[] = [];
  for (const key of [...keys].sort()) {
    const b = before[key];
    const a = after[key];
    if (isAbsent(b) && isAbsent(a)) continue;
    entries.push({ key, change: diffValues(b, a, context, [...path, key]) });
  }
  return { type: "map", entries };
}
