import { test } from "node:test";
import assert from "node:assert/strict";
import { compareQuantities, parseQuantity, type Quantity } from "../../src/schema/quantity.js";

function q(text: string): Quantity {
  const parsed = parseQuantity(text);
  assert.ok(parsed.ok, text);
  return parsed.quantity;
}

test("quantities in whole thousandths compare as numbers, the others exactly as fractions, with the same answers", () => {
  assert.equal(q("500m").milli, 500);
  assert.equal(q("128Mi").milli, 128 * 1024 * 1024 * 1000);
  assert.equal(q("0.0005").milli, undefined, "half a thousandth");
  assert.equal(q("100Ei").milli, undefined, "beyond safe integers");
  const ordered = ["-1", "0", "0.0005", "1m", "1001u", "0.5", "500m", "1", "1k", "1Ki", "128Mi", "134217729", "1E", "100Ei"];
  for (let i = 0; i < ordered.length; i++) {
    for (let j = 0; j < ordered.length; j++) {
      const expected = Math.sign(i - j);
      const equalPair = (a: string, b: string) => (a === "0.5" && b === "500m") || (a === "500m" && b === "0.5");
      assert.equal(compareQuantities(q(ordered[i]), q(ordered[j])), equalPair(ordered[i], ordered[j]) ? 0 : expected, `${ordered[i]} vs ${ordered[j]}`);
    }
  }
});
