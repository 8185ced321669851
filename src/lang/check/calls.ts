import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { isAssignable } from "../types/assign.js";
import { bindTypeVariables, substitute, type TypeBindings } from "../types/generics.js";
import { errorType, isDynamic, type FunctionType, type Type } from "../types/type.js";
import { CheckCode } from "./codes.js";
import { reportMismatch, show } from "./report.js";
import type { Scope } from "./scope.js";
import type { ExprTyper } from "./typer.js";

/** Whether a type mentions a type variable (a builtin's `T`). */
function hasVariables(t: Type): boolean {
  switch (t.kind) {
    case "var":
      return true;
    case "list":
      return hasVariables(t.element);
    case "map":
      return hasVariables(t.value);
    case "record":
      return [...t.fields.values()].some((f) => hasVariables(f.type));
    case "union":
      return t.members.some(hasVariables);
    case "function":
      return t.params.some((p) => hasVariables(p.type)) || hasVariables(t.result) || (t.rest !== undefined && hasVariables(t.rest));
    default:
      return false;
  }
}

/**
 * Checks a call against the callee's signature: the number of arguments, then each argument
 * against its parameter's type. Parameters without type variables are checked with the type as
 * expectation (so a record argument is checked field by field against a schema parameter);
 * type variables are bound from the arguments first, then the arguments are checked against the
 * substituted types. Returns the (substituted) result type.
 */
export function checkCall(typer: ExprTyper, call: A.CallExpr, fn: FunctionType, name: string, scope: Scope): Type {
  const required = fn.params.filter((p) => !p.optional).length;
  const max = fn.rest ? Infinity : fn.params.length;
  const count = call.args.length;
  if (count < required || count > max) {
    const expected = fn.rest ? `at least ${required}` : required === fn.params.length ? `${required}` : `${required} to ${fn.params.length}`;
    const span = count > max ? call.args[max].span : call.span;
    scope.env.report(
      error(CheckCode.wrongArgumentCount, `\`${name}\` takes ${expected} argument${expected === "1" ? "" : "s"} but ${count} ${count === 1 ? "was" : "were"} given`, {
        span,
        label: count > max ? "unexpected argument" : `missing ${fn.params.slice(count, required).map((p) => `\`${p.name}\``).join(", ")}`,
        notes: [`${name}: ${show(fn, scope)}`],
      }),
    );
  }
  const paramType = (i: number): { type: Type; label: string } | undefined => {
    const p = fn.params[i];
    if (p) return { type: p.type, label: `argument \`${p.name}\` of \`${name}\`` };
    return fn.rest ? { type: fn.rest, label: `argument ${i + 1} of \`${name}\`` } : undefined;
  };
  const generic = hasVariables(fn);
  if (!generic) {
    call.args.forEach((arg, i) => {
      const p = paramType(i);
      if (p) typer.check(arg, p.type, scope, { what: p.label });
      else typer.infer(arg, scope);
    });
    return fn.result;
  }
  const bindings: TypeBindings = new Map();
  const argTypes = call.args.map((arg, i) => {
    const t = typer.infer(arg, scope);
    const p = paramType(i);
    if (p) bindTypeVariables(p.type, t, bindings);
    return t;
  });
  argTypes.forEach((t, i) => {
    const p = paramType(i);
    if (!p) return;
    const expected = substitute(p.type, bindings);
    if (!isAssignable(t, expected)) reportMismatch(scope, call.args[i].span, t, expected, { what: p.label });
  });
  return substitute(fn.result, bindings);
}

/** A call of something that is not a function. */
export function reportNotCallable(scope: Scope, call: A.CallExpr, t: Type): Type {
  if (isDynamic(t)) return t;
  scope.env.report(error(CheckCode.notCallable, `${show(t, scope)} is not a function`, { span: call.callee.span, label: "called here" }));
  return errorType;
}
