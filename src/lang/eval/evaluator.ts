import type { Span } from "../../diag/span.js";
import { suggestName } from "../../diag/suggest.js";
import type { BinaryExpr, Expr, IndexExpr, MemberExpr, QuantityLit, StringExpr } from "../ast.js";
import { builtinFunctions, builtinNamespaces } from "../builtins/registry.js";
import { showValue, typeName } from "../values/describe.js";
import { parseQuantity, Quantity } from "../values/quantity.js";
import { interpolationText } from "../values/text.js";
import { FloatValue, FunctionValue, ListValue, ModuleValue, RecordValue, type Value } from "../values/value.js";
import { Collections } from "./collections.js";
import { EvalCode } from "./codes.js";
import { Instances } from "./instances.js";
import { mergeValues } from "./merge.js";
import { ModuleEnv, UserFunction, type TopBinding, type ValueBinding } from "./module-env.js";
import { applyBinary, applyNegate, OpProblem } from "./operators.js";
import { RuntimeSchema } from "./runtime-schema.js";
import { RuntimeError, toDiagnostic, formatLocation, type CallFrame, type RuntimeProblem } from "./runtime-error.js";
import { Scope, lookupLocal } from "./scope.js";
import { anyShape, type Shape } from "./shape.js";

/** Calls nested deeper than this are reported as runaway recursion (MK3022). */
const maxCallDepth = 400;

/** The builtin namespaces as values (`strings`, `lists` ...) and the namespace-free builtins. */
const namespaceValues = new Map<string, ModuleValue>(
  [...builtinNamespaces].map(([ns, defs]) => [ns, new ModuleValue(ns, new Map([...defs].map(([name, d]) => [name, new FunctionValue(`${ns}.${name}`, d.call)])))]),
);
const functionValues = new Map<string, FunctionValue>([...builtinFunctions].map(([name, d]) => [name, new FunctionValue(name, d.call)]));

/**
 * Evaluates MKL expressions. Pure and hermetic: no clock, no environment, no I/O (modules are
 * loaded before evaluation starts).
 *
 * Provenance: every evaluation leaves in `origin` the span of the source that produced the value
 * it returns (a literal, the field a value was read from, a let's definition ...). Records and
 * lists store that span per field or item when they are built, so any value in the output can be
 * traced back to the MKL expression that wrote it, at the cost of one pointer per field.
 *
 * Schema instances live in Instances (instances.ts), record and list literals in Collections
 * (collections.ts).
 *
 * Runtime errors unwind with a RuntimeError (caught by the program driver for each top-level
 * evaluation) carrying a Diagnostic with the trace of calls in progress.
 */
export class Evaluator {
  origin: Span | undefined;
  private frames: CallFrame[] = [];
  /** The module whose names are in scope. */
  env: ModuleEnv;
  /** Module-level lets being evaluated (to mark them failed when an error unwinds). */
  private running: ValueBinding[] = [];
  private readonly quantityLiterals = new WeakMap<QuantityLit, Quantity>();
  /** Schema instances: type shapes, defaults, checks, conversions. */
  readonly instances: Instances;
  /** Record and list literals, comprehensions. */
  readonly collections: Collections;

  constructor(
    entry: ModuleEnv,
    /** Source texts by file, to quote a failing check's condition. */
    sources: ReadonlyMap<string, string>,
    /** Computes a param's value (the driver parses `-p` values by the param's type). */
    private readonly paramValue: (binding: ValueBinding) => Value,
  ) {
    this.env = entry;
    this.instances = new Instances(this, sources);
    this.collections = new Collections(this);
  }

  // ───────────────────────────── errors ─────────────────────────────

  fail(problem: RuntimeProblem): never {
    throw new RuntimeError(toDiagnostic(problem, this.frames));
  }

  /** After a RuntimeError: forget the calls in progress and mark the lets it interrupted. */
  recover(entry: ModuleEnv): void {
    for (const b of this.running) b.state = "failed";
    this.running = [];
    this.frames = [];
    this.env = entry;
  }

