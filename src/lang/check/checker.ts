import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { isAssignable } from "../types/assign.js";
import { widenLiteral } from "../types/generics.js";
import { resolveTypeExpr } from "../types/resolve.js";
import {
  anyType,
  boolType,
  errorType,
  floatType,
  functionType,
  intType,
  isDynamic,
  listType,
  literalType,
  mapType,
  neverType,
  nullType,
  quantityType,
  stringType,
  type FunctionParam,
  type Type,
} from "../types/type.js";
import { join, membersOf, optionalOf, unionOf, withoutNull } from "../types/union.js";
import { typeIndex, typeMember } from "./access.js";
import { checkCondition, enterClauses } from "./clauses.js";
import { typeIdent, typeNamespaceMember } from "./names.js";
import { checkWithOverride, typeWith } from "./with.js";
import { checkCall, reportNotCallable } from "./calls.js";
import { CheckCode } from "./codes.js";
import type { ModuleEnv, TopBinding } from "./module-env.js";
import { typeBinary, typeUnary } from "./operators.js";
import { checkRecordAgainstMap, checkRecordAgainstSchema, inferRecord, reportBadSpread } from "./records.js";
import { reportMismatch, show, type Expectation } from "./report.js";
import { Scope, type LocalBinding } from "./scope.js";
import type { ExprTyper } from "./typer.js";

/**
 * The expression checker of one program: types every expression once (a function body or a
 * comprehension body is checked once, not per call or per item), pushes expected types into
 * records, lists and branches so that errors point at the innermost offending field, and turns
 * every problem into a diagnostic of the module it is in. After an error an expression has type
 * `error`, which fits everywhere, so one mistake is reported once.
 */
export class Checker implements ExprTyper {
  private readonly bindingTypes = new Map<object, Type>();
  private readonly inProgress = new Set<object>();
  private readonly resolvedTypes = new Map<A.TypeExpr, Type>();
  private readonly checkedBodies = new Set<A.FnDecl>();

  // ── types of declarations ──

  resolveType(t: A.TypeExpr, env: ModuleEnv): Type {
    let type = this.resolvedTypes.get(t);
    if (type === undefined) {
      type = resolveTypeExpr(t, env, (d) => env.report(d));
      this.resolvedTypes.set(t, type);
    }
    return type;
  }

  typeOfBinding(env: ModuleEnv, binding: TopBinding, use?: A.Span): Type {
    if (binding.kind === "import") {
      if (!binding.target) return errorType;
      return binding.target.kind === "data" ? (binding.target.type ?? listType(anyType)) : errorType;
    }
    const key = binding.decl;
    const known = this.bindingTypes.get(key);
    if (known) return known;
    if (this.inProgress.has(key)) {
      if (binding.kind === "fn") return functionType(this.fnParams(env, binding.decl), anyType);
      env.report(
        error(CheckCode.recursiveDefinition, `\`${binding.decl.name.name}\` depends on itself`, {
          span: use ?? binding.decl.name.span,
          label: "used while it is being defined",
          ...(use ? { secondary: [{ span: binding.decl.name.span, message: "defined here" }] } : {}),
        }),
      );
      return errorType;
    }
    this.inProgress.add(key);
    let type: Type;
    try {
      type = this.computeBinding(env, binding);
    } finally {
      this.inProgress.delete(key);
    }
    this.bindingTypes.set(key, type);
    return type;
  }

  private computeBinding(env: ModuleEnv, binding: TopBinding & { kind: "let" | "param" | "fn" }): Type {
    const scope = Scope.module(env);
    switch (binding.kind) {
      case "let": {
        const d = binding.decl;
        if (!d.type) return this.infer(d.value, scope);
        const declared = this.resolveType(d.type, env);
        this.check(d.value, declared, scope, { what: `\`${d.name.name}\`` });
        return declared;
      }
      case "param": {
        const d = binding.decl;
        if (d.type) {
          const declared = this.resolveType(d.type, env);
          if (d.default) this.check(d.default, declared, scope, { what: `the default of param \`${d.name.name}\`` });
          return declared;
        }
        // An untyped param is set from the command line: its type is the default's, widened.
        return d.default ? widenLiteral(this.infer(d.default, scope)) : anyType;
      }
      case "fn": {
        const d = binding.decl;
        const params = this.fnParams(env, d);
        if (d.returnType) return functionType(params, this.resolveType(d.returnType, env));
        // No declared result: the body's type is the result (and the body is checked now).
        this.checkedBodies.add(d);
        return functionType(params, this.checkFnBodyIn(env, d, undefined));
      }
    }
  }

  private fnParams(env: ModuleEnv, d: A.FnDecl): FunctionParam[] {
    return d.params.map((p) => ({ name: p.name.name, type: p.type ? this.resolveType(p.type, env) : anyType, optional: p.default !== undefined }));
  }

  /** Checks a function's body and parameter defaults once; returns the body's type. */
  checkFnBody(env: ModuleEnv, d: A.FnDecl): void {
    if (this.checkedBodies.has(d)) return;
    this.checkedBodies.add(d);
    this.checkFnBodyIn(env, d, d.returnType ? this.resolveType(d.returnType, env) : undefined);
  }

