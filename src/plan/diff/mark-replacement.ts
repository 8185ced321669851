import type { FieldPath } from "../../diag/span.js";
import type { ListItemChange, MapEntryChange, ValueChange } from "./value-change.js";

/**
 * Marks the field at `path` (or the deepest changed field on the way to it) as the one that forces
 * the replacement, so that renderers can say `# forces replacement` where Terraform does.
 * List indexes in the path may be those of either side.
 */
export function markForcesReplacement(root: ValueChange, path: FieldPath): void {
  let node: ValueChange = root;
  let holder: MapEntryChange | ListItemChange | undefined;
  for (const segment of path) {
    let next: MapEntryChange | ListItemChange | undefined;
    if (node.type === "map" && typeof segment === "string") next = node.entries.find((e) => e.key === segment);
    else if (node.type === "list" && typeof segment === "number") {
      next = node.items.find((i) => i.afterIndex === segment) ?? node.items.find((i) => i.beforeIndex === segment);
    }
    if (!next || next.change.type === "same") break;
    holder = next;
    node = next.change;
  }
  if (holder) holder.forcesReplacement = true;
}
