import type { Span } from "../../diag/span.js";
import { suggestName } from "../../diag/suggest.js";
import type { Expr, NamedType, TypeExpr } from "../ast.js";
import { showValue } from "../values/describe.js";
import { parseQuantity, Quantity, quantityFromNumber } from "../values/quantity.js";
import { interpolationText } from "../values/text.js";
import { FloatValue, ListValue, RecordBuilder, RecordValue, type Value } from "../values/value.js";
import { EvalCode } from "./codes.js";
import type { Evaluator } from "./evaluator.js";
import type { MergeHost } from "./merge.js";
import type { ModuleEnv } from "./module-env.js";
import { formatLocation } from "./runtime-error.js";
import { RuntimeSchema } from "./runtime-schema.js";
import { Scope } from "./scope.js";
import { anyShape, floatShape, listShape, mapShape, quantityShape, schemaShape, unionShape, type Shape } from "./shape.js";

/**
 * Schema instances for the Evaluator: what type expressions mean at run time (shapes), turning
 * values into instances (defaults, required fields, checks) and the conversions declared types
 * make (ints to floats, numbers and strings to quantities, records to instances).
 */
export class Instances implements MergeHost {
  private readonly namedSchemas = new Map<NamedType, RuntimeSchema>();

  constructor(
    private readonly ev: Evaluator,
    /** Source texts by file, to quote a failing check's condition. */
    private readonly sources: ReadonlyMap<string, string>,
  ) {}

  schemaField(schema: RuntimeSchema, name: string, span: Span) {
    const f = schema.field(name);
    if (f) return f;
    const hint = suggestName(name, schema.fields().keys());
    return this.ev.fail({
      code: EvalCode.schemaField,
      message: `unknown field \`${name}\` in ${schema.name}`,
      span,
      label: hint ? `did you mean \`${hint}\`?` : undefined,
      secondary: [{ span: schema.span, message: `${schema.name} is declared here` }],
    });
  }


  /** The schema a type name refers to, in the current module (`WebApp`, `apps.Deployment`). */
  schemaNamed(t: NamedType): RuntimeSchema {
    // A type name always means the same schema: it is resolved in the module it is written in.
    const known = this.namedSchemas.get(t);
    if (known !== undefined) return known;
    const shape = this.shapeOf(t, this.ev.env);
    if (shape.kind === "schema") {
      this.namedSchemas.set(t, shape.schema);
      return shape.schema;
    }
    return this.ev.fail({ code: EvalCode.wrongType, message: `\`${t.module ? `${t.module.name}.` : ""}${t.name.name}\` is not a schema`, span: t.span });
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
        const saved = this.ev.env;
        this.ev.env = schema.module;
        v = this.ev.evalShaped(f.default as Expr, fieldScope(schema, b), schema.shapeOf(f));
        this.ev.env = saved;
      }
      b.set(f.name, v, (f.default as Expr).span);
    }
    for (const f of schema.required()) {
      const v = b.get(f.name);
      if (v === undefined || v === null) {
        const missing = schema.required().filter((g) => b.get(g.name) === undefined || b.get(g.name) === null).map((g) => `\`${g.name}\``);
        return this.ev.fail({
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

  runChecks(schema: RuntimeSchema, record: RecordValue): void {
    const scope = recordScope(schema, record);
    const saved = this.ev.env;
    this.ev.env = schema.module;
    for (const check of schema.checks) {
      const ok = this.ev.eval(check.condition, scope);
      if (ok === true) continue;
      if (ok !== false) this.ev.notABool(ok, check.condition.span, "a check");
      const involved = fieldPathsUsed(check.condition, schema).map((path) => resolveFieldPath(record, path));
      const message = check.message ? interpolationText(this.ev.eval(check.message, scope)) : `\`${this.sourceText(check.condition.span)}\` is false`;
      const notes = involved.map((f) => (f.value === undefined || f.value === null ? `${f.path} is not set` : `${f.path} = ${showValue(f.value)} (from ${formatLocation(f.span)})`));
      const first = involved.find((f) => f.value !== undefined && f.span !== undefined);
      const primary = first ? first.span : record.span;
      this.ev.env = saved;
      this.ev.fail({
        code: EvalCode.checkFailed,
        message: `check failed for ${schema.name}: ${message}`,
        span: primary ?? check.span,
        label: first ? `${first.path} = ${showValue(first.value as Value, 40)}` : undefined,
        secondary: [
          { span: check.condition.span, message: "this check is false" },
          ...(record.span && primary !== record.span ? [{ span: record.span, message: `in this ${schema.name}` }] : []),
        ],
        notes,
      });
    }
    this.ev.env = saved;
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
    return this.ev.fail({
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
export function slotScope(schema: RuntimeSchema, keys: string[], values: Value[], spans: (Span | undefined)[]): Scope | undefined {
  let scope: Scope | undefined;
  for (const f of schema.fields().values()) {
    const i = keys.indexOf(f.name);
    const set = i >= 0 && values[i] !== undefined;
    scope = new Scope(f.name, set ? values[i] : null, set ? spans[i] : undefined, scope);
  }
  return scope;
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
  const fields = schema.fieldsInOrder();
  for (let j = 0; j < fields.length; j++) {
    const f = fields[j];
    const i = record.indexOf(f.name);
    scope = new Scope(f.name, i >= 0 ? record.values[i] : null, i >= 0 ? record.spans[i] : undefined, scope);
  }
  return scope;
}

/** The schema fields a check's condition mentions (with the member names read from them: `limits.cpu`), in order of first mention. */
function fieldPathsUsed(e: Expr, schema: RuntimeSchema): string[][] {
  const out: string[][] = [];
  const add = (path: string[]) => {
    if (!out.some((p) => p.join(".") === path.join("."))) out.push(path);
  };
  // `limits.cpu`: the path from a field through static member names (what the note shows).
  const memberPath = (node: Expr): string[] | undefined => {
    if (node.kind === "Ident") return schema.field(node.name) ? [node.name] : undefined;
    if (node.kind === "Member") {
      const base = memberPath(node.object);
      return base && [...base, node.name.name];
    }
    return undefined;
  };
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as Expr;
    if (n.kind === "Ident" || n.kind === "Member") {
      const path = memberPath(n);
      if (path) return add(path);
    }
    for (const [k, v] of Object.entries(node)) if (k !== "span" && k !== "opSpan") visit(v);
  };
  visit(e);
  return out;
}

/**
 * A field path's value in the instance and where it was written, as deep as records go
 * (`limits.cpu` through a nested record; a path into something else stops at that value).
 */
function resolveFieldPath(record: RecordValue, path: string[]): { path: string; value: Value | undefined; span: Span | undefined } {
  let current: RecordValue = record;
  for (let depth = 0; ; depth++) {
    const i = current.indexOf(path[depth]);
    const value = i < 0 ? undefined : current.values[i];
    const reached = { path: path.slice(0, depth + 1).join("."), value, span: i < 0 ? undefined : current.spans[i] };
    if (depth === path.length - 1 || !(value instanceof RecordValue)) return reached;
    current = value;
  }
}
