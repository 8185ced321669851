import type { Span } from "../../diag/span.js";
import { suggestName } from "../../diag/suggest.js";
import type {
  BinaryExpr,
  ComprehensionClause,
  Expr,
  IndexExpr,
  ListComprehension,
  ListExpr,
  MapComprehension,
  MemberExpr,
  NamedType,
  QuantityLit,
  RecordExpr,
  RecordField,
  StringExpr,
  TypeExpr,
} from "../ast.js";
import { builtinFunctions, builtinNamespaces } from "../builtins/registry.js";
import { showValue, typeName } from "../values/describe.js";
import { parseQuantity, Quantity, quantityFromNumber } from "../values/quantity.js";
import { interpolationText } from "../values/text.js";
import { FloatValue, FunctionValue, ListValue, ModuleValue, RecordBuilder, RecordValue, type Value } from "../values/value.js";
import { EvalCode } from "./codes.js";
import { mergeValues } from "./merge.js";
import { ModuleEnv, UserFunction, type TopBinding, type ValueBinding } from "./module-env.js";
import { applyBinary, applyNegate, OpProblem } from "./operators.js";
import { RuntimeSchema, type RuntimeField } from "./runtime-schema.js";
import { RuntimeError, toDiagnostic, formatLocation, type CallFrame, type RuntimeProblem } from "./runtime-error.js";
import { Scope, lookupLocal } from "./scope.js";
import { anyShape, floatShape, listShape, mapShape, quantityShape, schemaShape, unionShape, type Shape } from "./shape.js";

