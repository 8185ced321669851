import { test } from "node:test";
import assert from "node:assert/strict";
import { compareQuantities, isWholeNumber, parseQuantity, quantityToNumber, type Quantity } from "../../src/schema/quantity.js";

function q(text: string | number): Quantity {
  const parsed = parseQuantity(text);
  assert.ok(parsed.ok, `${text} should parse`);
  return parsed.quantity;
}

test("parses decimal, binary and exponent suffixes exactly", () => {
  assert.equal(quantityToNumber(q("500m")), 0.5);
  assert.equal(quantityToNumber(q("1Gi")), 1024 ** 3);
  assert.equal(quantityToNumber(q("1.5Mi")), 1.5 * 1024 ** 2);
  assert.equal(quantityToNumber(q("2k")), 2000);
  assert.equal(quantityToNumber(q("1e3")), 1000);
  assert.equal(quantityToNumber(q("1E")), 1e18);
  assert.equal(quantityToNumber(q("100u")), 0.0001);
  assert.equal(quantityToNumber(q(".5")), 0.5);
  assert.equal(quantityToNumber(q("-1")), -1);
  assert.equal(quantityToNumber(q(0.25)), 0.25);
});

test("compares exactly across suffixes", () => {
  assert.equal(compareQuantities(q("0.5"), q("500m")), 0);
  assert.equal(compareQuantities(q("1Gi"), q("1024Mi")), 0);
  assert.equal(compareQuantities(q("1G"), q("1Gi")), -1);
  assert.equal(compareQuantities(q("1001m"), q("1")), 1);
  assert.equal(compareQuantities(q("0.1Gi"), q("107374182.4")), 0);
});

test("whole numbers", () => {
  assert.ok(isWholeNumber(q("2")));
  assert.ok(isWholeNumber(q("1k")));
  assert.ok(!isWholeNumber(q("500m")));
});

test("rejects what the apiserver rejects", () => {
  for (const bad of ["", "1K", "1gi", "abc", "1.2.3", " 1", "1 ", "Mi", "1e", "+", "1KiB", "0x10"]) {
    assert.equal(parseQuantity(bad).ok, false, `"${bad}" should not parse`);
  }
});