  private failOp(p: OpProblem, span: Span, label?: string): never {
    return this.fail({ code: p.code, message: p.message, span, label, help: p.help });
  }

  // ───────────────────────────── expressions ─────────────────────────────

  eval(e: Expr, scope: Scope | undefined): Value {
    switch (e.kind) {
      case "String":
        return this.evalString(e, scope);
      case "Ident": {
        for (let s = scope; s !== undefined; s = s.parent) {
          if (s.name === e.name) {
            this.origin = s.origin ?? e.span;
            return s.value;
          }
        }
        return this.global(e.name, e.span);
      }
      case "Member":
        return this.evalMember(e, scope);
      case "Int":
        this.origin = e.span;
        return e.value;
      case "Bool":
        this.origin = e.span;
        return e.value;
      case "Null":
        this.origin = e.span;
        return null;
      case "Float":
        this.origin = e.span;
        return new FloatValue(e.value);
      case "Quantity": {
        let q = this.quantityLiterals.get(e);
        if (q === undefined) {
          q = parseQuantity(e.raw) ?? this.fail({ code: EvalCode.invalidValue, message: `\`${e.raw}\` is not a valid quantity`, span: e.span });
          this.quantityLiterals.set(e, q);
        }
        this.origin = e.span;
        return q;
      }
      case "Record": {
        const v = this.collections.evalRecord(e, scope, undefined, undefined, e.span);
        this.origin = e.span;
        return v;
      }
      case "TypedRecord": {
        const v = this.collections.evalRecord(e.record, scope, this.instances.schemaNamed(e.type), undefined, e.span, true);
        this.origin = e.span;
        return v;
      }
      case "List":
        return this.collections.evalList(e, scope, anyShape);
      case "ListComprehension":
        return this.collections.evalListComprehension(e, scope, anyShape);
      case "MapComprehension":
        return this.collections.evalMapComprehension(e, scope, anyShape);
      case "Call":
        return this.evalCall(e.callee, e.args, e.span, scope);
      case "Paren":
        return this.eval(e.expr, scope);
      case "If": {
        const c = this.eval(e.condition, scope);
        if (c === true) return this.eval(e.then, scope);
        if (c === false) return this.eval(e.else, scope);
        return this.notABool(c, e.condition.span, "the condition of `if`");
      }
      case "LetIn": {
        let v = this.eval(e.value, scope);
        const origin = this.origin;
        if (e.type) v = this.instances.coerce(v, this.instances.shapeOf(e.type, this.env), origin ?? e.value.span);
        return this.eval(e.body, new Scope(e.name.name, v, origin, scope));
      }
      case "Binary":
        return this.evalBinary(e, scope);
      case "Unary": {
        const v = this.eval(e.operand, scope);
        this.origin = e.span;
        if (e.op === "!") return v === true ? false : v === false ? true : this.notABool(v, e.operand.span, "the operand of `!`");
        const r = applyNegate(v);
        return r instanceof OpProblem ? this.failOp(r, e.span) : r;
      }
      case "Index":
        return this.evalIndex(e, scope);
      case "Error":
        return this.fail({ code: EvalCode.wrongType, message: "this expression could not be read", span: e.span });
    }
  }

  /** Evaluates `e` for a place of the given shape, building schema instances directly where it can. */
  evalShaped(e: Expr, scope: Scope | undefined, shape: Shape): Value {
    if (!shape.coerces) return this.eval(e, scope);
    if (shape.kind === "schema" && e.kind === "Record") {
      const v = this.collections.evalRecord(e, scope, shape.schema, undefined, e.span);
      this.origin = e.span;
      return v;
    }
    if (shape.kind === "map" && e.kind === "Record") {
      const v = this.collections.evalRecord(e, scope, undefined, shape.value, e.span);
      this.origin = e.span;
      return v;
    }
    if (shape.kind === "list") {
      if (e.kind === "List") return this.collections.evalList(e, scope, shape.element);
      if (e.kind === "ListComprehension") return this.collections.evalListComprehension(e, scope, shape.element);
    }
    if (e.kind === "Paren") return this.evalShaped(e.expr, scope, shape);
    if (e.kind === "If") {
      const c = this.eval(e.condition, scope);
      if (c === true) return this.evalShaped(e.then, scope, shape);
      if (c === false) return this.evalShaped(e.else, scope, shape);
      return this.notABool(c, e.condition.span, "the condition of `if`");
    }
    const v = this.eval(e, scope);
    const origin = this.origin;
    const c = this.instances.coerce(v, shape, origin ?? e.span);
    this.origin = origin;
    return c;
  }

