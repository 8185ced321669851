import { anyType, errorType, neverType, nullType, stringType, boolType, type Type } from "./type.js";
import { typeEquals } from "./equal.js";

/**
 * Builds the union of some types in normal form: nested unions flattened, duplicates removed,
 * `never` dropped, a literal dropped when its base type is present (`"a" | string` is `string`),
 * `int` dropped beside `float` (every int is a float), `true | false` folded to `bool`, and
 * `any`/`error` absorbing everything. Member order is first occurrence, so messages read in
 * the order the user wrote.
 */
export function unionOf(types: readonly Type[]): Type {
  const flat: Type[] = [];
  for (const t of types) {
    if (t.kind === "union") flat.push(...t.members);
    else flat.push(t);
  }
  if (flat.some((t) => t.kind === "error")) return errorType;
  if (flat.some((t) => t.kind === "any")) return anyType;

  const has = (kind: Type["kind"]) => flat.some((t) => t.kind === kind);
  const hasString = has("string");
  const hasFloat = has("float");
  const hasInt = has("int");
  const hasBool = has("bool") || (flat.some((t) => t.kind === "literal" && t.value === true) && flat.some((t) => t.kind === "literal" && t.value === false));

  const members: Type[] = [];
  const push = (t: Type) => {
    if (!members.some((m) => typeEquals(m, t))) members.push(t);
  };
  for (const t of flat) {
    if (t.kind === "never") continue;
    if (t.kind === "int" && hasFloat) continue;
    if (t.kind === "literal") {
      if (typeof t.value === "string" && hasString) continue;
      if (typeof t.value === "boolean" && hasBool) {
        push(boolType);
        continue;
      }
      if (typeof t.value === "number" && (hasFloat || (hasInt && Number.isInteger(t.value)))) continue;
    }
    push(t);
  }
  if (members.length === 0) return neverType;
  if (members.length === 1) return members[0];
  return { kind: "union", members };
}

/** `T?`: the type or null. */
export function optionalOf(t: Type): Type {
  return unionOf([t, nullType]);
}

/** The type without `null` (what `?.`, `??` and a present optional field leave). */
export function withoutNull(t: Type): Type {
  if (t.kind === "null") return neverType;
  if (t.kind !== "union") return t;
  return unionOf(t.members.filter((m) => m.kind !== "null"));
}

export function admitsNull(t: Type): boolean {
  return t.kind === "null" || t.kind === "any" || t.kind === "error" || (t.kind === "union" && t.members.some((m) => m.kind === "null"));
}

/** Inferred unions of many string literals (a list of 500 names) are widened to `string`. */
const maxInferredLiterals = 32;

/**
 * The type of a value that is one of several inferred types (if/else branches, list items).
 * Like `unionOf`, but a long run of string literals is widened to `string`.
 */
export function join(types: readonly Type[]): Type {
  const u = unionOf(types);
  if (u.kind !== "union") return u;
  const literals = u.members.filter((m) => m.kind === "literal" && typeof m.value === "string").length;
  if (literals <= maxInferredLiterals) return u;
  return unionOf([...u.members.filter((m) => !(m.kind === "literal" && typeof m.value === "string")), stringType]);
}

/** Members of a type seen as a union (a non-union is a union of one). */
export function membersOf(t: Type): readonly Type[] {
  return t.kind === "union" ? t.members : [t];
}
