import type * as A from "../ast.js";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import { suggestName } from "../../diag/suggest.js";
import { anyType, errorType, isPrimitiveName, listType, literalType, mapType, nullType, primitiveType, schemaType, type SchemaDef, type Type } from "./type.js";
import { optionalOf, unionOf } from "./union.js";

/** The names a type expression can refer to, from one module's point of view. */
export interface TypeScope {
  /** A schema declared in this module. */
  schema(name: string): SchemaDef | undefined;
  schemaNames(): Iterable<string>;
  /**
   * The module imported under `alias`: its type scope, `"not-mkl"` for a YAML/JSON import
   * (which declares no types), `"broken"` when the import failed to load (already reported),
   * or undefined when there is no such import.
   */
  module(alias: string): TypeScope | "not-mkl" | "broken" | undefined;
  moduleAliases(): Iterable<string>;
  /** Records that an import alias was used (for the unused-import warning). */
  useModule?(alias: string): void;
}

export type Report = (d: Diagnostic) => void;

/** Names of the builtin types, as written in MKL. */
export const builtinTypeNames = ["string", "int", "float", "bool", "any", "quantity", "null"] as const;

/** Type names people bring from other languages, and MKL's spelling. */
const otherLanguageNames: Readonly<Record<string, string>> = {
  integer: "int",
  number: "float",
  double: "float",
  boolean: "bool",
  str: "string",
  text: "string",
  object: "{string: any}",
  map: "{string: T}",
  dict: "{string: T}",
  list: "[T]",
  array: "[T]",
};

/** Turns a type expression into a type; unknown names are reported (MK2006) and become `error`. */
export function resolveTypeExpr(expr: A.TypeExpr, scope: TypeScope, report: Report): Type {
  switch (expr.kind) {
    case "NamedType":
      return resolveNamedType(expr, scope, report);
    case "ListType":
      return listType(resolveTypeExpr(expr.element, scope, report));
    case "MapType": {
      const key = resolveTypeExpr(expr.key, scope, report);
      if (key.kind !== "string" && key.kind !== "error")
        report(
          error("MK2019", "map keys are always strings", {
            span: expr.key.span,
            label: "write `string` here",
            notes: ["MKL maps are JSON objects: `{string: T}`"],
          }),
        );
      return mapType(resolveTypeExpr(expr.value, scope, report));
    }
    case "OptionalType":
      return optionalOf(resolveTypeExpr(expr.inner, scope, report));
    case "UnionType":
      return unionOf(expr.members.map((m) => resolveTypeExpr(m, scope, report)));
    case "StringLiteralType":
      return literalType(expr.value);
    case "NullType":
      return nullType;
    case "ErrorType":
      return errorType;
  }
}

function resolveNamedType(expr: A.NamedType, scope: TypeScope, report: Report): Type {
  const name = expr.name.name;
  if (expr.module) {
    const alias = expr.module.name;
    const target = scope.module(alias);
    if (target === undefined) {
      const suggestion = suggestName(alias, scope.moduleAliases());
      report(
        error("MK2006", `unknown module \`${alias}\` in type \`${alias}.${name}\``, {
          span: expr.module.span,
          label: suggestion ? `did you mean \`${suggestion}\`?` : "no import has this name",
          help: suggestion ? undefined : [`import the module first: import "k8s/apps/v1" as ${alias}`],
        }),
      );
      return errorType;
    }
    scope.useModule?.(alias);
    if (target === "broken") return errorType;
    if (target === "not-mkl") {
      report(error("MK2006", `\`${alias}\` is a YAML/JSON import and declares no types`, { span: expr.span, label: "not an MKL module" }));
      return errorType;
    }
    const schema = target.schema(name);
    if (schema) return schemaType(schema);
    const suggestion = suggestName(name, target.schemaNames());
    report(
      error("MK2006", `unknown type \`${name}\` in module \`${alias}\``, {
        span: expr.name.span,
        label: suggestion ? `did you mean \`${suggestion}\`?` : "not declared there",
      }),
    );
    return errorType;
  }
  if (name === "any") return anyType;
  if (name === "null") return nullType;
  if (isPrimitiveName(name)) return primitiveType(name);
  const schema = scope.schema(name);
  if (schema) return schemaType(schema);
  const suggestion = suggestName(name, [...builtinTypeNames, ...scope.schemaNames()]) ?? otherLanguageNames[name.toLowerCase()];
  report(
    error("MK2006", `unknown type \`${name}\``, {
      span: expr.name.span,
      label: suggestion ? `did you mean \`${suggestion}\`?` : "not a builtin type or a schema of this module",
    }),
  );
  return errorType;
}
