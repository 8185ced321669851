import type { Span } from "../../diag/span.js";
import type { ComprehensionClause, Expr, ListComprehension, ListExpr, MapComprehension, RecordExpr, RecordField } from "../ast.js";
import { showValue, typeName } from "../values/describe.js";
import { ListValue, RecordBuilder, RecordValue, type Value } from "../values/value.js";
import { EvalCode } from "./codes.js";
import type { Evaluator } from "./evaluator.js";
import { isConstant } from "./constant.js";
import { slotScope } from "./instances.js";
import type { RuntimeField, RuntimeSchema } from "./runtime-schema.js";
import { Scope } from "./scope.js";
import { anyShape, type Shape } from "./shape.js";

/** See `Collections.planFor`. */
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
  /** Whether the literal is made only of literals (see `isConstant`): then its value is built once. */
  constant: boolean;
  /** The value of a constant literal, once built, and the span it was built with. */
  constantValue: RecordValue | undefined;
  constantSpan: Span | undefined;
}

/** A constant list literal's value (see `isConstant`) for the element shape it was built with. */
interface ConstantList {
  element: Shape;
  value: ListValue;
}

/**
 * Record and list literals and comprehensions, for the Evaluator. Record literals are the hot
 * path of a compile: each one gets a plan (its fixed field names and value shapes) on first use,
 * so that every later evaluation fills exact-size arrays and shares the key list.
 */
export class Collections {
  private readonly plans = new Map<RecordExpr, RecordPlan | false>();
  /** List literals: their value when constant, `false` when not. */
  private readonly constantLists = new Map<ListExpr, ConstantList | false>();

  constructor(private readonly ev: Evaluator) {}

  /**
   * A record literal's value. With `schema`, an instance: each field must be one of the schema's,
   * its value is shaped by the field's type, defaults fill the rest and the checks run; with
   * `valueShape` (a map type), every value is shaped by it.
   */
  evalRecord(e: RecordExpr, scope: Scope | undefined, schema: RuntimeSchema | undefined, valueShape: Shape | undefined, span: Span, kindFields = false): RecordValue {
    const plan = this.planFor(e, schema, valueShape, kindFields);
    if (plan === undefined) {
      const b = this.buildRecord(e, scope, schema, valueShape);
      return schema ? this.ev.instances.finishInstance(schema, b, span, kindFields) : b.build(span);
    }
    if (plan.constantValue !== undefined && plan.constantSpan === span) return plan.constantValue;
    // The hot path: fixed field names, values written into exact-size slots.
    const keys = plan.keys;
    const values: Value[] = new Array(keys.length);
    let spans: (Span | undefined)[] = new Array(keys.length);
    const entries = e.entries as RecordField[];
    const shapes = plan.shapes;
    const n = entries.length;
    for (let i = 0; i < n; i++) {
      const shape = shapes[i];
      const entry = entries[i];
      values[i] = shape.coerces ? this.ev.evalShaped(entry.value, scope, shape) : this.ev.eval(entry.value, scope);
      spans[i] = fieldSpan(entry, this.ev.origin);
    }
    if (schema !== undefined) {
      const defaults = plan.defaults;
      for (let j = 0; j < defaults.length; j++) {
        const f = defaults[j];
        let v: Value;
        if (f.constantDefault !== undefined) {
          v = f.constantDefault;
          if (v !== null && schema.shapeOf(f).coerces) v = this.ev.instances.coerce(v, schema.shapeOf(f), f.decl.span);
        } else {
          const saved = this.ev.env;
          this.ev.env = schema.module;
          v = this.ev.evalShaped(f.default as Expr, slotScope(schema, keys, values, spans), schema.shapeOf(f));
          this.ev.env = saved;
        }
        values[n + j] = v;
        spans[n + j] = (f.default as Expr).span;
      }
      const required = plan.required;
      for (let r = 0; r < required.length; r++) if (values[required[r]] === null) return this.ev.instances.finishInstance(schema, RecordBuilder.from(keys, values, spans), span, kindFields);
    }
    // Records built from one literal mostly carry the very same spans: share the array then.
    const last = plan.lastSpans;
    if (last !== undefined && sameSpans(last, spans)) spans = last;
    else plan.lastSpans = spans;
    const record = new RecordValue(keys, values, spans, span, schema);
    if (schema !== undefined && schema.checks.length > 0) this.ev.instances.runChecks(schema, record);
    if (plan.constant && plan.constantValue === undefined) {
      plan.constantValue = record;
      plan.constantSpan = span;
    }
    return record;
  }

