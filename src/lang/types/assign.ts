import { isRequiredField, type SchemaDef, type Type } from "./type.js";
import { admitsNull } from "./union.js";
import { isQuantityText } from "./quantity-text.js";

/** Why a type is not assignable: the field path into the value and what is wrong there. */
export interface Mismatch {
  /** Field names from the outside in (`["spec", "replicas"]`); empty when the value itself is wrong. */
  readonly path: readonly string[];
  readonly kind: "type" | "unknown-field" | "missing-field";
  /** For `type`: the two types that do not fit at `path`. */
  readonly source?: Type;
  readonly target?: Type;
  /** For field problems: the field's name. */
  readonly field?: string;
}

/** Whether a value of type `source` may be used where `target` is expected. */
export function isAssignable(source: Type, target: Type): boolean {
  return findMismatch(source, target) === undefined;
}

/**
 * The first reason a `source` value does not fit `target`, or undefined when it does.
 *
 * Rules: `any` and `error` fit everywhere and accept everything; `never` fits everywhere; a union
 * fits when each member does (null aside: `T?` fits where T does, as null is not tracked
 * statically), and a value fits a union when it fits one member; `int` fits
 * `float`; numbers and quantity-shaped strings fit `quantity`; literals fit their base type;
 * lists and maps are covariant; a record fits a map when every field fits the value type, and a
 * schema when it has no unknown field, every required field, and every field fits; a schema fits
 * another schema when it is the same declaration or structurally compatible.
 */
export function findMismatch(source: Type, target: Type): Mismatch | undefined {
  return mismatch(source, target, new Set());
}

const ok = undefined;

function typeMismatch(source: Type, target: Type): Mismatch {
  return { path: [], kind: "type", source, target };
}

function within(name: string, m: Mismatch | undefined): Mismatch | undefined {
  return m && { ...m, path: [name, ...m.path] };
}

function mismatch(source: Type, target: Type, seen: Set<string>): Mismatch | undefined {
  if (source === target) return ok;
  if (source.kind === "any" || source.kind === "error" || source.kind === "never" || source.kind === "var") return ok;
  if (target.kind === "any" || target.kind === "error" || target.kind === "var") return ok;

  if (source.kind === "union") {
    // `T?` is accepted where T is expected: MKL has no flow typing to prove a value is not null
    // (`if x != null then x else ...` does not narrow), so a null is reported when evaluated.
    const nonNull = source.members.filter((m) => m.kind !== "null");
    for (const m of nonNull.length > 0 ? nonNull : source.members) {
      const bad = mismatch(m, target, seen);
      if (bad) return bad.path.length === 0 ? typeMismatch(source, target) : bad;
    }
    return ok;
  }
  if (target.kind === "union") {
    let deepest: Mismatch | undefined;
    for (const m of target.members) {
      const bad = mismatch(source, m, seen);
      if (!bad) return ok;
      // A record against a union of one record-like type: report inside it.
      if (bad.path.length > 0 && (deepest === undefined || bad.path.length > deepest.path.length)) deepest = bad;
    }
    const recordish = target.members.filter((m) => m.kind === "schema" || m.kind === "record" || m.kind === "map");
    return recordish.length === 1 && deepest ? deepest : typeMismatch(source, target);
  }

  switch (target.kind) {
    case "string":
    case "int":
    case "bool":
    case "null":
      if (source.kind === target.kind) return ok;
      if (source.kind === "literal") {
        if (target.kind === "string" && typeof source.value === "string") return ok;
        if (target.kind === "bool" && typeof source.value === "boolean") return ok;
        if (target.kind === "int" && typeof source.value === "number" && Number.isInteger(source.value)) return ok;
      }
      return typeMismatch(source, target);
    case "float":
      if (source.kind === "float" || source.kind === "int") return ok;
      if (source.kind === "literal" && typeof source.value === "number") return ok;
      return typeMismatch(source, target);
    case "quantity":
      if (source.kind === "quantity" || source.kind === "int" || source.kind === "float" || source.kind === "string") return ok;
      if (source.kind === "literal" && typeof source.value === "number") return ok;
      if (source.kind === "literal" && typeof source.value === "string" && isQuantityText(source.value)) return ok;
      return typeMismatch(source, target);
    case "literal":
      return source.kind === "literal" && source.value === target.value ? ok : typeMismatch(source, target);
    case "never":
      return typeMismatch(source, target);
    case "list":
      if (source.kind !== "list") return typeMismatch(source, target);
      return elementMismatch(source, target, mismatch(source.element, target.element, seen));
    case "map":
      if (source.kind === "map") return elementMismatch(source, target, mismatch(source.value, target.value, seen));
      if (source.kind === "record") {
        for (const [name, f] of source.fields) {
          const bad = mismatch(f.type, target.value, seen);
          if (bad) return within(name, bad);
        }
        return ok;
      }
      if (source.kind === "schema") {
        for (const [name, f] of source.schema.fields()) {
          const bad = mismatch(f.type, target.value, seen);
          if (bad) return within(name, bad);
        }
        return ok;
      }
      return typeMismatch(source, target);
    case "record":
      if (source.kind === "record") {
        for (const [name, f] of target.fields) {
          const have = source.fields.get(name);
          if (!have) {
            if (!admitsNull(f.type)) return { path: [], kind: "missing-field", field: name };
            continue;
          }
          const bad = mismatch(have.type, f.type, seen);
          if (bad) return within(name, bad);
        }
        return ok;
      }
      if (source.kind === "schema") {
        const fields = source.schema.fields();
        for (const [name, f] of target.fields) {
          const have = fields.get(name);
          if (!have) {
            if (!admitsNull(f.type)) return { path: [], kind: "missing-field", field: name };
            continue;
          }
          const bad = mismatch(have.type, f.type, seen);
          if (bad) return within(name, bad);
        }
        return ok;
      }
      return typeMismatch(source, target);
    case "schema":
      if (source.kind === "record") return recordToSchema(source.fields, target.schema, seen);
      if (source.kind === "schema") return schemaToSchema(source.schema, target.schema, seen);
      return typeMismatch(source, target);
    case "function":
      if (source.kind !== "function") return typeMismatch(source, target);
      if (source.params.filter((p) => !p.optional).length > target.params.length) return typeMismatch(source, target);
      for (let i = 0; i < target.params.length; i++) {
        const p = source.params[i];
        if (!p) {
          if (!source.rest) return typeMismatch(source, target);
          if (mismatch(target.params[i].type, source.rest, seen)) return typeMismatch(source, target);
          continue;
        }
        if (mismatch(target.params[i].type, p.type, seen)) return typeMismatch(source, target);
      }
      return mismatch(source.result, target.result, seen) ? typeMismatch(source, target) : ok;
    default:
      return typeMismatch(source, target);
  }
}

