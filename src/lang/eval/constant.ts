import type { Expr } from "../ast.js";

/**
 * Whether an expression always evaluates to the same value, wherever and however often it is
 * evaluated: literals without interpolation, and lists and records made only of them
 * (`{ cpu: 100m, memory: 128Mi }`, `["A", "B", "C"]`). Values are immutable, so the evaluator builds
 * such a literal once and shares the value (see Collections): ten thousand objects written by one
 * function then hold one `resources` record, not ten thousand equal copies.
 */
export function isConstant(e: Expr): boolean {
  switch (e.kind) {
    case "Null":
    case "Bool":
    case "Int":
    case "Float":
    case "Quantity":
      return true;
    case "String":
      return e.parts.every((p) => p.kind === "Text");
    case "Paren":
      return isConstant(e.expr);
    case "List":
      return e.items.every((item) => item.kind !== "Spread" && isConstant(item));
    case "Record":
      return e.entries.every((entry) => entry.kind === "Field" && isConstant(entry.value));
    default:
      return false;
  }
}
