import type { ValueChange } from "./value-change.js";

/** Whether anything at or under a map path changed (`["spec", "template"]`). */
export function changedAt(change: ValueChange, path: readonly string[]): boolean {
  let node = change;
  for (const key of path) {
    if (node.type === "same") return false;
    if (node.type !== "map") return true;
    const entry = node.entries.find((e) => e.key === key);
    if (!entry) return false;
    node = entry.change;
  }
  return node.type !== "same";
}
