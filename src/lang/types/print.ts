import type { SchemaDef, Type } from "./type.js";

/**
 * How a schema is named in a message. The checker passes one that uses the reader's own import
 * alias (`apps.DeploymentSpec` when the file says `import "k8s/apps/v1" as apps`).
 */
export type SchemaNamer = (schema: SchemaDef) => string;

export const defaultSchemaNamer: SchemaNamer = (s) => (s.defaultQualifier ? `${s.defaultQualifier}.${s.name}` : s.name);

/** The most record fields shown before `...`. */
const maxShownFields = 4;

/** A type as MKL source would write it: `[string]`, `{string: int}`, `"A" | "B"`, `int?`. */
export function typeToString(t: Type, namer: SchemaNamer = defaultSchemaNamer): string {
  return print(t, namer, 0);
}

/** `recordDepth` counts enclosing record types: inner records are shown as `{ ... }` to keep messages short. */
function print(t: Type, namer: SchemaNamer, recordDepth: number): string {
  const show = (u: Type): string => print(u, namer, recordDepth + (t.kind === "record" ? 1 : 0));
  switch (t.kind) {
    case "literal":
      return typeof t.value === "string" ? JSON.stringify(t.value) : String(t.value);
    case "list":
      return `[${show(t.element)}]`;
    case "map":
      return `{string: ${show(t.value)}}`;
    case "record": {
      if (recordDepth > 0 && t.fields.size > 0) return "{ ... }";
      const entries = [...t.fields].slice(0, maxShownFields).map(([name, f]) => `${fieldName(name)}: ${show(f.type)}`);
      if (t.fields.size > maxShownFields) entries.push("...");
      return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
    }
    case "union": {
      const nonNull = t.members.filter((m) => m.kind !== "null");
      if (nonNull.length === 1 && nonNull.length < t.members.length) {
        const inner = show(nonNull[0]);
        return nonNull[0].kind === "function" ? `(${inner})?` : `${inner}?`;
      }
      return t.members.map((m) => (m.kind === "function" ? `(${show(m)})` : show(m))).join(" | ");
    }
    case "schema":
      return namer(t.schema);
    case "function": {
      const params = t.params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${show(p.type)}`);
      if (t.rest) params.push(`...${show(t.rest)}`);
      return `fn(${params.join(", ")}): ${show(t.result)}`;
    }
    case "var":
      return t.name;
    case "error":
      return "any";
    default:
      return t.kind;
  }
}

function fieldName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name);
}
