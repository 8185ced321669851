import type { FieldPath } from "../../diag/span.js";
import type { ValueChange } from "./value-change.js";

/**
 * Every place where a change tree differs, deepest first-level: a changed scalar, an added or
 * removed field, a changed multi-line string, a moved or renamed list item. List items are named
 * by their index on the desired side (the stored side's for removed items). Each path once.
 */
export function changedPaths(change: ValueChange, path: FieldPath = []): FieldPath[] {
  // A list item replaced in place is a removal and an addition at the same index: one path.
  const seen = new Set<string>();
  return collectPaths(change, path).filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function collectPaths(change: ValueChange, path: FieldPath): FieldPath[] {
  switch (change.type) {
    case "same":
      return [];
    case "map":
      return change.entries.flatMap((e) => collectPaths(e.change, [...path, e.key]));
    case "list":
      return change.items.flatMap((item) => {
        const itemPath = [...path, item.afterIndex ?? item.beforeIndex ?? 0];
        const inner = collectPaths(item.change, itemPath);
        return (item.moved || item.renamedFrom) && inner.length === 0 ? [itemPath] : inner;
      });
    default:
      return [path];
  }
}
