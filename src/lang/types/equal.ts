import type { Type } from "./type.js";

/** Structural type equality; schemas are equal when they are the same declaration. */
export function typeEquals(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "literal":
      return a.value === (b as typeof a).value;
    case "list":
      return typeEquals(a.element, (b as typeof a).element);
    case "map":
      return typeEquals(a.value, (b as typeof a).value);
    case "schema": {
      const s = (b as typeof a).schema;
      return a.schema === s || (a.schema.moduleId === s.moduleId && a.schema.name === s.name);
    }
    case "var":
      return a.name === (b as typeof a).name;
    case "record": {
      const bf = (b as typeof a).fields;
      if (a.fields.size !== bf.size) return false;
      for (const [name, f] of a.fields) {
        const g = bf.get(name);
        if (!g || !typeEquals(f.type, g.type)) return false;
      }
      return true;
    }
    case "union": {
      const bm = (b as typeof a).members;
      return a.members.length === bm.length && a.members.every((m) => bm.some((n) => typeEquals(m, n)));
    }
    case "function": {
      const bf = b as typeof a;
      return (
        a.params.length === bf.params.length &&
        a.params.every((p, i) => p.optional === bf.params[i].optional && typeEquals(p.type, bf.params[i].type)) &&
        typeEquals(a.result, bf.result) &&
        (a.rest === undefined) === (bf.rest === undefined) &&
        (a.rest === undefined || typeEquals(a.rest, bf.rest as Type))
      );
    }
    default:
      return true; // primitives, any, error, never: equal kinds are equal types
  }
}
