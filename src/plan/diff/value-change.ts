/**
 * The field-level diff of two JSON values, as a tree the renderers walk. Plain JSON data (no
 * classes, no functions), so that a plan file can hold it as it is.
 */
import type { JsonObject, JsonValue } from "../../schema/json.js";

export type ValueChange =
  /** Equal on both sides (absent, null, {} and [] count as the same). */
  | { type: "same"; value: JsonValue }
  | { type: "added"; value: JsonValue }
  | { type: "removed"; value: JsonValue }
  /** A scalar changed, or the value changed type (a string became a map). */
  | { type: "scalar"; before: JsonValue; after: JsonValue }
  /** Both sides are maps: every key of either side, in sorted order. */
  | { type: "map"; entries: MapEntryChange[] }
  /** Both sides are lists. */
  | { type: "list"; mergeKeys?: readonly string[]; items: ListItemChange[] }
  /** Both sides are strings and one of them has several lines: a line diff. */
  | { type: "text"; lines: LineChange[] };

export interface MapEntryChange {
  key: string;
  change: ValueChange;
  /** This field's change is why the object must be replaced. */
  forcesReplacement?: boolean;
}

export interface ListItemChange {
  change: ValueChange;
  /** For lists with merge keys: the item's key fields (`{ name: "web" }`). */
  key?: JsonObject;
  beforeIndex?: number;
  afterIndex?: number;
  /** The item kept its key but changed position relative to the others. */
  moved?: boolean;
  /** The item is the same apart from its key fields, which were these. */
  renamedFrom?: JsonObject;
  forcesReplacement?: boolean;
}

export interface LineChange {
  op: "same" | "added" | "removed";
  text: string;
}

/**
 * The symbol of a change, Terraform's: `+` added, `-` removed, `~` changed, ` ` unchanged. A map or
 * list whose every entry was added (or removed) counts as added (or removed).
 */
export function changeSymbol(change: ValueChange): "+" | "-" | "~" | " " {
  switch (change.type) {
    case "same":
      return " ";
    case "added":
      return "+";
    case "removed":
      return "-";
    case "scalar":
    case "text":
      return "~";
    case "map":
      return uniform(change.entries.map((e) => changeSymbol(e.change)));
    case "list":
      return change.items.some((i) => i.moved || i.renamedFrom) ? "~" : uniform(change.items.map((i) => changeSymbol(i.change)));
  }
}

function uniform(symbols: ("+" | "-" | "~" | " ")[]): "+" | "-" | "~" | " " {
  if (symbols.length === 0) return " ";
  const first = symbols[0];
  if ((first === "+" || first === "-") && symbols.every((s) => s === first)) return first;
  return symbols.every((s) => s === " ") ? " " : "~";
}
