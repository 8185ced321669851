import type { TypeRef } from "./api-model-types.js";
import type { JsonValue } from "./json.js";
import { typeInfo } from "./model.js";

function refName(name: string): string {
  return typeInfo(name)?.shortName ?? name.split(".").pop() ?? name;
}

/** A type as a noun inside another description: "Container", "list of string". */
function noun(t: TypeRef): string {
  switch (t.kind) {
    case "string":
      return "string";
    case "int":
      return "integer";
    case "float":
      return "number";
    case "bool":
      return "boolean";
    case "int-or-string":
      return "integer or string";
    case "quantity":
      return "quantity";
    case "any":
      return "any value";
    case "list":
      return `list of ${noun(t.items)}`;
    case "map":
      return `mapping of string to ${noun(t.values)}`;
    case "ref":
      return refName(t.name);
  }
}

/** What a field expects, for "expected …, got …": "string", "a list of Container", "PodSpec (a mapping)". */
export function describeExpected(t: TypeRef): string {
  switch (t.kind) {
    case "list":
    case "map":
      return `a ${noun(t)}`;
    case "ref":
      return `${refName(t.name)} (a mapping)`;
    case "quantity":
      return 'a quantity (a number, or a string like "500m" or "128Mi")';
    case "string":
      return t.enum ? `one of ${t.enum.map((v) => JSON.stringify(v)).join(", ")}` : "string";
    default:
      return noun(t);
  }
}

/** What a value is, in the words of describeExpected: "integer", "a mapping", "a list", "null". */
export function describeValue(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "string":
      return "string";
    default:
      return "a mapping";
  }
}
