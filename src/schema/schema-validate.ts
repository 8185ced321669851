import { explainAjvErrors, type AjvError } from "./ajv-messages.js";
import * as generatedValidators from "./generated/validators.js";
import type { ValidationIssue } from "./issue.js";
import type { JsonObject, JsonValue } from "./json.js";
import { resolveKind } from "./type-meta.js";

/** A validate function of the generated module: ajv's standalone code, compiled when the module was generated. */
type StandaloneValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const validators = generatedValidators as unknown as Readonly<Record<string, StandaloneValidator>>;

/**
 * The object without fields whose value is null, or the object itself when it has none. The apiserver
 * decodes `null` as "absent" (kubectl's `creationTimestamp: null`), and a required field set to null is
 * as missing as an absent one. Lists keep their null items: those are errors.
 */
function withoutNullFields(value: JsonValue): JsonValue {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: JsonValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = withoutNullFields(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  let copy: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (field === null) {
      copy ??= { ...value };
      delete copy[key];
      continue;
    }
    const cleaned = withoutNullFields(field);
    if (cleaned !== field) (copy ??= { ...value })[key] = cleaned;
  }
  return copy ?? value;
}

/**
 * Validates one object against the OpenAPI schema of its kind, as the apiserver's decoding and strict
 * field validation do: apiVersion and kind first (MK4001–MK4004), then the kind's standalone validator
 * (unknown fields, types, required fields, enums, formats; MK4005–MK4010). Semantic rules (names,
 * selectors, ...) are not checked here. An empty result means the object passes.
 */
export function validateSchema(object: JsonObject): ValidationIssue[] {
  const resolved = resolveKind(object);
  if ("issues" in resolved) return resolved.issues;
  const validate = validators[resolved.entry.validator];
  if (validate(object)) return [];
  let data: JsonValue = object;
  let errors = validate.errors ?? [];
  // Objects seldom hold nulls, so nulls are only looked for once an object has failed.
  const cleaned = withoutNullFields(object);
  if (cleaned !== object) {
    if (validate(cleaned)) return [];
    data = cleaned;
    errors = validate.errors ?? [];
  }
  return explainAjvErrors(errors, data, resolved.entry.type);
}
