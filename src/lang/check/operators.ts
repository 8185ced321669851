import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { boolType, errorType, anyType, floatType, intType, isDynamic, listType, quantityType, stringType, type Type } from "../types/type.js";
import { join, membersOf, unionOf, withoutNull } from "../types/union.js";
import { widenLiteral } from "../types/generics.js";
import { CheckCode } from "./codes.js";
import { enumValues, notInEnum, show } from "./report.js";
import type { Scope } from "./scope.js";
import type { ExprTyper } from "./typer.js";

/** `int`, `float`, or undefined when the type is not (only) a number. */
export function numericKind(t: Type): "int" | "float" | undefined {
  let kind: "int" | "float" | undefined;
  for (const m of membersOf(t)) {
    if (m.kind === "int" || (m.kind === "literal" && typeof m.value === "number" && Number.isInteger(m.value))) kind ??= "int";
    else if (m.kind === "float" || (m.kind === "literal" && typeof m.value === "number")) kind = "float";
    else return undefined;
  }
  return kind;
}

function isStringy(t: Type): boolean {
  return membersOf(t).every((m) => m.kind === "string" || (m.kind === "literal" && typeof m.value === "string"));
}

function isBoolean(t: Type): boolean {
  return membersOf(t).every((m) => m.kind === "bool" || (m.kind === "literal" && typeof m.value === "boolean"));
}

function isQuantity(t: Type): boolean {
  return t.kind === "quantity";
}

/**
 * An operand's type without null: like everywhere else, a `T?` operand is taken as T (null is
 * not tracked statically; the evaluator reports an actual null). A plain `null` stays null.
 */
function operand(t: Type): Type {
  const value = withoutNull(t);
  return value.kind === "never" ? t : value;
}

const operatorVerb: Partial<Record<A.BinaryOp, string>> = {
  "+": "add",
  "-": "subtract",
  "*": "multiply",
  "/": "divide",
  "%": "take the remainder of",
  "<": "compare",
  "<=": "compare",
  ">": "compare",
  ">=": "compare",
};

/**
 * The type of a binary operation, following the evaluator: `+ - * / %` on numbers (int with int
 * stays int, `7 / 2` is 3; a float on either side makes a float), `+` also joins strings and
 * lists, quantities add to and subtract from quantities and numbers and multiply by numbers;
 * comparisons need two numbers, two strings, two quantities (or a quantity and a number) or two
 * bools; `&&`/`||` need bools; `??` removes null from the left side.
 */
export function typeBinary(typer: ExprTyper, e: A.BinaryExpr, scope: Scope): Type {
  switch (e.op) {
    case "&&":
    case "||": {
      for (const side of [e.left, e.right]) {
        const t = operand(typer.infer(side, scope));
        if (!isDynamic(t) && !isBoolean(t)) reportOperand(scope, e, side, t, "needs bool operands");
      }
      return boolType;
    }
    case "==":
    case "!=": {
      const l = typer.infer(e.left, scope);
      const r = typer.infer(e.right, scope);
      checkEnumComparison(scope, e.left, l, e.right, r);
      checkEnumComparison(scope, e.right, r, e.left, l);
      return boolType;
    }
    case "??": {
      const l = typer.infer(e.left, scope);
      const r = typer.infer(e.right, scope);
      return unionOf([withoutNull(l), r]);
    }
    case "with":
      return anyType; // handled by the checker (it needs expectations); never reached
    default:
      return typeArithmetic(e, operand(typer.infer(e.left, scope)), operand(typer.infer(e.right, scope)), scope);
  }
}

function typeArithmetic(e: A.BinaryExpr, l: Type, r: Type, scope: Scope): Type {
  if (l.kind === "error" || r.kind === "error") return errorType;
  const comparison = e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=";
  if (isDynamic(l) || isDynamic(r)) return comparison ? boolType : anyType;
  const ln = numericKind(l);
  const rn = numericKind(r);
  // A number beside a quantity is the quantity of that amount (`cpu >= 1`: one core).
  const quantities = (isQuantity(l) && (isQuantity(r) || rn)) || (ln && isQuantity(r));
  if (comparison) {
    if ((ln && rn) || (isStringy(l) && isStringy(r)) || quantities || (isBoolean(l) && isBoolean(r))) return boolType;
    return reportOperands(scope, e, l, r, boolType);
  }
  if (ln && rn) return ln === "float" || rn === "float" ? floatType : intType;
  if (e.op === "+") {
    if (isStringy(l) && isStringy(r)) return stringType;
    if (l.kind === "list" && r.kind === "list") return listType(join([l.element, r.element]));
  }
  if ((e.op === "+" || e.op === "-") && quantities) return quantityType;
  if (e.op === "*" && ((isQuantity(l) && rn) || (ln && isQuantity(r)))) return quantityType;
  return reportOperands(scope, e, l, r, errorType);
}

function reportOperands(scope: Scope, e: A.BinaryExpr, left: Type, right: Type, result: Type): Type {
  // `"http://" + port` reads better as "cannot add string and int" than with the literal's text.
  const l = widenLiteral(left);
  const r = widenLiteral(right);
  const verb = operatorVerb[e.op] ?? "combine";
  const mixesTextAndNumbers = e.op === "+" && ((isStringy(l) && numericKind(r)) || (numericKind(l) && isStringy(r)));
  scope.env.report(
    error(CheckCode.badOperands, `cannot ${verb} ${show(l, scope)} and ${show(r, scope)}`, {
      span: e.opSpan,
      label: `\`${e.op}\` does not apply to ${show(l, scope)} and ${show(r, scope)}`,
      secondary: [
        { span: e.left.span, message: show(l, scope) },
        { span: e.right.span, message: show(r, scope) },
      ],
      ...(mixesTextAndNumbers ? { help: ['build text with interpolation: "${a}${b}"'] } : {}),
    }),
  );
  return result;
}

function reportOperand(scope: Scope, e: A.BinaryExpr, side: A.Expr, type: Type, what: string): void {
  const t = widenLiteral(type);
  scope.env.report(
    error(CheckCode.badOperands, `\`${e.op}\` ${what}, found ${show(t, scope)}`, {
      span: side.span,
      label: `this is ${show(t, scope)}`,
    }),
  );
}

/** `env == "prdo"` where env is `"dev" | "prod"` can never be true: report the typo. */
function checkEnumComparison(scope: Scope, _side: A.Expr, t: Type, other: A.Expr, otherType: Type): void {
  const allowed = enumValues(t);
  if (!allowed || otherType.kind !== "literal" || typeof otherType.value !== "string") return;
  if (allowed.includes(otherType.value)) return;
  scope.env.report(notInEnum(other.span, otherType.value, allowed, t, scope, {}));
}

/** `!x` needs a bool; `-x` a number or a quantity. */
export function typeUnary(typer: ExprTyper, e: A.UnaryExpr, scope: Scope): Type {
  const t = operand(typer.infer(e.operand, scope));
  if (isDynamic(t)) return e.op === "!" ? boolType : t;
  const shown = show(widenLiteral(t), scope);
  if (e.op === "!") {
    if (!isBoolean(t)) scope.env.report(error(CheckCode.badOperands, `\`!\` needs a bool, found ${shown}`, { span: e.operand.span, label: `this is ${shown}` }));
    return boolType;
  }
  const n = numericKind(t);
  if (n) return n === "int" ? intType : floatType;
  if (isQuantity(t)) return quantityType;
  scope.env.report(error(CheckCode.badOperands, `cannot negate ${shown}`, { span: e.operand.span, label: `this is ${shown}` }));
  return errorType;
}