/** See `Evaluator.planFor`. */
interface RecordPlan {
  schema: RuntimeSchema | undefined;
  valueShape: Shape | undefined;
  /** Whether a `@kind` schema's apiVersion and kind defaults apply (see `finishInstance`). */
  kindFields: boolean;
  /** The literal's field names, then (for a schema) the defaulted fields it leaves out. */
  keys: string[];
  /** The shape of each literal field's value. */
  shapes: Shape[];
  /** The defaulted fields the literal leaves out, in the order of their slots after the literal's. */
  defaults: RuntimeField[];
  /** Slots of required fields (they may still be given as null). */
  required: number[];
  /** The spans of the last record built from this plan: shared with the next one when equal. */
  lastSpans: (Span | undefined)[] | undefined;
}

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
  private readonly plans = new Map<RecordExpr, RecordPlan | false>();
  private readonly namedSchemas = new Map<NamedType, RuntimeSchema>();

  constructor(
    entry: ModuleEnv,
    /** Source texts by file, to quote a failing check's condition. */
    private readonly sources: ReadonlyMap<string, string>,
    /** Computes a param's value (the driver parses `-p` values by the param's type). */
    private readonly paramValue: (binding: ValueBinding) => Value,
  ) {
    this.env = entry;
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
        const v = this.evalRecord(e, scope, undefined, undefined, e.span);
        this.origin = e.span;
        return v;
      }
      case "TypedRecord": {
        const v = this.evalRecord(e.record, scope, this.schemaNamed(e.type), undefined, e.span, true);
        this.origin = e.span;
        return v;
      }
      case "List":
        return this.evalList(e, scope, anyShape);
      case "ListComprehension":
        return this.evalListComprehension(e, scope, anyShape);
      case "MapComprehension":
        return this.evalMapComprehension(e, scope, anyShape);
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
        if (e.type) v = this.coerce(v, this.shapeOf(e.type, this.env), origin ?? e.value.span);
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
      const v = this.evalRecord(e, scope, shape.schema, undefined, e.span);
      this.origin = e.span;
      return v;
    }
    if (shape.kind === "map" && e.kind === "Record") {
      const v = this.evalRecord(e, scope, undefined, shape.value, e.span);
      this.origin = e.span;
      return v;
    }
    if (shape.kind === "list") {
      if (e.kind === "List") return this.evalList(e, scope, shape.element);
      if (e.kind === "ListComprehension") return this.evalListComprehension(e, scope, shape.element);
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
    const c = this.coerce(v, shape, origin ?? e.span);
    this.origin = origin;
    return c;
  }

  private notABool(v: Value, span: Span, what: string): never {
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
      v = b.decl.type ? this.evalShaped(b.decl.value, undefined, this.shapeOf(b.decl.type, b.module)) : this.eval(b.decl.value, undefined);
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
    const shapes = (fn.paramShapes ??= params.map((p) => (p.type ? this.shapeOf(p.type, fn.module) : anyShape)));
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
    const result = decl.returnType ? this.evalShaped(decl.body, local, (fn.resultShape ??= this.shapeOf(decl.returnType, fn.module))) : this.eval(decl.body, local);
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
        const merged = mergeValues(a, b, this);
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

  // ───────────────────────────── collections ─────────────────────────────

  /**
   * A record literal's value. With `schema`, an instance: each field must be one of the schema's,
   * its value is shaped by the field's type, defaults fill the rest and the checks run; with
   * `valueShape` (a map type), every value is shaped by it.
   */
  evalRecord(e: RecordExpr, scope: Scope | undefined, schema: RuntimeSchema | undefined, valueShape: Shape | undefined, span: Span, kindFields = false): RecordValue {
    const plan = this.planFor(e, schema, valueShape, kindFields);
    if (plan === undefined) {
      const b = this.buildRecord(e, scope, schema, valueShape);
      return schema ? this.finishInstance(schema, b, span, kindFields) : b.build(span);
    }
    // The hot path: fixed field names, values written into exact-size slots.
    const keys = plan.keys;
    const values: Value[] = new Array(keys.length);
    let spans: (Span | undefined)[] = new Array(keys.length);
    const entries = e.entries as RecordField[];
    const shapes = plan.shapes;
    const n = entries.length;
    for (let i = 0; i < n; i++) {
      const shape = shapes[i];
      values[i] = shape.coerces ? this.evalShaped(entries[i].value, scope, shape) : this.eval(entries[i].value, scope);
      spans[i] = this.origin;
    }
    if (schema !== undefined) {
      const defaults = plan.defaults;
      for (let j = 0; j < defaults.length; j++) {
        const f = defaults[j];
        let v: Value;
        if (f.constantDefault !== undefined) {
          v = f.constantDefault;
          if (v !== null && schema.shapeOf(f).coerces) v = this.coerce(v, schema.shapeOf(f), f.decl.span);
        } else {
          const saved = this.env;
          this.env = schema.module;
          v = this.evalShaped(f.default as Expr, slotScope(schema, keys, values, spans), schema.shapeOf(f));
          this.env = saved;
        }
        values[n + j] = v;
        spans[n + j] = (f.default as Expr).span;
      }
      for (const i of plan.required) if (values[i] === null) return this.finishInstance(schema, RecordBuilder.from(keys, values, spans), span, kindFields);
    }
    // Records built from one literal mostly carry the very same spans: share the array then.
    const last = plan.lastSpans;
    if (last !== undefined && sameSpans(last, spans)) spans = last;
    else plan.lastSpans = spans;
    const record = new RecordValue(keys, values, spans, span, schema);
    if (schema !== undefined && schema.checks.length > 0) this.runChecks(schema, record);
    return record;
  }

  /** A record literal's fields, one by one (spreads, repeated names). */
  buildRecord(e: RecordExpr, scope: Scope | undefined, schema: RuntimeSchema | undefined, valueShape: Shape | undefined): RecordBuilder {
    const b = new RecordBuilder();
    const entries = e.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.kind === "Spread") {
        const v = this.eval(entry.expr, scope);
        if (v === null) continue;
        if (!(v instanceof RecordValue)) {
          return this.fail({ code: EvalCode.wrongType, message: `only a record can be spread into a record, not ${typeName(v)}`, span: entry.expr.span });
        }
        for (let j = 0; j < v.keys.length; j++) {
          const span = v.spans[j] ?? entry.span;
          if (schema) {
            const f = this.schemaField(schema, v.keys[j], span);
            b.set(v.keys[j], this.coerce(v.values[j], schema.shapeOf(f), span), span);
          } else if (valueShape) {
            b.set(v.keys[j], this.coerce(v.values[j], valueShape, span), span);
          } else {
            b.set(v.keys[j], v.values[j], v.spans[j]);
          }
        }
        continue;
      }
      const name = entry.name.name;
      let v: Value;
      if (schema) v = this.evalShaped(entry.value, scope, schema.shapeOf(this.schemaField(schema, name, entry.name.span)));
      else if (valueShape) v = this.evalShaped(entry.value, scope, valueShape);
      else v = this.eval(entry.value, scope);
      b.set(name, v, this.origin);
    }
    return b;
  }

  /**
   * The fixed layout of a record literal without spreads or repeated names: its keys (followed,
   * for a schema, by the defaulted fields it leaves out) and the shape of each value. Computed once
   * per literal and schema.
   */
  private planFor(e: RecordExpr, schema: RuntimeSchema | undefined, valueShape: Shape | undefined, kindFields: boolean): RecordPlan | undefined {
    const cached = this.plans.get(e);
    if (cached !== undefined) {
      if (cached === false) return undefined;
      if (cached.schema === schema && cached.valueShape === valueShape && cached.kindFields === kindFields) return cached;
    }
    const names: string[] = [];
    for (const entry of e.entries) {
      if (entry.kind === "Spread" || names.includes(entry.name.name)) {
        this.plans.set(e, false);
        return undefined;
      }
      names.push(entry.name.name);
    }
    const shapes = (e.entries as RecordField[]).map((entry) =>
      schema ? schema.shapeOf(this.schemaField(schema, entry.name.name, entry.name.span)) : (valueShape ?? anyShape),
    );
    let keys = names;
    let defaults: RuntimeField[] = [];
    let required: number[] = [];
    if (schema) {
      const skipped = schema.kubernetesKind && !kindFields ? ["apiVersion", "kind"] : [];
      defaults = schema.defaulted().filter((f) => !names.includes(f.name) && !skipped.includes(f.name));
      keys = [...names, ...defaults.map((f) => f.name)];
      const missing = schema.required().filter((f) => !names.includes(f.name));
      if (missing.length > 0) {
        // Always an error: the general path reports it.
        this.plans.set(e, false);
        return undefined;
      }
      required = schema.required().map((f) => names.indexOf(f.name));
    }
    const plan: RecordPlan = { schema, valueShape, kindFields, keys, shapes, defaults, required, lastSpans: undefined };
    this.plans.set(e, plan);
    return plan;
  }

  private schemaField(schema: RuntimeSchema, name: string, span: Span) {
    const f = schema.field(name);
    if (f) return f;
    const hint = suggestName(name, schema.fields().keys());
    return this.fail({
      code: EvalCode.schemaField,
      message: `unknown field \`${name}\` in ${schema.name}`,
      span,
      label: hint ? `did you mean \`${hint}\`?` : undefined,
      secondary: [{ span: schema.span, message: `${schema.name} is declared here` }],
    });
  }

  private evalList(e: ListExpr, scope: Scope | undefined, element: Shape): ListValue {
    const n = e.items.length;
    if (!e.items.some((item) => item.kind === "Spread")) {
      const items: Value[] = new Array(n);
      const spans: (Span | undefined)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        items[i] = this.evalShaped(e.items[i] as Expr, scope, element);
        spans[i] = this.origin;
      }
      this.origin = e.span;
      return new ListValue(items, spans, e.span);
    }
    const items: Value[] = [];
    const spans: (Span | undefined)[] = [];
    for (const item of e.items) {
      if (item.kind === "Spread") {
        const v = this.eval(item.expr, scope);
        if (v === null) continue;
        if (!(v instanceof ListValue)) return this.fail({ code: EvalCode.wrongType, message: `only a list can be spread into a list, not ${typeName(v)}`, span: item.expr.span });
        for (let j = 0; j < v.items.length; j++) {
          const span = v.spans?.[j] ?? item.span;
          items.push(element.coerces ? this.coerce(v.items[j], element, span) : v.items[j]);
          spans.push(span);
        }
        continue;
      }
      items.push(this.evalShaped(item, scope, element));
      spans.push(this.origin);
    }
    this.origin = e.span;
    return new ListValue(items, spans, e.span);
  }

  private evalListComprehension(e: ListComprehension, scope: Scope | undefined, element: Shape): ListValue {
    const items: Value[] = [];
    const spans: (Span | undefined)[] = [];
    this.runClauses(e.clauses, 0, scope, (inner) => {
      items.push(this.evalShaped(e.body, inner, element));
      spans.push(this.origin);
    });
    this.origin = e.span;
    // Arrays grown by push keep spare room; a short list is copied to its exact size, since
    // output lists live until the end of the compile.
    if (items.length < 64) return new ListValue(items.slice(), spans.slice(), e.span);
    return new ListValue(items, spans, e.span);
  }

  private evalMapComprehension(e: MapComprehension, scope: Scope | undefined, valueShape: Shape): RecordValue {
    const b = new RecordBuilder();
    this.runClauses(e.clauses, 0, scope, (inner) => {
      const key = this.eval(e.key, inner);
      if (typeof key !== "string") {
        this.fail({ code: EvalCode.wrongType, message: `a map key must be a string, not ${typeName(key)} ${showValue(key)}`, span: e.key.span, help: ['turn it into a string with interpolation: "${k}"'] });
      }
      if (b.has(key)) {
        this.fail({ code: EvalCode.duplicateKey, message: `the key ${JSON.stringify(key)} is produced twice`, span: e.key.span, help: ["make the keys unique, or filter with `if`"] });
      }
      const v = this.evalShaped(e.value, inner, valueShape);
      b.set(key, v, this.origin);
    });
    this.origin = e.span;
    return b.build(e.span);
  }

  /** Runs `for` and `if` clauses as nested loops, calling `body` with the scope of each binding. */
  private runClauses(clauses: readonly ComprehensionClause[], i: number, scope: Scope | undefined, body: (scope: Scope | undefined) => void): void {
    if (i === clauses.length) {
      body(scope);
      return;
    }
    const c = clauses[i];
    if (c.kind === "IfClause") {
      const cond = this.eval(c.condition, scope);
      if (cond === true) this.runClauses(clauses, i + 1, scope, body);
      else if (cond !== false) this.notABool(cond, c.condition.span, "a comprehension's `if`");
      return;
    }
    const it = this.eval(c.iterable, scope);
    if (it instanceof ListValue) {
      const items = it.items;
      for (let j = 0; j < items.length; j++) {
        let s = scope;
        if (c.key) s = new Scope(c.key.name, j, c.key.span, s);
        s = new Scope(c.value.name, items[j], it.spans?.[j] ?? c.iterable.span, s);
        this.runClauses(clauses, i + 1, s, body);
      }
      return;
    }
    if (it instanceof RecordValue) {
      for (let j = 0; j < it.keys.length; j++) {
        if (it.values[j] === null) continue;
        let s = scope;
        if (c.key) s = new Scope(c.key.name, it.keys[j], it.spans[j] ?? c.iterable.span, s);
        s = new Scope(c.value.name, it.values[j], it.spans[j] ?? c.iterable.span, s);
        this.runClauses(clauses, i + 1, s, body);
      }
      return;
    }
    this.fail({
      code: it === null ? EvalCode.nullAccess : EvalCode.wrongType,
      message: `\`for\` needs a list or a record, not ${typeName(it)}`,
      span: c.iterable.span,
      help: it === null ? ["use `?? []` to iterate over nothing when the value is null"] : undefined,
    });
  }

  // ───────────────────────────── schemas ─────────────────────────────

  /** The schema a type name refers to, in the current module (`WebApp`, `apps.Deployment`). */
  schemaNamed(t: NamedType): RuntimeSchema {
    // A type name always means the same schema: it is resolved in the module it is written in.
    const known = this.namedSchemas.get(t);
    if (known !== undefined) return known;
    const shape = this.shapeOf(t, this.env);
    if (shape.kind === "schema") {
      this.namedSchemas.set(t, shape.schema);
      return shape.schema;
    }
    return this.fail({ code: EvalCode.wrongType, message: `\`${t.module ? `${t.module.name}.` : ""}${t.name.name}\` is not a schema`, span: t.span });
  }

  /** The shape of a type expression written in `env`. */
  shapeOf(t: TypeExpr, env: ModuleEnv): Shape {
    switch (t.kind) {
      case "NamedType": {
        if (t.module) {
          const m = env.bindings.get(t.module.name);
          if (m?.kind !== "module") return anyShape;
          const s = m.env.bindings.get(t.name.name);
          return s?.kind === "schema" ? schemaShape(s.schema) : anyShape;
        }
        switch (t.name.name) {
          case "float":
            return floatShape;
          case "quantity":
            return quantityShape;
          case "string":
          case "int":
          case "bool":
          case "any":
          case "null":
            return anyShape;
        }
        const s = env.bindings.get(t.name.name);
        return s?.kind === "schema" ? schemaShape(s.schema) : anyShape;
      }
      case "ListType":
        return listShape(this.shapeOf(t.element, env));
      case "MapType":
        return mapShape(this.shapeOf(t.value, env));
      case "OptionalType":
        return this.shapeOf(t.inner, env);
      case "UnionType": {
        const members = t.members.map((m) => this.shapeOf(m, env));
        const names = t.members.map((m) => (m.kind === "NamedType" && !m.module ? m.name.name : m.kind));
        return unionShape(members, {
          int: names.includes("int") || names.includes("any"),
          float: names.includes("float") || names.includes("any"),
          string: names.includes("string") || names.includes("StringLiteralType") || names.includes("any"),
        });
      }
      default:
        return anyShape;
    }
  }

  /**
   * Completes an instance: defaults for absent fields, required fields present, checks hold.
   * The apiVersion and kind defaults of a `@kind` schema apply only with `kindFields`: where the
   * instance was written as a typed record (`apps.Deployment { ... }`), not where a plain record
   * became one inside another object (a StatefulSet's volumeClaimTemplates stay as written).
   */
  finishInstance(schema: RuntimeSchema, b: RecordBuilder, span: Span, kindFields = false): RecordValue {
    const kind = schema.kubernetesKind;
    for (const f of schema.defaulted()) {
      if (b.has(f.name)) continue;
      if (kind && !kindFields && (f.name === "apiVersion" || f.name === "kind")) continue;
      let v: Value;
      if (f.constantDefault !== undefined) {
        v = f.constantDefault;
        if (v !== null && schema.shapeOf(f).coerces) v = this.coerce(v, schema.shapeOf(f), f.decl.span);
      } else {
        const saved = this.env;
        this.env = schema.module;
        v = this.evalShaped(f.default as Expr, fieldScope(schema, b), schema.shapeOf(f));
        this.env = saved;
      }
      b.set(f.name, v, (f.default as Expr).span);
    }
    for (const f of schema.required()) {
      const v = b.get(f.name);
      if (v === undefined || v === null) {
        const missing = schema.required().filter((g) => b.get(g.name) === undefined || b.get(g.name) === null).map((g) => `\`${g.name}\``);
        return this.fail({
          code: EvalCode.schemaField,
          message: `${schema.name} needs the field${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`,
          span,
          label: `missing ${missing.join(", ")}`,
          secondary: [{ span: f.decl.span, message: "declared here without a default" }],
        });
      }
    }
    const record = b.build(span, schema);
    if (schema.checks.length > 0) this.runChecks(schema, record);
    return record;
  }

  /** Re-validates a record after `with` changed it: required fields and checks. */
  revalidate(record: RecordValue): RecordValue {
    const schema = record.schema;
    if (!(schema instanceof RuntimeSchema)) return record;
    if (schema.checks.length === 0 && schema.required().length === 0) return record;
    const b = new RecordBuilder();
    b.spread(record);
    return this.finishInstance(schema, b, record.span ?? schema.span);
  }

  private runChecks(schema: RuntimeSchema, record: RecordValue): void {
    const scope = recordScope(schema, record);
    const saved = this.env;
    this.env = schema.module;
    for (const check of schema.checks) {
      const ok = this.eval(check.condition, scope);
      if (ok === true) continue;
      if (ok !== false) this.notABool(ok, check.condition.span, "a check");
      const involved = fieldsUsed(check.condition, schema);
      const message = check.message ? interpolationText(this.eval(check.message, scope)) : `\`${this.sourceText(check.condition.span)}\` is false`;
      const notes = involved.map((name) => {
        const i = record.indexOf(name);
        if (i < 0 || record.values[i] === null) return `${name} is not set`;
        return `${name} = ${showValue(record.values[i])} (from ${formatLocation(record.spans[i])})`;
      });
      const first = involved.map((n) => record.indexOf(n)).find((i) => i >= 0 && record.spans[i] !== undefined);
      const primary = first !== undefined ? record.spans[first] : record.span;
      this.env = saved;
      this.fail({
        code: EvalCode.checkFailed,
        message: `check failed for ${schema.name}: ${message}`,
        span: primary ?? check.span,
        label: first !== undefined ? `${record.keys[first]} = ${showValue(record.values[first], 40)}` : undefined,
        secondary: [
          { span: check.condition.span, message: "this check is false" },
          ...(record.span && primary !== record.span ? [{ span: record.span, message: `in this ${schema.name}` }] : []),
        ],
        notes,
      });
    }
    this.env = saved;
  }

  private sourceText(span: Span): string {
    const text = this.sources.get(span.file);
    return text === undefined ? "the check" : text.slice(span.start.offset, span.end.offset);
  }

  // ───────────────────────────── conversions ─────────────────────────────

  /** Converts a value for a place of the given shape (see Shape); `span` is where the value came from. */
  coerce(v: Value, shape: Shape, span: Span | undefined): Value {
    if (!shape.coerces || v === null) return v;
    switch (shape.kind) {
      case "float":
        return typeof v === "number" ? new FloatValue(v) : v;
      case "quantity":
        return this.toQuantity(v, span);
      case "schema":
        if (v instanceof RecordValue) return v.schema === shape.schema ? v : this.instantiateFrom(shape.schema, v, span);
        return v;
      case "list": {
        if (!(v instanceof ListValue)) return v;
        const items = v.items;
        let out: Value[] | undefined;
        for (let i = 0; i < items.length; i++) {
          const c = this.coerce(items[i], shape.element, v.spans?.[i] ?? span);
          if (c !== items[i]) (out ??= items.slice())[i] = c;
        }
        return out ? new ListValue(out, v.spans, v.span) : v;
      }
      case "map": {
        if (!(v instanceof RecordValue)) return v;
        let out: Value[] | undefined;
        for (let i = 0; i < v.values.length; i++) {
          const c = this.coerce(v.values[i], shape.value, v.spans[i] ?? span);
          if (c !== v.values[i]) (out ??= v.values.slice())[i] = c;
        }
        return out ? new RecordValue(v.keys, out, v.spans, v.span, v.schema) : v;
      }
      case "union": {
        if (v instanceof RecordValue) {
          const m = shape.members.find((x) => x.kind === "schema" || x.kind === "map");
          return m ? this.coerce(v, m, span) : v;
        }
        if (v instanceof ListValue) {
          const m = shape.members.find((x) => x.kind === "list");
          return m ? this.coerce(v, m, span) : v;
        }
        const admitted = typeof v === "number" ? shape.admitsInt : v instanceof FloatValue ? shape.admitsFloat : typeof v === "string" ? shape.admitsString : true;
        if (admitted) return v;
        const m = shape.members.find((x) => x.kind === "quantity" || x.kind === "float");
        return m ? this.coerce(v, m, span) : v;
      }
    }
    return v;
  }

  private toQuantity(v: Value, span: Span | undefined): Value {
    if (v instanceof Quantity) return v;
    let q: Quantity | undefined;
    if (typeof v === "number") q = quantityFromNumber(v);
    else if (v instanceof FloatValue) q = quantityFromNumber(v.value);
    else if (typeof v === "string") q = parseQuantity(v);
    else return v;
    if (q) return q;
    return this.fail({
      code: EvalCode.invalidValue,
      message: `${showValue(v)} is not a quantity`,
      span,
      help: ["a quantity is a number with an optional suffix: `500m`, `2`, `1.5`, `512Mi`, `2Gi`, `1e3`"],
    });
  }

  /** A schema instance from the fields of another record (a plain record, or one of another schema). */
  private instantiateFrom(schema: RuntimeSchema, v: RecordValue, span: Span | undefined): RecordValue {
    const b = new RecordBuilder();
    for (let i = 0; i < v.keys.length; i++) {
      const fieldSpan = v.spans[i] ?? v.span ?? span;
      const f = this.schemaField(schema, v.keys[i], fieldSpan ?? schema.span);
      b.set(v.keys[i], this.coerce(v.values[i], schema.shapeOf(f), fieldSpan), v.spans[i]);
    }
    return this.finishInstance(schema, b, v.span ?? span ?? schema.span);
  }
}

