import type { FieldPath, SourceLocator, Span } from "../../diag/span.js";
import { ListValue, RecordValue, type Value } from "./value.js";

/**
 * Maps a field path of an evaluated object back to the MKL expression that produced the value
 * there, using the span tables that records and lists carry. When the path leaves what was
 * written (a field the schema layer says is missing, or a defaulted one), the nearest located
 * ancestor answers.
 */
export class ValueLocator implements SourceLocator {
  constructor(
    private readonly root: Value,
    private readonly rootSpan: Span | undefined,
  ) {}

  locate(path: FieldPath): Span | undefined {
    let node: Value = this.root;
    let best = this.rootSpan ?? ownSpan(node);
    for (const segment of path) {
      if (node instanceof RecordValue && typeof segment === "string") {
        const i = node.indexOf(segment);
        if (i < 0) return best;
        best = node.spans[i] ?? ownSpan(node.values[i]) ?? best;
        node = node.values[i];
      } else if (node instanceof ListValue && typeof segment === "number") {
        if (segment < 0 || segment >= node.items.length) return best;
        best = node.spans?.[segment] ?? ownSpan(node.items[segment]) ?? best;
        node = node.items[segment];
      } else {
        return best;
      }
    }
    return best;
  }
}

function ownSpan(v: Value): Span | undefined {
  return v instanceof RecordValue || v instanceof ListValue ? v.span : undefined;
}
