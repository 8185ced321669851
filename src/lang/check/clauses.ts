import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { errorType, intType, isDynamic, neverType, stringType, type Type } from "../types/type.js";
import { join, membersOf, withoutNull } from "../types/union.js";
import { CheckCode } from "./codes.js";
import { show } from "./report.js";
import type { LocalBinding, Scope } from "./scope.js";
import type { ExprTyper } from "./typer.js";

/** `if` conditions and comprehension filters must be bool. */
export function checkCondition(typer: ExprTyper, e: A.Expr, scope: Scope): void {
  const t = typer.infer(e, scope);
  // A `bool?` is accepted like any `T?` where T is expected (null is not tracked statically).
  const value = withoutNull(t).kind === "never" ? t : withoutNull(t);
  if (isDynamic(value) || membersOf(value).every((m) => m.kind === "bool" || (m.kind === "literal" && typeof m.value === "boolean"))) return;
  const isNumberOrText = membersOf(value).some((m) => m.kind === "int" || m.kind === "string" || m.kind === "literal");
  scope.env.report(
    error(CheckCode.conditionNotBool, `a condition must be bool, found ${show(t, scope)}`, {
      span: e.span,
      label: `this is ${show(t, scope)}`,
      ...(isNumberOrText ? { help: ["compare explicitly, e.g. `n != 0` or `s != \"\"`"] } : {}),
    }),
  );
}

/** Binds the variables of `for` clauses and checks `if` filters, left to right. */
export function enterClauses(typer: ExprTyper, clauses: readonly A.ComprehensionClause[], scope: Scope): Scope {
  let s = scope;
  for (const clause of clauses) {
    if (clause.kind === "IfClause") {
      checkCondition(typer, clause.condition, s);
      continue;
    }
    const t = withoutNull(typer.infer(clause.iterable, s));
    let key: Type;
    let value: Type;
    if (isDynamic(t)) key = value = t;
    else if (t.kind === "list") {
      key = intType;
      value = t.element;
    } else if (t.kind === "map") {
      key = stringType;
      value = t.value;
    } else if (t.kind === "record" || t.kind === "schema") {
      key = stringType;
      const types = t.kind === "record" ? [...t.fields.values()].map((f) => f.type) : [...t.schema.fields().values()].map((f) => f.type);
      value = types.length ? join(types) : neverType;
    } else {
      scope.env.report(
        error(CheckCode.notIterable, `cannot iterate over ${show(t, s)}`, {
          span: clause.iterable.span,
          label: "expected a list, a map or a record",
          ...(t.kind === "int" || (t.kind === "literal" && typeof t.value === "number") ? { help: ["iterate over `range(n)` for the numbers 0 to n-1"] } : {}),
        }),
      );
      key = value = errorType;
    }
    const names = new Map<string, LocalBinding>();
    if (clause.key) names.set(clause.key.name, { type: key, span: clause.key.span });
    names.set(clause.value.name, { type: value, span: clause.value.span });
    s = s.with(names);
  }
  return s;
}
