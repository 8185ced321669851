import type { ParamDecl, TypeExpr } from "../ast.js";
import { parseQuantity } from "../values/quantity.js";
import { valueFromPlain } from "../values/from-plain.js";
import { FloatValue, type Value } from "../values/value.js";
import { yamlPackage } from "../yaml-source/yaml-package.js";

export type ParamParse = { ok: true; value: Value } | { ok: false; message: string; help?: string[] };

/**
 * Reads a `-p name=VALUE` string as the param's declared type: `int`, `float`, `bool`
 * (`true`/`false`), `string` (as is), `quantity` (`500m`), a string-literal union (one of its
 * words), `T?` (also `null`); lists, maps, records and `any` take YAML/JSON flow syntax
 * (`[a, b]`, `{a: 1}`). Without a declared type, the default's kind decides; else it is a string.
 */
export function parseParamText(text: string, decl: ParamDecl, defaultValue: Value | undefined): ParamParse {
  if (decl.type) return parseAs(text, decl.type);
  if (typeof defaultValue === "number") return parseAs(text, named("int"));
  if (defaultValue instanceof FloatValue) return parseAs(text, named("float"));
  if (typeof defaultValue === "boolean") return parseAs(text, named("bool"));
  return { ok: true, value: text };
}

function named(name: string): TypeExpr {
  const span = { file: "", start: { line: 0, col: 0, offset: 0 }, end: { line: 0, col: 0, offset: 0 } };
  return { kind: "NamedType", name: { name, span }, span };
}

function parseAs(text: string, t: TypeExpr): ParamParse {
  switch (t.kind) {
    case "OptionalType":
      return text === "null" ? { ok: true, value: null } : parseAs(text, t.inner);
    case "NullType":
      return text === "null" ? { ok: true, value: null } : { ok: false, message: "expected `null`" };
    case "StringLiteralType":
      return text === t.value ? { ok: true, value: text } : { ok: false, message: `expected ${JSON.stringify(t.value)}` };
    case "UnionType": {
      const words = t.members.filter((m) => m.kind === "StringLiteralType").map((m) => (m.kind === "StringLiteralType" ? m.value : ""));
      if (words.length === t.members.length) {
        if (words.includes(text)) return { ok: true, value: text };
        return { ok: false, message: `expected one of ${words.map((w) => JSON.stringify(w)).join(", ")}` };
      }
      for (const m of t.members) {
        const r = parseAs(text, m);
        if (r.ok) return r;
      }
      return { ok: false, message: `expected a value of one of the types in the union` };
    }
    case "NamedType": {
      if (t.module) return parseStructured(text);
      switch (t.name.name) {
        case "string":
          return { ok: true, value: text };
        case "int":
          return /^[-+]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? { ok: true, value: Number(text) } : { ok: false, message: "expected an int, e.g. `3`" };
        case "float": {
          const n = Number(text);
          return text.trim() !== "" && Number.isFinite(n) ? { ok: true, value: new FloatValue(n) } : { ok: false, message: "expected a number, e.g. `0.5`" };
        }
        case "bool":
          return text === "true" ? { ok: true, value: true } : text === "false" ? { ok: true, value: false } : { ok: false, message: "expected `true` or `false`" };
        case "quantity": {
          const q = parseQuantity(text);
          return q ? { ok: true, value: q } : { ok: false, message: "expected a quantity, e.g. `500m`, `2`, `512Mi`" };
        }
        case "null":
          return text === "null" ? { ok: true, value: null } : { ok: false, message: "expected `null`" };
        default:
          return parseStructured(text);
      }
    }
    default:
      return parseStructured(text);
  }
}

/**
 * Lists, maps, records and `any`: YAML flow syntax (JSON is a subset), read as YAML 1.2 so that
 * `-p zones=[y, n]` means two strings, not two booleans as YAML 1.1 would have it.
 */
function parseStructured(text: string): ParamParse {
  const doc = yamlPackage().parseDocument(text, { version: "1.2", uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, message: `not valid YAML/JSON: ${doc.errors[0].message.split("\n")[0]}`, help: ["write lists as `[a, b]` and maps as `{key: value}`"] };
  }
  return { ok: true, value: valueFromPlain(doc.toJS({ mapAsMap: true })) };
}
