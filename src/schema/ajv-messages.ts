import type { FieldPath } from "../diag/span.js";
import { suggestName } from "../diag/suggest.js";
import type { TypeRef } from "./api-model-types.js";
import { describeExpected, describeValue } from "./describe-type.js";
import type { ValidationIssue } from "./issue.js";
import type { JsonValue } from "./json.js";
import { lookupPath, objectTypeOf, type PathLookup } from "./model.js";
import { SchemaCode } from "./schema-codes.js";
import { INT32_MAX, INT32_MIN } from "./value-formats.js";

/** The fields of an ajv error that the standalone validators fill in (they are built with `messages: false`). */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** "/spec/containers/0/name" → ["spec", "containers", 0, "name"]: indexes are numbers where the value is a list. */
export function pointerToPath(pointer: string, data: JsonValue): (string | number)[] {
  if (pointer === "") return [];
  const path: (string | number)[] = [];
  let current: JsonValue | undefined = data;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = current !== null && typeof current === "object" ? current[segment] : undefined;
    }
  }
  return path;
}

export function valueAt(data: JsonValue, path: FieldPath): JsonValue | undefined {
  let current: JsonValue | undefined = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? (typeof segment === "number" ? current[segment] : undefined) : current[String(segment)];
  }
  return current;
}

interface Explained {
  issue: ValidationIssue;
  /** Lower wins when two errors are about the same value: a wrong type says it all. */
  rank: number;
}

function issue(code: string, path: FieldPath, message: string, extra: Partial<ValidationIssue> = {}): ValidationIssue {
  return { severity: "error", code, path, message, ...extra };
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function typeHelp(expected: TypeRef | undefined, value: JsonValue | undefined): string[] | undefined {
  if (!expected) return undefined;
  const isList = Array.isArray(value);
  const isMapping = value !== null && typeof value === "object" && !isList;
  if (expected.kind === "list" && isMapping) {
    return ["in YAML a list item starts with `- `: write `- ` before the item's first field and indent its other fields under it"];
  }
  if ((expected.kind === "map" || expected.kind === "ref") && isList) {
    return expected.kind === "map"
      ? ["write the entries as `key: value` lines, without `- ` in front"]
      : ["write the fields as `field: value` lines, without `- ` in front"];
  }
  if (expected.kind === "string" && !expected.enum && (typeof value === "number" || typeof value === "boolean")) {
    return [`quote the value (\`"${String(value)}"\`): YAML reads an unquoted ${String(value)} as a ${typeof value === "number" ? "number" : "boolean"}`];
  }
  if ((expected.kind === "int" || expected.kind === "float") && typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return ["remove the quotes: this field takes a number"];
  }
  return undefined;
}

function explainType(path: FieldPath, lookup: PathLookup | undefined, data: JsonValue, params: Record<string, unknown>): ValidationIssue {
  const value = valueAt(data, path);
  const expected = lookup ? describeExpected(lookup.type) : String(params.type ?? "another type").replace(/,/g, " or ");
  return issue(SchemaCode.WrongType, path, `expected ${expected}, got ${describeValue(value)}`, {
    label: `expected ${expected}`,
    help: typeHelp(lookup?.type, value),
  });
}

function explainUnknownField(parent: FieldPath, name: string, rootType: string): ValidationIssue {
  const owner = objectTypeOf(lookupPath(rootType, parent)?.type);
  const fields = owner ? Object.keys(owner.fields) : [];
  const suggestion = suggestName(name, fields);
  const where = owner ? ` in ${owner.shortName}` : "";
  const help = !suggestion && fields.length > 0 && fields.length <= 12 ? [`${owner?.shortName} has ${fields.map((f) => `\`${f}\``).join(", ")}`] : undefined;
  return issue(SchemaCode.UnknownField, [...parent, name], `unknown field \`${name}\`${where}`, {
    label: suggestion ? `did you mean \`${suggestion}\`?` : "unknown field",
    help,
  });
}

function explainMissing(parent: FieldPath, name: string, rootType: string): ValidationIssue {
  const owner = objectTypeOf(lookupPath(rootType, parent)?.type);
  return issue(SchemaCode.MissingField, [...parent, name], `missing required field \`${name}\``, {
    label: owner ? `${owner.shortName} requires \`${name}\`` : `\`${name}\` is required`,
  });
}

