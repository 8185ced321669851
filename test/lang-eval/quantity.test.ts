import { test } from "node:test";
import assert from "node:assert/strict";
import { addQuantities, compareQuantities, multiplyQuantity, parseQuantity, quantityFromNumber, subtractQuantities, type Quantity } from "../../src/lang/values/quantity.js";

function q(text: string): Quantity {
  const v = parseQuantity(text);
  assert.ok(v, `${text} should parse`);
  return v;
}

test("quantities print in Kubernetes' canonical form", () => {
  const cases: [string, string][] = [
    ["1500m", "1500m"], ["1024Mi", "1Gi"], ["0.5", "500m"], ["1e3", "1e3"], ["2", "2"], ["1000", "1k"], ["1500", "1500"],
    ["1.5Gi", "1536Mi"], ["512Mi", "512Mi"], ["1000Ki", "1000Ki"], ["0.5Gi", "512Mi"], ["1000m", "1"], ["0.1", "100m"],
    ["1.5n", "2n"], ["-2Ki", "-2Ki"], ["1024", "1024"], ["0", "0"], ["0Mi", "0"], ["12e-3", "12e-3"], ["1.5e3", "1500"],
    ["1E", "1E"], ["100M", "100M"], ["+5", "5"], [".5", "500m"], ["5.", "5"], ["0.5Ki", "512"],
  ];
  for (const [input, canonical] of cases) assert.equal(q(input).toString(), canonical, input);
});

test("text that is not a quantity is refused", () => {
  for (const bad of ["", "abc", "1.2.3", "5Kb", "1 Gi", "Mi", "--1", "1e", "0x10"]) assert.equal(parseQuantity(bad), undefined, bad);
});

test("quantities compare by amount, across formats", () => {
  assert.equal(compareQuantities(q("1Gi"), q("1024Mi")), 0);
  assert.equal(compareQuantities(q("1G"), q("1Gi")), -1);
  assert.equal(compareQuantities(q("500m"), q("0.4")), 1);
  assert.equal(compareQuantities(q("-1"), q("0")), -1);
});

test("arithmetic is exact and keeps the left operand's format", () => {
  assert.equal(addQuantities(q("500m"), q("1.5")).toString(), "2");
  assert.equal(addQuantities(q("1Gi"), q("512Mi")).toString(), "1536Mi");
  assert.equal(subtractQuantities(q("1Gi"), q("512Mi")).toString(), "512Mi");
  assert.equal(subtractQuantities(q("100m"), q("300m")).toString(), "-200m");
  assert.equal(addQuantities(q("0"), q("1Ki")).toString(), "1Ki"); // a zero left side takes the right's format
  assert.equal(multiplyQuantity(q("512Mi"), 3)?.toString(), "1536Mi");
  assert.equal(multiplyQuantity(q("100m"), 2.5)?.toString(), "250m");
  assert.equal(multiplyQuantity(q("1"), 0.1)?.toString(), "100m");
});

test("numbers become quantities the way a YAML reader would see them", () => {
  assert.equal(quantityFromNumber(0.5)?.toString(), "500m");
  assert.equal(quantityFromNumber(2)?.toString(), "2");
  assert.equal(quantityFromNumber(1000)?.toString(), "1k");
  assert.equal(quantityFromNumber(Number.NaN), undefined);
});