  /** A record literal's fields, one by one (spreads, repeated names). */
  buildRecord(e: RecordExpr, scope: Scope | undefined, schema: RuntimeSchema | undefined, valueShape: Shape | undefined): RecordBuilder {
    const b = new RecordBuilder();
    const entries = e.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.kind === "Spread") {
        const v = this.ev.eval(entry.expr, scope);
        if (v === null) continue;
        if (!(v instanceof RecordValue)) {
          return this.ev.fail({ code: EvalCode.wrongType, message: `only a record can be spread into a record, not ${typeName(v)}`, span: entry.expr.span });
        }
        for (let j = 0; j < v.keys.length; j++) {
          const span = v.spans[j] ?? entry.span;
          if (schema) {
            const f = this.ev.instances.schemaField(schema, v.keys[j], span);
            b.set(v.keys[j], this.ev.instances.coerce(v.values[j], schema.shapeOf(f), span), span);
          } else if (valueShape) {
            b.set(v.keys[j], this.ev.instances.coerce(v.values[j], valueShape, span), span);
          } else {
            b.set(v.keys[j], v.values[j], v.spans[j]);
          }
        }
        continue;
      }
      const name = entry.name.name;
      let v: Value;
      if (schema) v = this.ev.evalShaped(entry.value, scope, schema.shapeOf(this.ev.instances.schemaField(schema, name, entry.name.span)));
      else if (valueShape) v = this.ev.evalShaped(entry.value, scope, valueShape);
      else v = this.ev.eval(entry.value, scope);
      b.set(name, v, fieldSpan(entry, this.ev.origin));
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
      schema ? schema.shapeOf(this.ev.instances.schemaField(schema, entry.name.name, entry.name.span)) : (valueShape ?? anyShape),
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
    const constant = isConstant(e);
    const plan: RecordPlan = { schema, valueShape, kindFields, keys, shapes, defaults, required, lastSpans: undefined, constant, constantValue: undefined, constantSpan: undefined };
    this.plans.set(e, plan);
    return plan;
  }


  evalList(e: ListExpr, scope: Scope | undefined, element: Shape): ListValue {
    const constant = this.constantLists.get(e);
    if (constant !== undefined && constant !== false && constant.element === element) {
      this.ev.origin = e.span;
      return constant.value;
    }
    const n = e.items.length;
    if (!e.items.some((item) => item.kind === "Spread")) {
      const items: Value[] = new Array(n);
      const spans: (Span | undefined)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        items[i] = this.ev.evalShaped(e.items[i] as Expr, scope, element);
        spans[i] = this.ev.origin;
      }
      this.ev.origin = e.span;
      const value = new ListValue(items, spans, e.span);
      if (constant === undefined) this.constantLists.set(e, isConstant(e) ? { element, value } : false);
      return value;
    }
    const items: Value[] = [];
    const spans: (Span | undefined)[] = [];
    for (const item of e.items) {
      if (item.kind === "Spread") {
        const v = this.ev.eval(item.expr, scope);
        if (v === null) continue;
        if (!(v instanceof ListValue)) return this.ev.fail({ code: EvalCode.wrongType, message: `only a list can be spread into a list, not ${typeName(v)}`, span: item.expr.span });
        for (let j = 0; j < v.items.length; j++) {
          const span = v.spans?.[j] ?? item.span;
          items.push(element.coerces ? this.ev.instances.coerce(v.items[j], element, span) : v.items[j]);
          spans.push(span);
        }
        continue;
      }
      items.push(this.ev.evalShaped(item, scope, element));
      spans.push(this.ev.origin);
    }
    this.ev.origin = e.span;
    return new ListValue(items, spans, e.span);
  }

  evalListComprehension(e: ListComprehension, scope: Scope | undefined, element: Shape): ListValue {
    const items: Value[] = [];
    const spans: (Span | undefined)[] = [];
    this.forEachItem(e, scope, element, (item, origin) => {
      items.push(item);
      spans.push(origin);
    });
    // Arrays grown by push keep spare room; a short list is copied to its exact size, since
    // output lists live until the end of the compile.
    if (items.length < 64) return new ListValue(items.slice(), spans.slice(), e.span);
    return new ListValue(items, spans, e.span);
  }

  /**
   * Evaluates a list comprehension's items one by one, handing each to `visit` with the place it
   * came from, without building the list: a caller that consumes items as they come (the objects
   * of `emit [for ...]`) then holds none of the earlier ones.
   */
  forEachItem(e: ListComprehension, scope: Scope | undefined, element: Shape, visit: (item: Value, origin: Span | undefined) => void): void {
    this.runClauses(e.clauses, 0, scope, (inner) => {
      const item = this.ev.evalShaped(e.body, inner, element);
      visit(item, this.ev.origin);
    });
    this.ev.origin = e.span;
  }

  evalMapComprehension(e: MapComprehension, scope: Scope | undefined, valueShape: Shape): RecordValue {
    const b = new RecordBuilder();
    this.runClauses(e.clauses, 0, scope, (inner) => {
      const key = this.ev.eval(e.key, inner);
      if (typeof key !== "string") {
        this.ev.fail({ code: EvalCode.wrongType, message: `a map key must be a string, not ${typeName(key)} ${showValue(key)}`, span: e.key.span, help: ['turn it into a string with interpolation: "${k}"'] });
      }
      if (b.has(key)) {
        this.ev.fail({ code: EvalCode.duplicateKey, message: `the key ${JSON.stringify(key)} is produced twice`, span: e.key.span, help: ["make the keys unique, or filter with `if`"] });
      }
      const v = this.ev.evalShaped(e.value, inner, valueShape);
      b.set(key, v, this.ev.origin);
    });
    this.ev.origin = e.span;
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
      const cond = this.ev.eval(c.condition, scope);
      if (cond === true) this.runClauses(clauses, i + 1, scope, body);
      else if (cond !== false) this.ev.notABool(cond, c.condition.span, "a comprehension's `if`");
      return;
    }
    const it = this.ev.eval(c.iterable, scope);
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
    this.ev.fail({
      code: it === null ? EvalCode.nullAccess : EvalCode.wrongType,
      message: `\`for\` needs a list or a record, not ${typeName(it)}`,
      span: c.iterable.span,
      help: it === null ? ["use `?? []` to iterate over nothing when the value is null"] : undefined,
    });
  }
}

/**
 * Where a field's value came from: the whole `name: value` entry when the value was written right
 * there (so a problem with the key or the value underlines both, as for YAML), else the place the
 * value was written (a let, a parameter's argument, another record's field).
 */
function fieldSpan(entry: RecordField, origin: Span | undefined): Span | undefined {
  return origin === entry.value.span ? entry.span : origin;
}

function sameSpans(a: (Span | undefined)[], b: (Span | undefined)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
