import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderDiagnostics } from "../../src/diag/render.js";
import { checkProject } from "../../src/cli/pipeline/check-project.js";

/**
 * Golden diagnostics of `mk check`: every folder of test/golden/check holds a main.mkl and the
 * expected.err that `mk check` renders for it (file names relative to test/golden/check, so the
 * case `web` shows as `web/main.mkl`, the example of DESIGN §3). `MK_UPDATE_GOLDEN=1` rewrites
 * expected.err instead of comparing (`npm run golden:update`).
 */
const goldenRoot = new URL("../../../test/golden/check/", import.meta.url).pathname;
const update = process.env.MK_UPDATE_GOLDEN === "1";

const cases = readdirSync(goldenRoot, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(goldenRoot, e.name, "main.mkl")))
  .map((e) => e.name)
  .sort();

test("there are golden check cases", () => {
  assert.ok(cases.length >= 10, `only ${cases.length} cases under ${goldenRoot}`);
});

for (const name of cases) {
  test(`golden check: ${name}`, () => {
    const dir = join(goldenRoot, name);
    const result = checkProject({ entry: dir, displayBase: goldenRoot });
    const actual = renderDiagnostics(result.diagnostics, (file) => result.sources.get(file));
    const expectedFile = join(dir, "expected.err");
    if (update) {
      writeFileSync(expectedFile, actual);
      return;
    }
    assert.ok(existsSync(expectedFile), `${expectedFile} is missing; run npm run golden:update`);
    assert.equal(actual, readFileSync(expectedFile, "utf8"));
  });
}
