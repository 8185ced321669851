import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderDiagnostics } from "../../src/diag/render.js";
import { parseModule } from "../../src/lang/syntax/parse.js";
import { assertValidDiagnostics, repoRoot } from "./helpers.js";

/**
 * Golden syntax diagnostics: every test/golden/syntax/<case>.mkl has a <case>.err with the
 * diagnostics `parseModule` reports for it, rendered as `mk` prints them (rustc style, no colour).
 * `MK_UPDATE_GOLDEN=1` rewrites the .err files instead of comparing (`npm run golden:update`).
 */
const goldenRoot = join(repoRoot, "test/golden/syntax");
const update = process.env.MK_UPDATE_GOLDEN === "1";
const cases = readdirSync(goldenRoot)
  .filter((f) => f.endsWith(".mkl"))
  .map((f) => f.slice(0, -4))
  .sort();

test("there are golden syntax cases", () => {
  assert.ok(cases.length >= 10, `only ${cases.length} cases under ${goldenRoot}`);
});

for (const name of cases) {
  test(`golden syntax diagnostics: ${name}`, () => {
    const file = `${name}.mkl`;
    const text = readFileSync(join(goldenRoot, file), "utf8");
    const { diagnostics } = parseModule(file, text);
    assert.ok(diagnostics.length > 0, "a golden syntax case must have at least one error");
    assertValidDiagnostics(diagnostics, file, text);
    const actual = renderDiagnostics(diagnostics, (f) => (f === file ? text : undefined));
    const expectedFile = join(goldenRoot, `${name}.err`);
    if (update) {
      writeFileSync(expectedFile, actual);
      return;
    }
    assert.ok(existsSync(expectedFile), `${expectedFile} is missing; run npm run golden:update`);
    assert.equal(actual, readFileSync(expectedFile, "utf8"));
  });
}