  private checkFnBodyIn(env: ModuleEnv, d: A.FnDecl, result: Type | undefined): Type {
    let scope = Scope.module(env);
    const params = this.fnParams(env, d);
    const names = new Map<string, LocalBinding>();
    d.params.forEach((p, i) => {
      const earlier = d.params.slice(0, i).find((q) => q.name.name === p.name.name);
      if (earlier)
        env.report(
          error(CheckCode.duplicateDefinition, `parameter \`${p.name.name}\` is declared twice`, {
            span: p.name.span,
            label: "declared again here",
            secondary: [{ span: earlier.name.span, message: "first declared here" }],
          }),
        );
      if (p.default) this.check(p.default, params[i].type, scope.with(names), { what: `the default of parameter \`${p.name.name}\`` });
      if (!names.has(p.name.name)) names.set(p.name.name, { type: params[i].type, span: p.name.span });
    });
    scope = scope.with(names);
    if (result) {
      this.check(d.body, result, scope, { what: `the result of \`${d.name.name}\`` });
      return result;
    }
    return this.infer(d.body, scope);
  }

  // ── expressions ──

  infer(e: A.Expr, scope: Scope): Type {
    switch (e.kind) {
      case "Null":
        return nullType;
      case "Bool":
        return boolType;
      case "Int":
        return intType;
      case "Float":
        return floatType;
      case "Quantity":
        return quantityType;
      case "String":
        return this.inferString(e, scope);
      case "Ident":
        return typeIdent(this, e, scope);
      case "Paren":
        return this.infer(e.expr, scope);
      case "Member":
        return this.inferMember(e, scope);
      case "Index":
        return typeIndex(this, e, scope);
      case "Call":
        return this.inferCall(e, scope);
      case "Unary":
        return typeUnary(this, e, scope);
      case "Binary":
        return e.op === "with" ? typeWith(this, e, scope) : typeBinary(this, e, scope);
      case "If":
        checkCondition(this, e.condition, scope);
        return join([this.infer(e.then, scope), this.infer(e.else, scope)]);
      case "LetIn":
        return this.infer(e.body, this.bindLet(e, scope));
      case "List":
        return this.inferList(e, scope);
      case "Record":
        return inferRecord(this, e, scope);
      case "TypedRecord":
        return this.inferTypedRecord(e, scope);
      case "ListComprehension":
        return listType(this.infer(e.body, enterClauses(this, e.clauses, scope)));
      case "MapComprehension": {
        const inner = enterClauses(this, e.clauses, scope);
        this.checkMapKey(e.key, inner);
        return mapType(this.infer(e.value, inner));
      }
      case "Error":
        return errorType;
    }
  }

  check(e: A.Expr, expected: Type, scope: Scope, ctx: Expectation): Type {
    if (isDynamic(expected) || expected.kind === "var") return this.infer(e, scope);
    switch (e.kind) {
      case "Paren":
        return this.check(e.expr, expected, scope, ctx);
      case "Record": {
        const target = recordTarget(expected);
        if (target?.kind === "schema") return checkRecordAgainstSchema(this, e, target.schema, scope, ctx);
        if (target?.kind === "map") return checkRecordAgainstMap(this, e, target.value, scope, ctx);
        break;
      }
      case "List": {
        const element = listTarget(expected);
        if (element) return this.checkList(e, element, scope, ctx);
        break;
      }
      case "ListComprehension": {
        const element = listTarget(expected);
        if (element) return listType(this.check(e.body, element, enterClauses(this, e.clauses, scope), ctx));
        break;
      }
      case "MapComprehension": {
        const target = recordTarget(expected);
        if (target?.kind === "map") {
          const inner = enterClauses(this, e.clauses, scope);
          this.checkMapKey(e.key, inner);
          return mapType(this.check(e.value, target.value, inner, ctx));
        }
        break;
      }
      case "If":
        checkCondition(this, e.condition, scope);
        return join([this.check(e.then, expected, scope, ctx), this.check(e.else, expected, scope, ctx)]);
      case "LetIn":
        return this.check(e.body, expected, this.bindLet(e, scope), ctx);
      case "Binary":
        if (e.op === "??") {
          const l = this.check(e.left, optionalOf(expected), scope, ctx);
          const r = this.check(e.right, expected, scope, ctx);
          return unionOf([withoutNull(l), r]);
        }
        if (e.op === "with" && recordTarget(expected)?.kind === "schema") {
          const l = this.check(e.left, expected, scope, ctx);
          checkWithOverride(this, e.right, withoutNull(expected), scope, ctx);
          return l;
        }
        break;
      default:
        break;
    }
    const t = this.infer(e, scope);
    if (!isAssignable(t, expected)) reportMismatch(scope, e.span, t, expected, ctx);
    return t;
  }