/** A schema's fields as locals, from the slots of an instance being built (absent ones are null). */
function slotScope(schema: RuntimeSchema, keys: string[], values: Value[], spans: (Span | undefined)[]): Scope | undefined {
  let scope: Scope | undefined;
  for (const f of schema.fields().values()) {
    const i = keys.indexOf(f.name);
    const set = i >= 0 && values[i] !== undefined;
    scope = new Scope(f.name, set ? values[i] : null, set ? spans[i] : undefined, scope);
  }
  return scope;
}

function sameSpans(a: (Span | undefined)[], b: (Span | undefined)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether span `a` lies inside span `b`. */
function within(a: Span, b: Span): boolean {
  return a.file === b.file && a.start.offset >= b.start.offset && a.end.offset <= b.end.offset;
}

/** A schema's fields as locals for its defaults (the fields given so far; absent ones are null). */
function fieldScope(schema: RuntimeSchema, b: RecordBuilder): Scope | undefined {
  let scope: Scope | undefined;
  for (const f of schema.fields().values()) {
    const i = b.indexOf(f.name);
    const set = i >= 0 && b.values[i] !== undefined;
    scope = new Scope(f.name, set ? b.values[i] : null, set ? b.spans[i] : undefined, scope);
  }
  return scope;
}

/** A schema instance's fields as locals for its checks. */
function recordScope(schema: RuntimeSchema, record: RecordValue): Scope | undefined {
  let scope: Scope | undefined;
  for (const f of schema.fields().values()) {
    const i = record.indexOf(f.name);
    scope = new Scope(f.name, i >= 0 ? record.values[i] : null, i >= 0 ? record.spans[i] : undefined, scope);
  }
  return scope;
}

/** The schema fields a check's condition mentions, in order of first mention. */
function fieldsUsed(e: Expr, schema: RuntimeSchema): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as { kind?: string; name?: unknown };
    if (n.kind === "Ident" && typeof n.name === "string") {
      if (schema.field(n.name) && !out.includes(n.name)) out.push(n.name);
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== "span" && k !== "opSpan") visit(v);
  };
  visit(e);
  return out;
}
