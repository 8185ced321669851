import type { ObjectTypeInfo, TypeRef } from "../../src/schema/api-model-types.js";
import { BASE64_PATTERN, DATE_TIME_PATTERN, INT32_MAX, INT32_MIN, QUANTITY_PATTERN } from "../../src/schema/value-formats.js";

export type JsonSchema = { [key: string]: unknown };

/** The id of the one schema document that holds every definition; validators refer into it. */
export const SCHEMA_ID = "k8s";

export function definitionRef(typeName: string): string {
  return `${SCHEMA_ID}#/definitions/${typeName}`;
}

/**
 * The JSON Schema of a value type, with Kubernetes' decoding rules: int-or-string and quantity take
 * numbers and strings, quantities, times and base64 must be well formed, int32 fields must fit.
 */
function schemaOf(t: TypeRef): JsonSchema {
  switch (t.kind) {
    case "string": {
      const s: JsonSchema = { type: "string" };
      if (t.enum) s.enum = t.enum;
      else if (t.format === "date-time") s.pattern = DATE_TIME_PATTERN;
      else if (t.format === "byte") s.pattern = BASE64_PATTERN;
      return s;
    }
    case "int":
      return t.format === "int32" ? { type: "integer", minimum: INT32_MIN, maximum: INT32_MAX } : { type: "integer" };
    case "float":
      return { type: "number" };
    case "bool":
      return { type: "boolean" };
    case "int-or-string":
      return { type: ["integer", "string"] };
    case "quantity":
      return { type: ["string", "number"], pattern: QUANTITY_PATTERN };
    case "any":
      return {};
    case "list":
      return { type: "array", items: schemaOf(t.items) };
    case "map":
      return t.values.kind === "any" ? { type: "object" } : { type: "object", additionalProperties: schemaOf(t.values) };
    case "ref":
      return { $ref: `#/definitions/${t.name}` };
  }
}

/** Strict like the apiserver's field validation: a field the type does not declare is an error, unless the type is open. */
function objectSchema(type: ObjectTypeInfo): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(type.fields)) {
    const schema = schemaOf(field.type);
    // An optional enum field may be "": Go decodes it as unset and the apiserver defaults it (restartPolicy: "" → Always).
    if (!field.required && field.type.kind === "string" && field.type.enum && !field.type.enum.includes("")) schema.enum = [...field.type.enum, ""];
    properties[name] = schema;
    if (field.required) required.push(name);
  }
  const s: JsonSchema = { type: "object", properties };
  if (required.length > 0) s.required = required;
  if (!type.open) s.additionalProperties = false;
  return s;
}

/** One schema document with every type of the model under `definitions`. */
export function jsonSchemaDocument(types: Readonly<Record<string, ObjectTypeInfo>>): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const [name, type] of Object.entries(types)) definitions[name] = objectSchema(type);
  return { $id: SCHEMA_ID, definitions };
}
