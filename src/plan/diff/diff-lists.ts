import { diffArrays } from "diff";
import type { FieldPath } from "../../diag/span.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../schema/json.js";
import type { DiffContext } from "./diff-values.js";
import { semanticEqual } from "./semantic-equal.js";
import type { ListItemChange, ValueChange } from "./value-change.js";

type DiffFn = (before: JsonValue | undefined, after: JsonValue | undefined, context: DiffContext, path: FieldPath) => ValueChange;

/**
 * A list whose items are identified by merge keys (containers by name, ports by containerPort and
 * protocol): items are matched by key wherever they are. An item that kept its key but left the
 * longest common order is `moved`; a removed and an added item equal apart from their keys are one
 * item `renamedFrom` the old key. Undefined when the items cannot be keyed (not all maps, or a
 * key used twice): the caller compares by position instead.
 */
export function diffKeyedList(before: JsonValue[], after: JsonValue[], keys: readonly string[], context: DiffContext, path: FieldPath, diff: DiffFn): ValueChange | undefined {
  if (!before.every(isJsonObject) || !after.every(isJsonObject)) return undefined;
  const beforeItems = before as JsonObject[];
  const afterItems = after as JsonObject[];
  const beforeKeys = beforeItems.map((item) => keyText(item, keys));
  const afterKeys = afterItems.map((item) => keyText(item, keys));
  const beforeIndex = indexByKey(beforeKeys);
  const afterIndex = indexByKey(afterKeys);
  if (!beforeIndex || !afterIndex) return undefined;

  const matchedInBeforeOrder = beforeKeys.filter((k) => afterIndex.has(k));
  const matchedInAfterOrder = afterKeys.filter((k) => beforeIndex.has(k));
  const inOrder = commonSubsequence(matchedInBeforeOrder, matchedInAfterOrder);

  // Renames: a removed item whose content without its keys equals an added item's.
  const removed = beforeKeys.map((k, i) => (afterIndex.has(k) ? -1 : i)).filter((i) => i >= 0);
  const added = new Set(afterKeys.map((k, i) => (beforeIndex.has(k) ? -1 : i)).filter((i) => i >= 0));
  const renamedTo = new Map<number, number>();
  const renamedFrom = new Map<number, number>();
  for (const r of removed) {
    for (const a of added) {
      if (semanticEqual(withoutKeys(beforeItems[r], keys), withoutKeys(afterItems[a], keys))) {
        renamedTo.set(r, a);
        renamedFrom.set(a, r);
        added.delete(a);
        break;
      }
    }
  }

  const items: ListItemChange[] = [];
  const positionOfBefore = new Map<number, number>();
  afterItems.forEach((item, j) => {
    const key = keyFields(item, keys);
    const i = beforeIndex.get(afterKeys[j]);
    if (i !== undefined) {
      positionOfBefore.set(i, items.length);
      const change = diff(beforeItems[i], item, context, [...path, j]);
      items.push({ change, key, beforeIndex: i, afterIndex: j, ...(inOrder.has(afterKeys[j]) ? {} : { moved: true }) });
      return;
    }
    const r = renamedFrom.get(j);
    if (r !== undefined) {
      positionOfBefore.set(r, items.length);
      items.push({ change: diff(beforeItems[r], item, context, [...path, j]), key, beforeIndex: r, afterIndex: j, renamedFrom: keyFields(beforeItems[r], keys) });
      return;
    }
    items.push({ change: { type: "added", value: item }, key, afterIndex: j });
  });

  // Removed items go right after the nearest earlier item that is still there.
  const gone = removed.filter((r) => !renamedTo.has(r));
  const insertions = new Map<number, ListItemChange[]>();
  for (const r of gone) {
    let anchor = -1;
    for (let p = r - 1; p >= 0; p--) {
      const position = positionOfBefore.get(p);
      if (position !== undefined) {
        anchor = position;
        break;
      }
    }
    const list = insertions.get(anchor) ?? [];
    list.push({ change: { type: "removed", value: beforeItems[r] }, key: keyFields(beforeItems[r], keys), beforeIndex: r });
    insertions.set(anchor, list);
  }
  const out: ListItemChange[] = [...(insertions.get(-1) ?? [])];
  items.forEach((item, position) => out.push(item, ...(insertions.get(position) ?? [])));
  return { type: "list", mergeKeys: keys, items: out };
}

/**
 * A list without merge keys (args, tolerations, matchExpressions): a longest common subsequence of
 * equal items; a removed map directly replaced by an added map is shown as that map's changes.
 */
export function diffPlainList(before: JsonValue[], after: JsonValue[], context: DiffContext, path: FieldPath, diff: DiffFn): ValueChange {
  const parts = diffArrays(before, after, { comparator: (x, y) => semanticEqual(x, y) });
  const items: ListItemChange[] = [];
  let bi = 0;
  let ai = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    const count = part.value.length;
    if (!part.added && !part.removed) {
      for (let k = 0; k < count; k++) items.push({ change: { type: "same", value: after[ai + k] }, beforeIndex: bi + k, afterIndex: ai + k });
      bi += count;
      ai += count;
      continue;
    }
    const next = parts[p + 1];
    const pairedWith = next && ((part.removed && next.added) || (part.added && next.removed)) ? next : undefined;
    const removedCount = part.removed ? count : (pairedWith?.value.length ?? 0);
    const addedCount = part.added ? count : (pairedWith?.value.length ?? 0);
    const pairs = pairedWith ? Math.min(removedCount, addedCount) : 0;
    for (let k = 0; k < pairs; k++) {
      const b = before[bi + k];
      const a = after[ai + k];
      if (isJsonObject(b) && isJsonObject(a)) items.push({ change: diff(b, a, context, [...path, ai + k]), beforeIndex: bi + k, afterIndex: ai + k });
      else items.push({ change: { type: "removed", value: b }, beforeIndex: bi + k }, { change: { type: "added", value: a }, afterIndex: ai + k });
    }
    for (let k = pairs; k < removedCount; k++) items.push({ change: { type: "removed", value: before[bi + k] }, beforeIndex: bi + k });
    for (let k = pairs; k < addedCount; k++) items.push({ change: { type: "added", value: after[ai + k] }, afterIndex: ai + k });
    bi += removedCount;
    ai += addedCount;
    if (pairedWith) p++;
  }
  return { type: "list", items };
}

function keyText(item: JsonObject, keys: readonly string[]): string {
  return keys.map((k) => JSON.stringify(item[k] ?? null)).join("\u0000");
}

function keyFields(item: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (item[k] !== undefined) out[k] = item[k];
  return out;
}

function withoutKeys(item: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) if (!keys.includes(k)) out[k] = v;
  return out;
}

function indexByKey(keys: string[]): Map<string, number> | undefined {
  const map = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    if (map.has(keys[i])) return undefined;
    map.set(keys[i], i);
  }
  return map;
}

/** The keys of a longest common subsequence of two sequences of distinct keys. */
function commonSubsequence(a: string[], b: string[]): Set<string> {
  const out = new Set<string>();
  for (const part of diffArrays(a, b)) if (!part.added && !part.removed) for (const k of part.value) out.add(k);
  return out;
}
