import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { suggestName } from "../../diag/suggest.js";
import { builtinFunctions, builtinNamespaces } from "../builtins/registry.js";
import { isAssignable } from "../types/assign.js";
import { widenLiteral } from "../types/generics.js";
import { resolveTypeExpr } from "../types/resolve.js";
import { parseSignature } from "../types/signature.js";
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
  recordType,
  stringType,
  type FunctionParam,
  type RecordFieldType,
  type Type,
} from "../types/type.js";
import { join, membersOf, optionalOf, unionOf, withoutNull } from "../types/union.js";
import { typeIndex, typeMember } from "./access.js";
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
        return this.inferIdent(e, scope);
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
        return e.op === "with" ? this.inferWith(e, scope) : typeBinary(this, e, scope);
      case "If":
        this.checkCondition(e.condition, scope);
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
        return listType(this.infer(e.body, this.enterClauses(e.clauses, scope)));
      case "MapComprehension": {
        const inner = this.enterClauses(e.clauses, scope);
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
        if (element) return listType(this.check(e.body, element, this.enterClauses(e.clauses, scope), ctx));
        break;
      }
      case "MapComprehension": {
        const target = recordTarget(expected);
        if (target?.kind === "map") {
          const inner = this.enterClauses(e.clauses, scope);
          this.checkMapKey(e.key, inner);
          return mapType(this.check(e.value, target.value, inner, ctx));
        }
        break;
      }
      case "If":
        this.checkCondition(e.condition, scope);
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
          this.checkWithOverride(e.right, withoutNull(expected), scope, ctx);
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

  private inferIdent(e: A.Ident, scope: Scope): Type {
    const local = scope.local(e.name);
    if (local) return local.type;
    const env = scope.env;
    const top = env.value(e.name);
    if (top) {
      if (top.kind === "import") {
        env.useModule(e.name);
        if (top.target?.kind === "mkl") return this.notAValue(scope, e.span, `\`${e.name}\` is a module, not a value`, `use one of its members: \`${e.name}.name\``);
      }
      return this.typeOfBinding(env, top, e.span);
    }
    const builtin = builtinFunctions.get(e.name);
    if (builtin) return parseSignature(builtin.signature);
    if (builtinNamespaces.has(e.name)) return this.notAValue(scope, e.span, `\`${e.name}\` is a namespace of builtin functions, not a value`, `call one of them: \`${e.name}.${[...(builtinNamespaces.get(e.name)?.keys() ?? [])][0] ?? "f"}(...)\``);
    if (env.schema(e.name)) return this.notAValue(scope, e.span, `\`${e.name}\` is a schema, not a value`, `make a value of it: \`${e.name} { ... }\``);
    const candidates = [...scope.localNames(), ...env.valueNames(), ...builtinFunctions.keys(), ...builtinNamespaces.keys()];
    const suggestion = suggestName(e.name, candidates);
    env.report(
      error(CheckCode.unknownName, `cannot find \`${e.name}\` in this scope`, {
        span: e.span,
        label: suggestion ? `did you mean \`${suggestion}\`?` : "not found in this scope",
      }),
    );
    return errorType;
  }

  private notAValue(scope: Scope, span: A.Span, message: string, help: string): Type {
    scope.env.report(error(CheckCode.notAValue, message, { span, label: "not a value", help: [help] }));
    return errorType;
  }

  private inferMember(e: A.MemberExpr, scope: Scope): Type {
    if (e.object.kind === "Ident" && !scope.local(e.object.name)) {
      const t = this.namespaceMember(e.object, e.name, scope);
      if (t !== undefined) return t;
    }
    return typeMember(e, this.infer(e.object, scope), scope);
  }

  /** `web.deployment`, `strings.upper`: a member of an imported module or a builtin namespace. */
  private namespaceMember(object: A.Ident, member: A.Name, scope: Scope): Type | undefined {
    const env = scope.env;
    const top = env.value(object.name);
    if (top) {
      if (top.kind !== "import" || top.target?.kind === "data") return undefined;
      env.useModule(object.name);
      const target = env.importedModule(top);
      if (!target) return errorType;
      const binding = target.value(member.name);
      if (binding && binding.kind !== "import") return this.typeOfBinding(target, binding, member.span);
      const qualified = `${object.name}.${member.name}`;
      if (target.schema(member.name)) return this.notAValue(scope, member.span, `\`${qualified}\` is a schema, not a value`, `make a value of it: \`${qualified} { ... }\``);
      const names = [...target.valueNames()].filter((n) => target.value(n)?.kind !== "import");
      const suggestion = suggestName(member.name, [...names, ...target.schemaNames()]);
      env.report(
        error(CheckCode.unknownMember, `module \`${object.name}\` has no \`${member.name}\``, {
          span: member.span,
          label: suggestion ? `did you mean \`${suggestion}\`?` : "not declared in that module",
        }),
      );
      return errorType;
    }
    const namespace = builtinNamespaces.get(object.name);
    if (!namespace) return undefined;
    const def = namespace.get(member.name);
    if (def) return parseSignature(def.signature);
    const suggestion = suggestName(member.name, namespace.keys());
    env.report(
      error(CheckCode.unknownMember, `\`${object.name}\` has no function \`${member.name}\``, {
        span: member.span,
        label: suggestion ? `did you mean \`${suggestion}\`?` : "no such builtin",
        ...(suggestion ? {} : { notes: [`${object.name} has ${[...namespace.keys()].map((n) => `\`${n}\``).join(", ")}`] }),
      }),
    );
    return errorType;
  }

  private inferCall(e: A.CallExpr, scope: Scope): Type {
    const callee = this.infer(e.callee, scope);
    if (callee.kind === "function") return checkCall(this, e, callee, calleeName(e.callee), scope);
    for (const arg of e.args) this.infer(arg, scope);
    return reportNotCallable(scope, e, callee);
  }

  /** `a with b`: both records; a schema on the left checks the right side's fields against it. */
  private inferWith(e: A.BinaryExpr, scope: Scope): Type {
    const left = this.infer(e.left, scope);
    const l = withoutNull(left);
    if (l.kind === "schema") {
      this.checkWithOverride(e.right, l, scope, {});
      return l;
    }
    const right = withoutNull(this.infer(e.right, scope));
    let bad = false;
    for (const [side, t] of [
      [e.left, l],
      [e.right, right],
    ] as const) {
      if (isDynamic(t) || t.kind === "record" || t.kind === "map" || t.kind === "schema") continue;
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
    return mergeTypes(l, right);
  }

  /**
   * The right side of `a with b` when `a` is a schema value: a record literal is checked against
   * the schema without requiring fields (the left side has them); anything else must be a record.
   */
  private checkWithOverride(right: A.Expr, schema: Type, scope: Scope, ctx: Expectation): void {
    let inner = right;
    while (inner.kind === "Paren") inner = inner.expr;
    if (inner.kind === "Record") {
      this.check(inner, schema, scope, { ...ctx, partial: true });
      return;
    }
    const t = withoutNull(this.infer(right, scope));
    if (isDynamic(t) || t.kind === "record" || t.kind === "map" || t.kind === "schema") return;
    scope.env.report(
      error(CheckCode.withNeedsRecords, `\`with\` merges records, found ${show(t, scope)}`, {
        span: right.span,
        label: `this is ${show(t, scope)}`,
      }),
    );
  }

  private checkCondition(e: A.Expr, scope: Scope): void {
    const t = this.infer(e, scope);
    if (isDynamic(t) || membersOf(t).every((m) => m.kind === "bool" || (m.kind === "literal" && typeof m.value === "boolean"))) return;
    scope.env.report(
      error(CheckCode.conditionNotBool, `a condition must be bool, found ${show(t, scope)}`, {
        span: e.span,
        label: `this is ${show(t, scope)}`,
        ...(withoutNull(t) !== t ? { help: ["test for null explicitly: `x != null`"] } : {}),
      }),
    );
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
      if (t.kind === "list") items.push(t.element);
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
      if (t.kind !== "list") reportBadSpread(scope, item, t, "a list");
      else if (!isAssignable(t.element, element)) reportMismatch(scope, item.span, t, listType(element), ctx);
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

  /** Binds the variables of `for` clauses and checks `if` filters, left to right. */
  private enterClauses(clauses: readonly A.ComprehensionClause[], scope: Scope): Scope {
    let s = scope;
    for (const clause of clauses) {
      if (clause.kind === "IfClause") {
        this.checkCondition(clause.condition, s);
        continue;
      }
      const t = withoutNull(this.infer(clause.iterable, s));
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

/** How a call names its callee in messages: `deployment`, `strings.upper`, or `this function`. */
function calleeName(callee: A.Expr): string {
  if (callee.kind === "Ident") return callee.name;
  if (callee.kind === "Member" && callee.object.kind === "Ident") return `${callee.object.name}.${callee.name.name}`;
  if (callee.kind === "Member") return callee.name.name;
  return "this function";
}