  private inferString(e: A.StringExpr, scope: Scope): Type {
    let text = "";
    let plain = true;
    for (const part of e.parts) {
      if (part.kind === "Text") text += part.value;
      else {
        plain = false;
        const t = this.infer(part.expr, scope);
        if (t.kind === "function") scope.env.report(error(CheckCode.mismatchedTypes, "a function cannot be interpolated into a string", { span: part.expr.span, label: `this is ${show(t, scope)}` }));
      }
    }
    return plain ? literalType(text) : stringType;
  }

  private inferMember(e: A.MemberExpr, scope: Scope): Type {
    if (e.object.kind === "Ident" && !scope.local(e.object.name)) {
      const t = typeNamespaceMember(this, e.object, e.name, scope);
      if (t !== undefined) return t;
    }
    return typeMember(e, this.infer(e.object, scope), scope);
  }

  private inferCall(e: A.CallExpr, scope: Scope): Type {
    const callee = this.infer(e.callee, scope);
    if (callee.kind === "function") return checkCall(this, e, callee, calleeName(e.callee), scope);
    for (const arg of e.args) this.infer(arg, scope);
    return reportNotCallable(scope, e, callee);
  }

  private checkMapKey(key: A.Expr, scope: Scope): void {
    this.check(key, stringType, scope, { what: "a map key" });
  }

  private bindLet(e: A.LetExpr, scope: Scope): Scope {
    let t: Type;
    if (e.type) {
      t = this.resolveType(e.type, scope.env);
      this.check(e.value, t, scope, { what: `\`${e.name.name}\`` });
    } else t = this.infer(e.value, scope);
    return scope.withOne(e.name.name, { type: t, span: e.name.span });
  }

  private inferList(e: A.ListExpr, scope: Scope): Type {
    const items: Type[] = [];
    for (const item of e.items) {
      if (item.kind !== "Spread") {
        items.push(this.infer(item, scope));
        continue;
      }
      const t = withoutNull(this.infer(item.expr, scope));
      const element = spreadElement(t);
      if (element) items.push(element);
      else if (isDynamic(t)) items.push(t);
      else reportBadSpread(scope, item, t, "a list");
    }
    return listType(items.length ? join(items) : neverType);
  }

  private checkList(e: A.ListExpr, element: Type, scope: Scope, ctx: Expectation): Type {
    const itemCtx: Expectation = { what: ctx.what ? `an item of ${ctx.what}` : undefined, partial: ctx.partial };
    for (const item of e.items) {
      if (item.kind !== "Spread") {
        this.check(item, element, scope, itemCtx);
        continue;
      }
      const t = withoutNull(this.infer(item.expr, scope));
      if (isDynamic(t)) continue;
      const spread = spreadElement(t);
      if (!spread) reportBadSpread(scope, item, t, "a list");
      else if (!isAssignable(spread, element)) reportMismatch(scope, item.span, t, listType(element), ctx);
    }
    return listType(element);
  }

  private inferTypedRecord(e: A.TypedRecordExpr, scope: Scope): Type {
    const t = this.resolveType(e.type, scope.env);
    if (t.kind === "schema") return checkRecordAgainstSchema(this, e.record, t.schema, scope, {});
    if (t.kind !== "error")
      scope.env.report(
        error(CheckCode.notASchema, `\`${show(t, scope)}\` is not a schema`, {
          span: e.type.span,
          label: "only schemas make typed records",
          help: ["write a plain record `{ ... }`, or declare a schema"],
        }),
      );
    inferRecord(this, e.record, scope);
    return errorType;
  }

}

/** The schema or map a record literal should be checked against, if the expected type has exactly one. */
function recordTarget(expected: Type): (Type & { kind: "schema" | "map" }) | undefined {
  const candidates = membersOf(withoutNull(expected)).filter((m) => m.kind === "schema" || m.kind === "map" || m.kind === "record");
  const only = candidates.length === 1 ? candidates[0] : undefined;
  return only && (only.kind === "schema" || only.kind === "map") ? only : undefined;
}

/** The element type a list literal should be checked against, if the expected type has exactly one list. */
function listTarget(expected: Type): Type | undefined {
  const lists = membersOf(withoutNull(expected)).filter((m) => m.kind === "list");
  return lists.length === 1 && lists[0].kind === "list" ? lists[0].element : undefined;
}

/** How a call names its callee in messages: `deployment`, `strings.upper`, or `this function`. */
function calleeName(callee: A.Expr): string {
  if (callee.kind === "Ident") return callee.name;
  if (callee.kind === "Member" && callee.object.kind === "Ident") return `${callee.object.name}.${callee.name.name}`;
  if (callee.kind === "Member") return callee.name.name;
  return "this function";
}

/**
 * The element type of a value spread into a list: a list, or a union of lists such as
 * `if c then [x] else []` (whose type is `[T] | [never]`).
 */
function spreadElement(t: Type): Type | undefined {
  if (t.kind === "list") return t.element;
  const members = membersOf(t);
  if (members.length < 2 || !members.every((m) => m.kind === "list")) return undefined;
  return join(members.map((m) => (m.kind === "list" ? m.element : m)));
}
