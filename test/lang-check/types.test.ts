import { test } from "node:test";
import assert from "node:assert/strict";
import {
  anyType,
  boolType,
  errorType,
  floatType,
  intType,
  listType,
  literalType,
  mapType,
  neverType,
  nullType,
  quantityType,
  recordType,
  schemaType,
  stringType,
  type SchemaDef,
  type SchemaField,
  type Type,
} from "../../src/lang/types/type.js";
import { findMismatch, isAssignable } from "../../src/lang/types/assign.js";
import { join, optionalOf, unionOf, withoutNull } from "../../src/lang/types/union.js";
import { typeToString } from "../../src/lang/types/print.js";

function schema(name: string, fields: Record<string, { type: Type; optional?: boolean; hasDefault?: boolean }>): SchemaDef {
  const map = new Map<string, SchemaField>(
    Object.entries(fields).map(([n, f]) => [n, { name: n, type: f.type, optional: f.optional ?? false, hasDefault: f.hasDefault ?? false }]),
  );
  return { name, moduleId: "test", fields: () => map };
}

const record = (fields: Record<string, Type>) => recordType(new Map(Object.entries(fields).map(([n, type]) => [n, { type }])));

test("primitives, int to float, numbers and quantity strings to quantity", () => {
  assert.ok(isAssignable(intType, floatType));
  assert.ok(!isAssignable(floatType, intType));
  assert.ok(isAssignable(intType, quantityType));
  assert.ok(isAssignable(literalType("512Mi"), quantityType));
  assert.ok(isAssignable(literalType("500m"), quantityType));
  assert.ok(!isAssignable(literalType("lots"), quantityType));
  assert.ok(!isAssignable(stringType, intType));
  assert.ok(!isAssignable(quantityType, stringType));
});

test("null fits T? only; any and error fit both ways", () => {
  assert.ok(isAssignable(nullType, optionalOf(intType)));
  assert.ok(!isAssignable(nullType, intType));
  // Without flow typing a possibly-null value is accepted; the evaluator reports an actual null.
  assert.ok(isAssignable(optionalOf(intType), intType));
  assert.ok(!isAssignable(optionalOf(stringType), intType));
  for (const t of [intType, listType(stringType), nullType]) {
    assert.ok(isAssignable(anyType, t));
    assert.ok(isAssignable(t, anyType));
    assert.ok(isAssignable(errorType, t));
  }
  assert.ok(isAssignable(listType(neverType), listType(intType)));
});

test("literal unions are enums", () => {
  const policy = unionOf([literalType("Always"), literalType("OnFailure"), literalType("Never")]);
  assert.ok(isAssignable(literalType("Never"), policy));
  assert.ok(!isAssignable(literalType("Sometimes"), policy));
  assert.ok(!isAssignable(stringType, policy));
  assert.ok(isAssignable(policy, stringType));
  assert.equal(typeToString(policy), '"Always" | "OnFailure" | "Never"');
});

test("union normal form", () => {
  assert.equal(typeToString(unionOf([literalType("a"), stringType])), "string");
  assert.equal(typeToString(unionOf([intType, floatType])), "float");
  assert.equal(typeToString(unionOf([literalType(true), literalType(false)])), "bool");
  assert.equal(typeToString(optionalOf(listType(stringType))), "[string]?");
  assert.equal(typeToString(withoutNull(optionalOf(intType))), "int");
  assert.equal(unionOf([intType, anyType]).kind, "any");
  assert.equal(unionOf([neverType, intType]).kind, "int");
  const many = join(Array.from({ length: 100 }, (_, i) => literalType(`n${i}`)));
  assert.equal(typeToString(many), "string");
});

test("records against schemas: unknown, missing, wrong field", () => {
  const spec = schema("Spec", { replicas: { type: optionalOf(intType), optional: true }, name: { type: stringType }, port: { type: intType, hasDefault: true } });
  assert.equal(findMismatch(record({ name: literalType("x") }), schemaType(spec)), undefined);
  assert.deepEqual(findMismatch(record({ name: literalType("x"), replcas: intType }), schemaType(spec)), { path: [], kind: "unknown-field", field: "replcas" });
  assert.deepEqual(findMismatch(record({ replicas: intType }), schemaType(spec)), { path: [], kind: "missing-field", field: "name" });
  const wrong = findMismatch(record({ name: intType }), schemaType(spec));
  assert.equal(wrong?.kind, "type");
  assert.deepEqual(wrong?.path, ["name"]);
});

test("records fit maps when every field does; lists are covariant", () => {
  assert.ok(isAssignable(record({ app: literalType("web") }), mapType(stringType)));
  assert.ok(!isAssignable(record({ app: intType }), mapType(stringType)));
  assert.ok(isAssignable(listType(intType), listType(floatType)));
  assert.ok(!isAssignable(listType(stringType), listType(intType)));
  assert.equal(typeToString(mapType(listType(boolType))), "{string: [bool]}");
});

test("recursive schemas compare without looping", () => {
  const fieldsA = new Map<string, SchemaField>();
  const fieldsB = new Map<string, SchemaField>();
  const a: SchemaDef = { name: "A", moduleId: "m1", fields: () => fieldsA };
  const b: SchemaDef = { name: "A", moduleId: "m2", fields: () => fieldsB };
  fieldsA.set("next", { name: "next", type: optionalOf(schemaType(a)), optional: true, hasDefault: false });
  fieldsB.set("next", { name: "next", type: optionalOf(schemaType(b)), optional: true, hasDefault: false });
  assert.ok(isAssignable(schemaType(a), schemaType(b)));
});

test("did you mean counts a swapped pair of letters as one edit", async () => {
  const { editDistance, suggestName } = await import("../../src/diag/suggest.js");
  assert.equal(editDistance("lenght", "length"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(suggestName("prot", ["port", "protocol"]), "port");
  assert.equal(suggestName("nmae", ["name", "image"]), "name");
});

test("every builtin's signature parses, and generic calls bind their type variables", async () => {
  const { allBuiltins } = await import("../../src/lang/builtins/registry.js");
  const { isValidSignature, parseSignature } = await import("../../src/lang/types/signature.js");
  const { bindTypeVariables, substitute } = await import("../../src/lang/types/generics.js");
  for (const { qualifiedName, def } of allBuiltins()) assert.ok(isValidSignature(def.signature), `${qualifiedName}: ${def.signature}`);
  assert.ok(!isValidSignature("fn(x: int"));
  const first = parseSignature("fn(xs: [T]): T?");
  const bindings = new Map<string, Type>();
  bindTypeVariables(first.params[0].type, listType(literalType("a")), bindings);
  assert.equal(typeToString(substitute(first.result, bindings)), "string?");
  const entries = parseSignature("fn(m: {string: T}): [{ key: string, value: T }]");
  const b2 = new Map<string, Type>();
  bindTypeVariables(entries.params[0].type, record({ a: intType, b: floatType }), b2);
  assert.equal(typeToString(substitute(entries.result, b2)), "[{ key: string, value: float }]");
  const max = parseSignature("fn(a: T, ...T): T");
  const b3 = new Map<string, Type>();
  bindTypeVariables(max.params[0].type, intType, b3);
  bindTypeVariables(max.rest as Type, floatType, b3);
  assert.equal(typeToString(substitute(max.result, b3)), "float");
});
