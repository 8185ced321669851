import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { suggestName } from "../../diag/suggest.js";
import { anyType, errorType, isDynamic, stringType, type Type } from "../types/type.js";
import { join, membersOf, optionalOf, withoutNull } from "../types/union.js";
import { CheckCode } from "./codes.js";
import { show } from "./report.js";
import type { Scope } from "./scope.js";
import type { ExprTyper } from "./typer.js";
import { numericKind } from "./operators.js";

/**
 * `object.name` on a value: a schema's or record's field, a map's value. Null is not tracked
 * statically (a Kubernetes object is mostly optional fields): `.name` on `T?` reads T's field and
 * the evaluator reports a null at run time; `?.name` makes the result optional.
 */
export function typeMember(e: A.MemberExpr, objectType: Type, scope: Scope): Type {
  if (isDynamic(objectType)) return objectType;
  const members = membersOf(withoutNull(objectType));
  const results: Type[] = [];
  for (const m of members) {
    const t = memberOf(m, e.name.name);
    if (t === undefined) return reportNoField(scope, e, m);
    results.push(t);
  }
  const t = join(results);
  return e.optional ? optionalOf(t) : t;
}

function memberOf(t: Type, name: string): Type | undefined {
  switch (t.kind) {
    case "schema":
      return t.schema.fields().get(name)?.type;
    case "record":
      return t.fields.get(name)?.type;
    case "map":
      return t.value;
    case "any":
    case "error":
      return t;
    default:
      return undefined;
  }
}

function fieldNames(t: Type): string[] {
  if (t.kind === "schema") return [...t.schema.fields().keys()];
  if (t.kind === "record") return [...t.fields.keys()];
  return [];
}

const sizeNames = new Set(["length", "size", "count", "len"]);

function reportNoField(scope: Scope, e: A.MemberExpr, t: Type): Type {
  const name = e.name.name;
  const names = fieldNames(t);
  const suggestion = suggestName(name, names);
  const isRecordLike = t.kind === "schema" || t.kind === "record";
  scope.env.report(
    error(CheckCode.noSuchField, isRecordLike ? `no field \`${name}\` on ${show(t, scope)}` : `${show(t, scope)} has no fields`, {
      span: e.name.span,
      label: suggestion ? `did you mean \`${suggestion}\`?` : isRecordLike ? "unknown field" : `\`.${name}\` on a value of type ${show(t, scope)}`,
      ...(sizeNames.has(name) && !isRecordLike ? { help: ["the number of items or characters is `len(x)`"] } : {}),
    }),
  );
  return errorType;
}

/** `object[index]`: a list by int, a map or record by string, a string by int (one character). */
export function typeIndex(typer: ExprTyper, e: A.IndexExpr, scope: Scope): Type {
  const objectType = typer.infer(e.object, scope);
  const indexType = typer.infer(e.index, scope);
  if (isDynamic(objectType)) return objectType;
  const o = withoutNull(objectType);
  const wantIndex = (expected: "int" | "string", result: Type): Type => {
    if (isDynamic(indexType)) return result;
    const fits = expected === "int" ? numericKind(indexType) === "int" : membersOf(indexType).every((m) => m.kind === "string" || (m.kind === "literal" && typeof m.value === "string"));
    if (!fits)
      scope.env.report(
        error(CheckCode.notIndexable, `${show(o, scope)} is indexed by ${expected}, not ${show(indexType, scope)}`, {
          span: e.index.span,
          label: `expected ${expected}`,
        }),
      );
    return result;
  };
  switch (o.kind) {
    case "list":
      return wantIndex("int", o.element);
    case "map":
      return wantIndex("string", o.value);
    case "string":
      return wantIndex("int", stringType);
    case "literal":
      if (typeof o.value === "string") return wantIndex("int", stringType);
      break;
    case "record":
    case "schema": {
      const fields = o.kind === "record" ? new Map([...o.fields].map(([n, f]) => [n, f.type])) : new Map([...o.schema.fields()].map(([n, f]) => [n, f.type]));
      if (indexType.kind === "literal" && typeof indexType.value === "string") {
        const t = fields.get(indexType.value);
        if (t) return t;
        const suggestion = suggestName(indexType.value, fields.keys());
        scope.env.report(
          error(CheckCode.noSuchField, `no field \`${indexType.value}\` on ${show(o, scope)}`, {
            span: e.index.span,
            label: suggestion ? `did you mean \`${suggestion}\`?` : "unknown field",
          }),
        );
        return errorType;
      }
      return wantIndex("string", fields.size ? join([...fields.values()]) : anyType);
    }
    default:
      break;
  }
  scope.env.report(error(CheckCode.notIndexable, `cannot index into ${show(o, scope)}`, { span: e.object.span, label: `this is ${show(o, scope)}` }));
  return errorType;
}