  notABool(v: Value, span: Span, what: string): never {
    return this.fail({ code: EvalCode.wrongType, message: `${what} must be true or false, not ${typeName(v)} ${showValue(v)}`, span });
  }

  private evalString(e: StringExpr, scope: Scope | undefined): string {
    const parts = e.parts;
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.kind === "Text") {
        out += p.value;
        continue;
      }
      const v = this.eval(p.expr, scope);
      if (typeof v === "string") out += v;
      else if (typeof v === "number") out += String(v);
      else if (v instanceof FunctionValue || v instanceof ModuleValue) {
        this.fail({ code: EvalCode.wrongType, message: `cannot put ${typeName(v)} \`${v.name}\` into a string`, span: p.expr.span });
      } else out += interpolationText(v);
    }
    this.origin = e.span;
    return out;
  }

  // ───────────────────────────── names ─────────────────────────────

  private global(name: string, span: Span): Value {
    const b = this.env.bindings.get(name);
    if (b !== undefined) return this.bindingValue(b, name, span);
    this.origin = span;
    const fn = functionValues.get(name);
    if (fn) return fn;
    const ns = namespaceValues.get(name);
    if (ns) return ns;
    const candidates = [...this.env.bindings.keys(), ...functionValues.keys(), ...namespaceValues.keys()];
    const hint = suggestName(name, candidates);
    return this.fail({ code: EvalCode.unknownName, message: `\`${name}\` is not defined`, span, label: hint ? `did you mean \`${hint}\`?` : undefined });
  }

  private bindingValue(b: TopBinding, name: string, span: Span): Value {
    switch (b.kind) {
      case "value":
        return this.letValue(b, span);
      case "fn":
        this.origin = span;
        return b.fn;
      case "data":
        this.origin = b.value.span ?? span;
        return b.value;
      case "module":
        this.origin = span;
        return this.moduleAsValue(b.env, name);
      case "schema":
        return this.fail({
          code: EvalCode.wrongType,
          message: `\`${name}\` is a schema, not a value`,
          span,
          help: [`to make a ${name}, write \`${name} { field: value, ... }\``],
        });
    }
  }

  private letValue(b: ValueBinding, span: Span): Value {
    if (b.state === "done") {
      this.origin = b.origin;
      return b.value;
    }
    if (b.state === "failed") throw new RuntimeError(undefined);
    if (b.state === "running") {
      return this.fail({
        code: EvalCode.recursiveDefinition,
        message: `\`${b.decl.name.name}\` is defined in terms of itself`,
        span,
        secondary: [{ span: b.decl.name.span, message: "defined here" }],
        help: ["a let cannot use its own value; compute it from other names"],
      });
    }
    b.state = "running";
    this.running.push(b);
    const saved = this.env;
    this.env = b.module;
    let v: Value;
    if (b.decl.kind === "Let") {
      v = b.decl.type ? this.evalShaped(b.decl.value, undefined, this.instances.shapeOf(b.decl.type, b.module)) : this.eval(b.decl.value, undefined);
    } else {
      v = this.paramValue(b);
    }
    this.env = saved;
    this.running.pop();
    b.value = v;
    b.origin = this.origin;
    b.state = "done";
    return v;
  }

  private moduleAsValue(env: ModuleEnv, alias: string): ModuleValue {
    const members = new Map<string, Value>();
    for (const [name, b] of env.bindings) {
      if (b.kind === "value") members.set(name, this.letValue(b, b.decl.name.span));
      else if (b.kind === "fn") members.set(name, b.fn);
    }
    return new ModuleValue(alias, members);
  }

  private evalMember(e: MemberExpr, scope: Scope | undefined): Value {
    const name = e.name.name;
    let obj: Value;
    const target = e.object;
    if (target.kind === "Ident") {
      const local = lookupLocal(scope, target.name);
      if (local !== undefined) {
        obj = local.value;
      } else {
        // `web.replicas`, `web.deployment`: a member of an imported MKL module, evaluated lazily.
        const b = this.env.bindings.get(target.name);
        if (b?.kind === "module") return this.moduleMember(b.env, target.name, e);
        obj = b !== undefined ? this.bindingValue(b, target.name, target.span) : this.global(target.name, target.span);
      }
    } else {
      obj = this.eval(target, scope);
    }
    if (obj instanceof RecordValue) {
      const i = obj.indexOf(name);
      if (i >= 0) {
        this.origin = obj.spans[i] ?? e.name.span;
        return obj.values[i];
      }
      this.origin = e.span;
      if (e.optional) return null;
      const schema = obj.schema instanceof RuntimeSchema ? obj.schema : undefined;
      if (schema?.field(name)) return null; // an optional field that was not given
      const hint = suggestName(name, schema ? schema.fields().keys() : obj.keys);
      return this.fail({
        code: EvalCode.missingField,
        message: `${schema ? schema.name : "the record"} has no field \`${name}\``,
        span: e.name.span,
        label: hint ? `did you mean \`${hint}\`?` : undefined,
        notes: schema ? undefined : [`its fields are: ${obj.keys.slice(0, 12).join(", ") || "(none)"}`],
        help: schema ? undefined : [`use \`?.${name}\` to get null when the field is absent`],
      });
    }
    if (obj === null) {
      this.origin = e.span;
      if (e.optional) return null;
      return this.fail({
        code: EvalCode.nullAccess,
        message: `cannot read \`${name}\` of null`,
        span: e.name.span,
        label: "the value on the left is null",
        help: [`use \`?.${name}\` to get null instead, or \`?? default\` after it`],
      });
    }
    if (obj instanceof ModuleValue) {
      const v = obj.members.get(name);
      this.origin = e.span;
      if (v !== undefined) return v;
      const hint = suggestName(name, obj.members.keys());
      return this.fail({ code: EvalCode.missingField, message: `\`${obj.name}\` has no member \`${name}\``, span: e.name.span, label: hint ? `did you mean \`${hint}\`?` : undefined });
    }
    this.origin = e.span;
    if (e.optional) return null;
    return this.fail({ code: EvalCode.wrongType, message: `cannot read field \`${name}\` of ${typeName(obj)} ${showValue(obj)}`, span: e.name.span });
  }

  private moduleMember(env: ModuleEnv, alias: string, e: MemberExpr): Value {
    const name = e.name.name;
    const b = env.bindings.get(name);
    if (b !== undefined && b.kind !== "module") return this.bindingValue(b, name, e.span);
    const candidates = [...env.bindings].filter(([, x]) => x.kind !== "module").map(([n]) => n);
    const hint = suggestName(name, candidates);
    return this.fail({ code: EvalCode.missingField, message: `module \`${alias}\` has no member \`${name}\``, span: e.name.span, label: hint ? `did you mean \`${hint}\`?` : undefined });
  }

  // ───────────────────────────── calls ─────────────────────────────

  private evalCall(calleeExpr: Expr, argExprs: readonly Expr[], span: Span, scope: Scope | undefined): Value {
    const callee = this.eval(calleeExpr, scope);
    if (!(callee instanceof FunctionValue)) {
      return this.fail({ code: EvalCode.badCall, message: `${typeName(callee)} ${showValue(callee)} is not a function`, span: calleeExpr.span });
    }
    if (callee instanceof UserFunction) return this.callUser(callee, argExprs, span, scope);
    const args: Value[] = new Array(argExprs.length);
    for (let i = 0; i < argExprs.length; i++) args[i] = this.eval(argExprs[i], scope);
    const result = callee.builtin ? callee.builtin(args) : { ok: false as const, message: "this function has no implementation" };
    this.origin = span;
    if (result.ok) return result.value;
    const message = result.message.startsWith(callee.name) ? result.message : `${callee.name}: ${result.message}`;
    return this.fail({ code: EvalCode.builtinFailed, message, span, notes: result.notes });
  }

  private callUser(fn: UserFunction, argExprs: readonly Expr[], span: Span, scope: Scope | undefined): Value {
    const decl = fn.decl;
    const params = decl.params;
    if (argExprs.length > params.length) {
      return this.fail({
        code: EvalCode.badCall,
        message: `\`${fn.name}\` takes ${params.length} argument${params.length === 1 ? "" : "s"}, but ${argExprs.length} were given`,
        span,
        secondary: [{ span: decl.name.span, message: "declared here" }],
      });
    }
    if (this.frames.length >= maxCallDepth) {
      return this.fail({
        code: EvalCode.recursionTooDeep,
        message: `calls are nested more than ${maxCallDepth} deep`,
        span,
        help: ["a recursive function needs a case that stops the recursion"],
      });
    }
    const shapes = (fn.paramShapes ??= params.map((p) => (p.type ? this.instances.shapeOf(p.type, fn.module) : anyShape)));
    // Arguments are evaluated in the caller's scope, then bound in the callee's.
    const values: Value[] = new Array(argExprs.length);
    const origins: (Span | undefined)[] = new Array(argExprs.length);
    for (let i = 0; i < argExprs.length; i++) {
      values[i] = this.evalShaped(argExprs[i], scope, shapes[i]);
      origins[i] = this.origin;
    }
    const saved = this.env;
    this.env = fn.module;
    this.frames.push({ name: fn.name, span });
    let local: Scope | undefined;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (i < values.length) {
        local = new Scope(p.name.name, values[i], origins[i], local);
      } else if (p.default) {
        const v = this.evalShaped(p.default, local, shapes[i]);
        local = new Scope(p.name.name, v, this.origin, local);
      } else {
        this.frames.pop();
        return this.fail({
          code: EvalCode.badCall,
          message: `\`${fn.name}\` needs the argument \`${p.name.name}\``,
          span,
          secondary: [{ span: p.span, message: "this parameter has no default" }],
        });
      }
    }
    const result = decl.returnType ? this.evalShaped(decl.body, local, (fn.resultShape ??= this.instances.shapeOf(decl.returnType, fn.module))) : this.eval(decl.body, local);
    this.frames.pop();
    this.env = saved;
    return result;
  }

  // ───────────────────────────── operators ─────────────────────────────

  private evalBinary(e: BinaryExpr, scope: Scope | undefined): Value {
    switch (e.op) {
      case "&&": {
        const a = this.eval(e.left, scope);
        if (a === false) return (this.origin = e.span), false;
        if (a !== true) return this.notABool(a, e.left.span, "the left side of `&&`");
        const b = this.eval(e.right, scope);
        if (typeof b !== "boolean") return this.notABool(b, e.right.span, "the right side of `&&`");
        this.origin = e.span;
        return b;
      }
      case "||": {
        const a = this.eval(e.left, scope);
        if (a === true) return (this.origin = e.span), true;
        if (a !== false) return this.notABool(a, e.left.span, "the left side of `||`");
        const b = this.eval(e.right, scope);
        if (typeof b !== "boolean") return this.notABool(b, e.right.span, "the right side of `||`");
        this.origin = e.span;
        return b;
      }
      case "??": {
        const a = this.eval(e.left, scope);
        return a === null ? this.eval(e.right, scope) : a;
      }
      case "with": {
        const a = this.eval(e.left, scope);
        const b = this.eval(e.right, scope);
        if (!(a instanceof RecordValue) || !(b instanceof RecordValue)) {
          const bad = a instanceof RecordValue ? e.right : e.left;
          return this.fail({ code: EvalCode.wrongType, message: `\`with\` merges two records, but this is ${typeName(a instanceof RecordValue ? b : a)}`, span: bad.span });
        }
        const merged = mergeValues(a, b, this.instances);
        this.origin = e.span;
        return merged;
      }
      default: {
        const a = this.eval(e.left, scope);
        const aOrigin = this.origin;
        const b = this.eval(e.right, scope);
        const bOrigin = this.origin;
        const r = applyBinary(e.op, a, b);
        this.origin = e.span;
        if (r instanceof OpProblem) {
          // Say where the offending values came from when that is not the expression itself.
          const from = (what: string, v: Value, origin: Span | undefined, own: Span) =>
            origin && !within(origin, e.span) ? [`${what} is ${showValue(v)} (from ${formatLocation(origin)})`] : [];
          if (r.code === EvalCode.divisionByZero) {
            return this.fail({ code: r.code, message: r.message, span: e.right.span, label: "this is zero", notes: from("the divisor", b, bOrigin, e.right.span), help: r.help });
          }
          return this.fail({
            code: r.code,
            message: r.message,
            span: e.span,
            label: `${typeName(a)} ${e.op} ${typeName(b)}`,
            notes: [...from("the left side", a, aOrigin, e.left.span), ...from("the right side", b, bOrigin, e.right.span)],
            help: r.help,
          });
        }
        return r;
      }
    }
  }

  private evalIndex(e: IndexExpr, scope: Scope | undefined): Value {
    const obj = this.eval(e.object, scope);
    const index = this.eval(e.index, scope);
    if (obj instanceof ListValue) {
      if (typeof index !== "number") return this.fail({ code: EvalCode.wrongType, message: `a list index must be an int, not ${typeName(index)}`, span: e.index.span });
      if (index < 0 || index >= obj.items.length) {
        return this.fail({
          code: EvalCode.indexOutOfRange,
          message: `index ${index} is out of range for a list of ${obj.items.length} item${obj.items.length === 1 ? "" : "s"}`,
          span: e.index.span,
          label: obj.items.length === 0 ? "the list is empty" : `valid indexes are 0 to ${obj.items.length - 1}`,
          help: ["`lists.first(xs)` and `lists.last(xs)` give null for an empty list"],
        });
      }
      this.origin = obj.spans?.[index] ?? e.span;
      return obj.items[index];
    }
    if (obj instanceof RecordValue) {
      if (typeof index !== "string") return this.fail({ code: EvalCode.wrongType, message: `a record is indexed by a string, not ${typeName(index)}`, span: e.index.span });
      const i = obj.indexOf(index);
      if (i < 0) {
        const hint = suggestName(index, obj.keys);
        return this.fail({
          code: EvalCode.missingField,
          message: `the record has no field ${JSON.stringify(index)}`,
          span: e.index.span,
          label: hint ? `did you mean ${JSON.stringify(hint)}?` : undefined,
          help: ["`maps.get(m, key, default)` gives a default for an absent field"],
        });
      }
      this.origin = obj.spans[i] ?? e.span;
      return obj.values[i];
    }
    if (typeof obj === "string") {
      if (typeof index !== "number") return this.fail({ code: EvalCode.wrongType, message: `a string index must be an int, not ${typeName(index)}`, span: e.index.span });
      const chars = Array.from(obj);
      if (index < 0 || index >= chars.length) {
        return this.fail({ code: EvalCode.indexOutOfRange, message: `index ${index} is out of range for a string of ${chars.length} character${chars.length === 1 ? "" : "s"}`, span: e.index.span });
      }
      this.origin = e.span;
      return chars[index];
    }
    if (obj === null) {
      return this.fail({ code: EvalCode.nullAccess, message: "cannot index null", span: e.object.span, label: "this is null" });
    }
    return this.fail({ code: EvalCode.wrongType, message: `cannot index ${typeName(obj)}`, span: e.object.span });
  }

}

/** Whether span `a` lies inside span `b`. */
function within(a: Span, b: Span): boolean {
  return a.file === b.file && a.start.offset >= b.start.offset && a.end.offset <= b.end.offset;
}
