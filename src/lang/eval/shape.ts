import type { RuntimeSchema } from "./runtime-schema.js";

/**
 * What a declared type means at run time: only the conversions a value may need when it flows
 * into a place of that type. Everything else (string, int, enums, any ...) is `any`: the checker
 * has already proved the value fits, so the evaluator does nothing there, and that is most of
 * the hot path.
 *
 *   - float: an int becomes a float (`ratio: float = 1` prints `1.0`);
 *   - quantity: a number or a quantity string becomes a Quantity (`cpu: 0.5` prints `500m`);
 *   - schema: a plain record becomes an instance (defaults applied, checks run, merge keys known);
 *   - list/map/union: the same, inside.
 */
export type Shape = AnyShape | FloatShape | QuantityShape | SchemaShape | ListShape | MapShape | UnionShape;

export interface AnyShape {
  readonly kind: "any";
  readonly coerces: false;
}
export interface FloatShape {
  readonly kind: "float";
  readonly coerces: true;
}
export interface QuantityShape {
  readonly kind: "quantity";
  readonly coerces: true;
}
export interface SchemaShape {
  readonly kind: "schema";
  readonly schema: RuntimeSchema;
  readonly coerces: true;
}
export interface ListShape {
  readonly kind: "list";
  readonly element: Shape;
  readonly coerces: boolean;
}
export interface MapShape {
  readonly kind: "map";
  readonly value: Shape;
  readonly coerces: boolean;
}
/** A union: which conversion applies depends on the value (a record picks the schema member ...). */
export interface UnionShape {
  readonly kind: "union";
  readonly members: readonly Shape[];
  /** The union also admits these without conversion. */
  readonly admitsInt: boolean;
  readonly admitsFloat: boolean;
  readonly admitsString: boolean;
  readonly coerces: boolean;
}

export const anyShape: AnyShape = { kind: "any", coerces: false };
export const floatShape: FloatShape = { kind: "float", coerces: true };
export const quantityShape: QuantityShape = { kind: "quantity", coerces: true };

export function schemaShape(schema: RuntimeSchema): SchemaShape {
  return { kind: "schema", schema, coerces: true };
}

export function listShape(element: Shape): Shape {
  return { kind: "list", element, coerces: element.coerces };
}

export function mapShape(value: Shape): Shape {
  return { kind: "map", value, coerces: value.coerces };
}

export function unionShape(members: readonly Shape[], admits: { int: boolean; float: boolean; string: boolean }): Shape {
  const coercing = members.filter((m) => m.coerces);
  if (coercing.length === 0) return anyShape;
  return { kind: "union", members: coercing, admitsInt: admits.int, admitsFloat: admits.float, admitsString: admits.string, coerces: true };
}