/** A list whose items are records with a bad field reports the field; otherwise the lists differ. */
function elementMismatch(source: Type, target: Type, bad: Mismatch | undefined): Mismatch | undefined {
  if (!bad) return ok;
  return bad.path.length > 0 || bad.kind !== "type" ? within("[]", bad) : typeMismatch(source, target);
}

function recordToSchema(fields: ReadonlyMap<string, { type: Type }>, schema: SchemaDef, seen: Set<string>): Mismatch | undefined {
  const declared = schema.fields();
  for (const [name, f] of fields) {
    const field = declared.get(name);
    if (!field) return { path: [], kind: "unknown-field", field: name };
    const bad = mismatch(f.type, field.type, seen);
    if (bad) return within(name, bad);
  }
  for (const [name, field] of declared) {
    if (isRequiredField(field) && !fields.has(name)) return { path: [], kind: "missing-field", field: name };
  }
  return ok;
}

function schemaToSchema(source: SchemaDef, target: SchemaDef, seen: Set<string>): Mismatch | undefined {
  if (source === target || (source.moduleId === target.moduleId && source.name === target.name)) return ok;
  // Recursive schemas (JSONSchemaProps) refer to themselves: assume a pair already being
  // compared fits, and let the other fields decide.
  const key = `${source.moduleId}\u0000${source.name}\u0000${target.moduleId}\u0000${target.name}`;
  if (seen.has(key)) return ok;
  seen.add(key);
  const declared = target.fields();
  const have = source.fields();
  for (const [name, f] of have) {
    const field = declared.get(name);
    if (!field) return { path: [], kind: "unknown-field", field: name };
    const bad = mismatch(f.type, field.type, seen);
    if (bad) return within(name, bad);
  }
  for (const [name, field] of declared) {
    const from = have.get(name);
    if (isRequiredField(field) && (!from || from.optional)) return { path: [], kind: "missing-field", field: name };
  }
  return ok;
}
