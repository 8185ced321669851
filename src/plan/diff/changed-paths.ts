import type { FieldPath } from "../../diag/span.js";
import type { ValueChange } from "./value-change.js";

/**
 * Every place where a change tree differs, deepest first-level: a changed scalar, an added or
 * removed field, a changed multi-line string, a moved or renamed list item. List items are named
 * by their index on the desired side (the stored side's for removed items).
 */
export function changedPaths(change: ValueChange, path: FieldPath = []): FieldPath[] {
  switch (change.type) {
    case "same":
      return [];
    case "map":
      return change.entries.flatMap((e) => changedPaths(e.change, [...path, e.key]));
    case "list":
      return change.items.flatMap((item) => {
        const itemPath = [...path, item.afterIndex ?? item.beforeIndex ?? 0];
        const inner = changedPaths(item.change, itemPath);
        return (item.moved || item.renamedFrom) && inner.length === 0 ? [itemPath] : inner;
      });
    default:
      return [path];
  }
}
