import type { Span } from "../../diag/span.js";
import type { Expr, SchemaCheck, SchemaDecl, SchemaField, TypeExpr } from "../ast.js";
import { isPlainString, stringValue } from "../ast.js";
import { parseQuantity } from "../values/quantity.js";
import { FloatValue, type RecordSchema, type Value } from "../values/value.js";
import { anyShape, type Shape } from "./shape.js";
import type { ModuleEnv } from "./module-env.js";

/** A schema field as the evaluator needs it. */
export interface RuntimeField {
  readonly name: string;
  readonly decl: SchemaField;
  /** `T?` (or a union with null): may be absent. */
  readonly optional: boolean;
  readonly default?: Expr;
  /** A default that is a literal, computed once. */
  readonly constantDefault?: Value;
  readonly mergeKeys?: readonly string[];
}

/** Resolves a type expression written in the schema's module into a shape. */
export type ShapeResolver = (type: TypeExpr) => Shape;

/**
 * A schema declaration prepared for evaluation: its fields by name, which have defaults, which
 * are required, its checks, and the shapes of its fields (resolved on first use, because the
 * Kubernetes stdlib declares hundreds of schemas and a program touches a few).
 */
export class RuntimeSchema implements RecordSchema {
  private table: Map<string, RuntimeField> | undefined;
  private shapes = new Map<string, Shape>();
  private fieldList: RuntimeField[] | undefined;
  private defaultedList: RuntimeField[] | undefined;
  private requiredList: RuntimeField[] | undefined;
  readonly checks: readonly SchemaCheck[];
  /** `@kind("apps/v1", "Deployment")`. */
  readonly kubernetesKind: { apiVersion: string; kind: string } | undefined;

  constructor(
    readonly decl: SchemaDecl,
    /** How messages name it: `WebApp`, `apps.Deployment`. */
    readonly name: string,
    /** The module that declares it: defaults and checks are evaluated there. */
    readonly module: ModuleEnv,
    private readonly resolveShape: ShapeResolver,
  ) {
    this.checks = decl.members.filter((m): m is SchemaCheck => m.kind === "SchemaCheck");
    const kind = decl.annotations.find((a) => a.name.name === "kind");
    const [apiVersion, kindName] = (kind?.args ?? []).map((a) => (a.kind === "String" && isPlainString(a) ? stringValue(a) : undefined));
    this.kubernetesKind = apiVersion !== undefined && kindName !== undefined ? { apiVersion, kind: kindName } : undefined;
  }

  get span(): Span {
    return this.decl.name.span;
  }

  fields(): Map<string, RuntimeField> {
    if (this.table) return this.table;
    const table = new Map<string, RuntimeField>();
    for (const m of this.decl.members) {
      if (m.kind !== "SchemaField") continue;
      const mergeKey = m.annotations.find((a) => a.name.name === "mergeKey");
      const keys = mergeKey?.args.flatMap((a) => (a.kind === "String" && isPlainString(a) ? [stringValue(a)] : [])) ?? [];
      table.set(m.name.name, {
        name: m.name.name,
        decl: m,
        optional: isOptionalType(m.type),
        default: m.default,
        constantDefault: m.default ? constantValue(m.default) : undefined,
        mergeKeys: keys.length > 0 ? keys : undefined,
      });
    }
    this.table = table;
    return table;
  }

  /** The fields in declaration order, as a list (for loops that visit every field). */
  fieldsInOrder(): readonly RuntimeField[] {
    return (this.fieldList ??= [...this.fields().values()]);
  }

  field(name: string): RuntimeField | undefined {
    return this.fields().get(name);
  }

  /** The fields with a default, in declaration order. */
  defaulted(): RuntimeField[] {
    return (this.defaultedList ??= [...this.fields().values()].filter((f) => f.default !== undefined));
  }

  /** The fields that must be given: neither optional nor defaulted. */
  required(): RuntimeField[] {
    return (this.requiredList ??= [...this.fields().values()].filter((f) => !f.optional && f.default === undefined));
  }

  shapeOf(field: RuntimeField): Shape {
    let shape = this.shapes.get(field.name);
    if (shape === undefined) {
      shape = this.resolveShape(field.decl.type);
      this.shapes.set(field.name, shape);
    }
    return shape;
  }

  mergeKeys(field: string): readonly string[] | undefined {
    return this.field(field)?.mergeKeys;
  }

  fieldSchema(field: string): RecordSchema | undefined {
    const f = this.field(field);
    if (!f) return undefined;
    let shape: Shape = this.shapeOf(f);
    while (shape.kind === "list" || shape.kind === "map") shape = shape.kind === "list" ? shape.element : shape.value;
    return shape.kind === "schema" ? shape.schema : undefined;
  }
}

export function isOptionalType(t: TypeExpr): boolean {
  if (t.kind === "OptionalType" || t.kind === "NullType") return true;
  if (t.kind === "UnionType") return t.members.some(isOptionalType);
  if (t.kind === "NamedType" && !t.module && (t.name.name === "any" || t.name.name === "null")) return true;
  return false;
}

/** The value of a literal default (`= 1`, `= "apps/v1"`), or undefined when it must be evaluated. */
function constantValue(e: Expr): Value | undefined {
  switch (e.kind) {
    case "Int":
      return e.value;
    case "Float":
      return new FloatValue(e.value);
    case "Bool":
      return e.value;
    case "Null":
      return null;
    case "String":
      return isPlainString(e) ? stringValue(e) : undefined;
    case "Quantity":
      return parseQuantity(e.raw);
    default:
      return undefined;
  }
}

export { anyShape };
