import type { Span } from "../../diag/span.js";

/**
 * MKL's static types. Values are plain JSON-like data, so the types are structural except for
 * schemas, which are named (and closed: an unknown field is an error).
 *
 * `T?` is represented as the union `T | null`; a schema field whose type admits null may be absent.
 * `error` is the type of an expression whose problem was already reported: it is assignable to and
 * from everything, so one mistake does not cascade into a page of follow-up errors.
 */
export type Type =
  | PrimitiveType
  | AnyType
  | ErrorType
  | NeverType
  | LiteralType
  | ListType
  | MapType
  | RecordType
  | UnionType
  | SchemaType
  | FunctionType
  | TypeVariable;

export type PrimitiveName = "string" | "int" | "float" | "bool" | "null" | "quantity";

export interface PrimitiveType {
  readonly kind: PrimitiveName;
}
export interface AnyType {
  readonly kind: "any";
}
export interface ErrorType {
  readonly kind: "error";
}
/** The element type of `[]`: assignable to everything, absorbed by joins. */
export interface NeverType {
  readonly kind: "never";
}
/** A literal type: `"Always"`, `80`, `true`. String literals make enums (`"A" | "B"`). */
export interface LiteralType {
  readonly kind: "literal";
  readonly value: string | number | boolean;
}
export interface ListType {
  readonly kind: "list";
  readonly element: Type;
}
/** `{string: T}`: keys are always strings (JSON objects). */
export interface MapType {
  readonly kind: "map";
  readonly value: Type;
}
/** The type of a record literal: its known fields. Open for reading, checked structurally. */
export interface RecordType {
  readonly kind: "record";
  readonly fields: ReadonlyMap<string, RecordFieldType>;
}
export interface RecordFieldType {
  readonly type: Type;
  /** The span of the field's name in the literal that produced this type, for diagnostics. */
  readonly span?: Span;
}
export interface UnionType {
  readonly kind: "union";
  /** Flattened, deduplicated, at least two members, none of them `any`, `error` or `never`. */
  readonly members: readonly Type[];
}
export interface SchemaType {
  readonly kind: "schema";
  readonly schema: SchemaDef;
}
export interface FunctionType {
  readonly kind: "function";
  readonly params: readonly FunctionParam[];
  readonly result: Type;
  /** Rest parameter: any number of further arguments of this type (builtins such as `math.max`). */
  readonly rest?: Type;
}
export interface FunctionParam {
  readonly name: string;
  readonly type: Type;
  /** The parameter has a default value and may be left out of a call. */
  readonly optional: boolean;
}
/** A type variable in a builtin signature (`fn(xs: [T]): [T]`), bound per call. */
export interface TypeVariable {
  readonly kind: "var";
  readonly name: string;
}

/**
 * A schema: a named, closed record type from a `schema` declaration (user code or the generated
 * Kubernetes stdlib). Fields are resolved lazily, on first use, because the stdlib has hundreds of
 * schemas and a program touches only a few.
 */
export interface SchemaDef {
  readonly name: string;
  /** The module that declares the schema (its id as the module loader names it). */
  readonly moduleId: string;
  /** A short prefix for messages when the reader's own import alias is not known (`apps`). */
  readonly defaultQualifier?: string;
  /** `@kind("apps/v1", "Deployment")`: instances are Kubernetes objects of this kind. */
  readonly kubernetesKind?: { readonly apiVersion: string; readonly kind: string };
  readonly doc?: string;
  readonly span?: Span;
  /** The fields, in declaration order; computed once, on first call. */
  fields(): ReadonlyMap<string, SchemaField>;
}

export interface SchemaField {
  readonly name: string;
  readonly type: Type;
  /** The field may be absent (`T?`). */
  readonly optional: boolean;
  /** The field has a default (`replicas: int = 1`), so it may be left out. */
  readonly hasDefault: boolean;
  /**
   * `@mergeKey("name")` on a list field: `with` merges list items by these fields (one, or
   * several for Kubernetes' map-lists such as ports keyed by `containerPort` and `protocol`).
   */
  readonly mergeKeys?: readonly string[];
  readonly doc?: string;
  readonly span?: Span;
}

/** A field must be given when it is neither optional nor defaulted. */
export function isRequiredField(field: SchemaField): boolean {
  return !field.optional && !field.hasDefault;
}

export const stringType: PrimitiveType = { kind: "string" };
export const intType: PrimitiveType = { kind: "int" };
export const floatType: PrimitiveType = { kind: "float" };
export const boolType: PrimitiveType = { kind: "bool" };
export const nullType: PrimitiveType = { kind: "null" };
export const quantityType: PrimitiveType = { kind: "quantity" };
export const anyType: AnyType = { kind: "any" };
export const errorType: ErrorType = { kind: "error" };
export const neverType: NeverType = { kind: "never" };

const primitives: Record<PrimitiveName, PrimitiveType> = {
  string: stringType,
  int: intType,
  float: floatType,
  bool: boolType,
  null: nullType,
  quantity: quantityType,
};

export function primitiveType(name: PrimitiveName): PrimitiveType {
  return primitives[name];
}

export function isPrimitiveName(name: string): name is PrimitiveName {
  return Object.prototype.hasOwnProperty.call(primitives, name);
}

export function literalType(value: string | number | boolean): LiteralType {
  return { kind: "literal", value };
}
export function listType(element: Type): ListType {
  return { kind: "list", element };
}
export function mapType(value: Type): MapType {
  return { kind: "map", value };
}
export function recordType(fields: ReadonlyMap<string, RecordFieldType>): RecordType {
  return { kind: "record", fields };
}
export function schemaType(schema: SchemaDef): SchemaType {
  return { kind: "schema", schema };
}
export function functionType(params: readonly FunctionParam[], result: Type, rest?: Type): FunctionType {
  return rest ? { kind: "function", params, result, rest } : { kind: "function", params, result };
}

/** `any` and `error` accept and are accepted by everything. */
export function isDynamic(t: Type): boolean {
  return t.kind === "any" || t.kind === "error";
}
