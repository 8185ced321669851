/**
 * Secret values never leave the planner unmasked in what is shown: the `data` and `stringData`
 * values of a Secret become `(sensitive value)` in before, after, the diff and the drift, while
 * the keys stay visible so that a reviewer sees which keys changed.
 */
import type { FieldPath } from "../diag/span.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../schema/json.js";
import type { ValueChange } from "./diff/value-change.js";

export const SENSITIVE_VALUE = "(sensitive value)";

const SECRET_FIELDS = ["data", "stringData"];

/** Whether the value at `path` of an object of this kind is sensitive (a Secret's data value, or the whole data map). */
export function isSensitivePath(kind: string, path: FieldPath): boolean {
  return kind === "Secret" && path.length >= 1 && SECRET_FIELDS.includes(path[0] as string);
}

/** The paths of the sensitive values in an object: `["data", "password"]`, ... */
export function sensitivePathsOf(kind: string, ...objects: (JsonObject | undefined)[]): FieldPath[] {
  if (kind !== "Secret") return [];
  const seen = new Set<string>();
  const out: FieldPath[] = [];
  for (const object of objects) {
    for (const field of SECRET_FIELDS) {
      const map = object?.[field];
      if (!isJsonObject(map)) continue;
      for (const key of Object.keys(map).sort()) {
        const id = `${field}\u0000${key}`;
        if (!seen.has(id)) {
          seen.add(id);
          out.push([field, key]);
        }
      }
    }
  }
  return out;
}

/** A copy of an object of this kind with its sensitive values masked (the object itself when there are none). */
export function maskObject(kind: string, object: JsonObject): JsonObject;
export function maskObject(kind: string, object: JsonObject | undefined): JsonObject | undefined;
export function maskObject(kind: string, object: JsonObject | undefined): JsonObject | undefined {
  if (kind !== "Secret" || !object) return object;
  const copy: JsonObject = { ...object };
  for (const field of SECRET_FIELDS) if (isJsonObject(object[field])) copy[field] = maskValues(object[field]);
  return copy;
}

function maskValues(map: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(map)) out[key] = SENSITIVE_VALUE;
  return out;
}

/** A copy of an object's change tree with its sensitive values masked, the shape of the change kept. */
export function maskChange(kind: string, change: ValueChange, path: FieldPath = []): ValueChange {
  if (kind !== "Secret") return change;
  if (path.length === 2 && SECRET_FIELDS.includes(path[0] as string)) return maskLeaf(change);
  switch (change.type) {
    case "same":
    case "added":
    case "removed":
      return { type: change.type, value: maskAt(change.value, path) };
    case "map":
      return { type: "map", entries: change.entries.map((e) => ({ ...e, change: maskChange(kind, e.change, [...path, e.key]) })) };
    case "scalar":
      return path.length === 1 && SECRET_FIELDS.includes(path[0] as string) ? { type: "scalar", before: SENSITIVE_VALUE, after: SENSITIVE_VALUE } : change;
    default:
      return change;
  }
}

/** A data value's change, with both sides masked. */
function maskLeaf(change: ValueChange): ValueChange {
  switch (change.type) {
    case "same":
    case "added":
    case "removed":
      return { type: change.type, value: SENSITIVE_VALUE };
    default:
      return { type: "scalar", before: SENSITIVE_VALUE, after: SENSITIVE_VALUE };
  }
}

/** Masks a whole value found at `path` (the object at [], a data map at ["data"]). */
function maskAt(value: JsonValue, path: FieldPath): JsonValue {
  if (path.length === 0 && isJsonObject(value)) return maskObject("Secret", value);
  if (path.length === 1 && SECRET_FIELDS.includes(path[0] as string)) return isJsonObject(value) ? maskValues(value) : SENSITIVE_VALUE;
  return value;
}
