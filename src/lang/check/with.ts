import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { boolType, errorType, isDynamic, mapType, recordType, type RecordFieldType, type Type } from "../types/type.js";
import { join, membersOf, withoutNull } from "../types/union.js";
import { CheckCode } from "./codes.js";
import { show, type Expectation } from "./report.js";
import type { Scope } from "./scope.js";
import type { ExprTyper } from "./typer.js";

/** `a with b`: both records; a schema on the left checks the right side's fields against it. */
export function typeWith(typer: ExprTyper, e: A.BinaryExpr, scope: Scope): Type {
  const left = typer.infer(e.left, scope);
  const l = withoutNull(left);
  if (l.kind === "schema") {
    checkWithOverride(typer, e.right, l, scope, {});
    return l;
  }
  const right = withoutNull(typer.infer(e.right, scope));
  let bad = false;
  for (const [side, t] of [
    [e.left, l],
    [e.right, right],
  ] as const) {
    if (mergeable(t)) continue;
    bad = true;
    scope.env.report(
      error(CheckCode.withNeedsRecords, `\`with\` merges records, found ${show(t, scope)}`, {
        span: side.span,
        label: `this is ${show(t, scope)}`,
      }),
    );
  }
  if (bad) return errorType;
  if (isDynamic(l)) return l;
  if (right.kind === "union") return join(membersOf(right).map((member) => mergeTypes(l, member)));
  return mergeTypes(l, right);
}

/**
 * The right side of `a with b` when `a` is a schema value: a record literal is checked against
 * the schema without requiring fields (the left side has them); anything else must be a record.
 */
export function checkWithOverride(typer: ExprTyper, right: A.Expr, schema: Type, scope: Scope, ctx: Expectation): void {
  let inner = right;
  while (inner.kind === "Paren") inner = inner.expr;
  if (inner.kind === "Record") {
    typer.check(inner, schema, scope, { ...ctx, partial: true });
    return;
  }
  if (inner.kind === "If") {
    // `base with (if prod then { replicas: 5 } else {})`: each branch is an override.
    typer.check(inner.condition, boolType, scope, { what: "the condition" });
    checkWithOverride(typer, inner.then, schema, scope, ctx);
    checkWithOverride(typer, inner.else, schema, scope, ctx);
    return;
  }
  const t = withoutNull(typer.infer(right, scope));
  if (mergeable(t)) return;
  scope.env.report(
    error(CheckCode.withNeedsRecords, `\`with\` merges records, found ${show(t, scope)}`, {
      span: right.span,
      label: `this is ${show(t, scope)}`,
    }),
  );
}

/** The type of `a with b` for records and maps: b's fields deep-merged over a's. */
function mergeTypes(a: Type, b: Type): Type {
  if (a.kind === "record" && b.kind === "record") {
    const fields = new Map<string, RecordFieldType>(a.fields);
    for (const [name, f] of b.fields) {
      const before = fields.get(name);
      const merged = before && isRecordish(before.type) && isRecordish(f.type) ? mergeTypes(before.type, f.type) : f.type;
      fields.set(name, { type: merged, span: f.span });
    }
    return recordType(fields);
  }
  if (isDynamic(b)) return a;
  if (a.kind === "map" || b.kind === "map") {
    const values = [a, b].flatMap((t) => (t.kind === "map" ? [t.value] : t.kind === "record" ? [...t.fields.values()].map((f) => f.type) : []));
    return mapType(join(values));
  }
  return a;
}

function isRecordish(t: Type): boolean {
  return t.kind === "record" || t.kind === "map";
}

/** What `with` can merge: records, maps, schema values, and unions of those (a conditional override). */
function mergeable(t: Type): boolean {
  if (isDynamic(t) || t.kind === "record" || t.kind === "map" || t.kind === "schema") return true;
  const members = membersOf(t);
  return members.length > 1 && members.every((m) => mergeable(withoutNull(m)));
}