function explainEnum(path: FieldPath, lookup: PathLookup | undefined, data: JsonValue, params: Record<string, unknown>): ValidationIssue {
  const value = valueAt(data, path);
  const declared = lookup?.type.kind === "string" && lookup.type.enum ? lookup.type.enum : Array.isArray(params.allowedValues) ? params.allowedValues.map(String) : [];
  const allowed = declared.filter((v) => v !== "");
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  const suggestion = typeof value === "string" ? suggestName(value, allowed) : undefined;
  return issue(SchemaCode.NotInEnum, path, `\`${shown}\` is not one of ${quoteList(allowed)}`, {
    label: suggestion ? `did you mean \`${suggestion}\`?` : `not one of ${quoteList(allowed)}`,
  });
}

function explainPattern(path: FieldPath, lookup: PathLookup | undefined, data: JsonValue, rootType: string): ValidationIssue {
  const value = valueAt(data, path);
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  const t = lookup?.type;
  if (t?.kind === "quantity") {
    return issue(SchemaCode.BadFormat, path, `\`${shown}\` is not a valid quantity`, {
      label: "not a quantity",
      help: ["quantities are numbers with an optional unit suffix: 500m, 0.5, 2, 128Mi, 1Gi, 1e3"],
    });
  }
  if (t?.kind === "string" && t.format === "date-time") {
    return issue(SchemaCode.BadFormat, path, `\`${shown}\` is not an RFC 3339 time`, { label: "not a time", help: ["write times like 2024-01-31T12:00:00Z"] });
  }
  if (t?.kind === "string" && t.format === "byte") {
    const secret = rootType.endsWith(".core.v1.Secret") && path[0] === "data";
    return issue(SchemaCode.BadFormat, path, "the value is not valid base64", {
      label: "not base64",
      help: secret ? ["Secret `data` values are base64-encoded; to give plain text, put it under `stringData` instead"] : ["encode the bytes with base64"],
    });
  }
  return issue(SchemaCode.BadFormat, path, `\`${shown}\` is not in the expected format`);
}

function explainRange(path: FieldPath, data: JsonValue): ValidationIssue {
  return issue(SchemaCode.OutOfRange, path, `${JSON.stringify(valueAt(data, path))} is out of range for a 32-bit integer (${INT32_MIN} to ${INT32_MAX})`, {
    label: "out of range",
  });
}

function explain(error: AjvError, data: JsonValue, rootType: string): Explained {
  const path = pointerToPath(error.instancePath, data);
  switch (error.keyword) {
    case "type":
      return { issue: explainType(path, lookupPath(rootType, path), data, error.params), rank: 0 };
    case "additionalProperties":
      return { issue: explainUnknownField(path, String(error.params.additionalProperty), rootType), rank: 1 };
    case "required":
      return { issue: explainMissing(path, String(error.params.missingProperty), rootType), rank: 1 };
    case "enum":
      return { issue: explainEnum(path, lookupPath(rootType, path), data, error.params), rank: 2 };
    case "pattern":
      return { issue: explainPattern(path, lookupPath(rootType, path), data, rootType), rank: 3 };
    case "minimum":
    case "maximum":
      return { issue: explainRange(path, data), rank: 4 };
    default:
      return { issue: issue(SchemaCode.Other, path, `the value fails the schema's \`${error.keyword}\` check`), rank: 9 };
  }
}

function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

function isBelow(path: FieldPath, ancestor: FieldPath): boolean {
  return path.length > ancestor.length && ancestor.every((s, i) => path[i] === s);
}

/**
 * Rewrites ajv's errors for people, one issue per real problem: errors about the same value collapse
 * into the most telling one (a wrong type hides a failed pattern), and nothing is reported inside a
 * value whose type is already wrong. Types, field names and enums come from the API model, so messages
 * name Kubernetes types ("expected a list of Container, got a mapping").
 */
export function explainAjvErrors(errors: readonly AjvError[], data: JsonValue, rootType: string): ValidationIssue[] {
  const best = new Map<string, Explained>();
  for (const error of errors) {
    const explained = explain(error, data, rootType);
    const key = pathKey(explained.issue.path);
    const previous = best.get(key);
    if (!previous || explained.rank < previous.rank) best.set(key, explained);
  }
  const all = [...best.values()];
  const wrongTypes = all.filter((e) => e.issue.code === SchemaCode.WrongType).map((e) => e.issue.path);
  return all.filter((e) => !wrongTypes.some((p) => isBelow(e.issue.path, p))).map((e) => e.issue);
}
