import { anyType, boolType, floatType, intType, listType, mapType, recordType, stringType, functionType, type Type } from "./type.js";
import { isAssignable } from "./assign.js";
import { unionOf, withoutNull } from "./union.js";

/** What each type variable of a builtin signature stands for in one call. */
export type TypeBindings = Map<string, Type>;

/** A literal's base type: a variable bound from `"a"` stands for `string`, not for `"a"` only. */
export function widenLiteral(t: Type): Type {
  if (t.kind === "literal") {
    if (typeof t.value === "string") return stringType;
    if (typeof t.value === "boolean") return boolType;
    return Number.isInteger(t.value) ? intType : floatType;
  }
  if (t.kind === "union") return unionOf(t.members.map(widenLiteral));
  return t;
}

/**
 * Binds the type variables of a parameter type from an argument's type (`[T]` against `[int]`
 * binds T to int). The first argument that binds a variable decides it, unless a later one is
 * wider (`math.max(1, 2.5)` binds T to float); a later argument that does not fit is reported by
 * the ordinary argument check after substitution.
 */
export function bindTypeVariables(param: Type, arg: Type, bindings: TypeBindings): void {
  switch (param.kind) {
    case "var": {
      if (arg.kind === "never") return;
      const candidate = widenLiteral(arg);
      const bound = bindings.get(param.name);
      if (!bound || (!isAssignable(candidate, bound) && isAssignable(bound, candidate))) bindings.set(param.name, candidate);
      return;
    }
    case "list":
      if (arg.kind === "list") bindTypeVariables(param.element, arg.element, bindings);
      return;
    case "map":
      // A record's fields may differ in type (`{ replicas: 1, name: "web" }`): as a map, its
      // value type is the join of its fields' types.
      if (arg.kind === "map") bindTypeVariables(param.value, arg.value, bindings);
      else if (arg.kind === "record") bindTypeVariables(param.value, unionOf([...arg.fields.values()].map((f) => widenLiteral(f.type))), bindings);
      else if (arg.kind === "schema") bindTypeVariables(param.value, unionOf([...arg.schema.fields().values()].map((f) => widenLiteral(f.type))), bindings);
      return;
    case "record":
      if (arg.kind === "record")
        for (const [name, f] of param.fields) {
          const a = arg.fields.get(name);
          if (a) bindTypeVariables(f.type, a.type, bindings);
        }
      return;
    case "union": {
      const nonNull = param.members.filter((m) => m.kind !== "null");
      if (nonNull.length === 1) bindTypeVariables(nonNull[0], withoutNull(arg), bindings);
      return;
    }
    default:
      return;
  }
}

/** The type with its variables replaced by their bindings (unbound ones by `any`). */
export function substitute(t: Type, bindings: TypeBindings): Type {
  switch (t.kind) {
    case "var":
      return bindings.get(t.name) ?? anyType;
    case "list":
      return listType(substitute(t.element, bindings));
    case "map":
      return mapType(substitute(t.value, bindings));
    case "record":
      return recordType(new Map([...t.fields].map(([name, f]) => [name, { type: substitute(f.type, bindings) }])));
    case "union":
      return unionOf(t.members.map((m) => substitute(m, bindings)));
    case "function":
      return functionType(
        t.params.map((p) => ({ ...p, type: substitute(p.type, bindings) })),
        substitute(t.result, bindings),
        t.rest && substitute(t.rest, bindings),
      );
    default:
      return t;
  }
}
