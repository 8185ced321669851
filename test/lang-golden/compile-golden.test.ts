/**
 * Golden tests of `mk compile`: every directory under test/golden/compile/<case>/ is an MKL
 * project (main.mkl ...; optional `params` with one NAME=VALUE per line) and holds what compiling
 * it must print: expected.yaml (the objects) or expected.err (the rendered diagnostics), and
 * optionally expected.json (the `-o json` output). With MK_UPDATE_GOLDEN=1 the files are
 * rewritten from the current output instead (`npm run golden:update`); review them as diffs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasErrors, sortDiagnostics } from "../../src/diag/diagnostic.js";
import { renderDiagnostics } from "../../src/diag/render.js";
import { compileProject } from "../../src/lang/compile.js";
import { emitJsonList } from "../../src/lang/emit/json.js";
import { emitYamlDocuments } from "../../src/lang/emit/yaml.js";
import { validateLocatedObjects } from "../../src/cli/pipeline/validate-objects.js";

const casesDir = fileURLToPath(new URL("../../../test/golden/compile/", import.meta.url));
const update = process.env.MK_UPDATE_GOLDEN === "1";

interface Outcome {
  yaml?: string;
  json?: string;
  err?: string;
}

/** What `mk compile` prints for a case: the objects, or the diagnostics (warnings go with the objects). */
function compileCase(dir: string): Outcome {
  const paramsFile = join(dir, "params");
  const params: Record<string, string> = {};
  if (existsSync(paramsFile)) {
    for (const line of readFileSync(paramsFile, "utf8").split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) params[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  const compiled = compileProject({ entry: join(dir, "main.mkl"), params, displayBase: dir });
  const diagnostics = [...compiled.diagnostics];
  if (!hasErrors(diagnostics)) for (const v of validateLocatedObjects(compiled.objects)) diagnostics.push(...v.diagnostics);
  // Absolute paths (the project root in import errors) differ per checkout: shown as <project>.
  const rendered =
    diagnostics.length > 0 ? renderDiagnostics(sortDiagnostics(diagnostics), (f) => compiled.sources.get(f), { color: false }).split(dir).join("<project>") : undefined;
  if (hasErrors(diagnostics)) return { err: rendered };
  const records = compiled.objects.map((o) => o.record);
  return { yaml: emitYamlDocuments(records), json: emitJsonList(records), err: rendered };
}

function checkFile(path: string, actual: string | undefined, caseName: string): void {
  if (update) {
    if (actual === undefined) rmSync(path, { force: true });
    else writeFileSync(path, actual);
    return;
  }
  if (actual === undefined) {
    assert.ok(!existsSync(path), `${caseName}: ${path} exists but nothing was produced for it (run npm run golden:update)`);
    return;
  }
  assert.ok(existsSync(path), `${caseName}: missing ${path} (run npm run golden:update)`);
  assert.equal(actual, readFileSync(path, "utf8"), `${caseName}: output differs from ${path}`);
}

const cases = existsSync(casesDir) ? readdirSync(casesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];

test("there are golden compile cases", () => {
  assert.ok(cases.length > 0, `no cases under ${casesDir}`);
});

for (const name of cases) {
  test(`golden compile: ${name}`, () => {
    const dir = join(casesDir, name);
    const first = compileCase(dir);
    // Output is deterministic: a second compile in the same process prints the same bytes.
    const second = compileCase(dir);
    assert.deepEqual(second, first, `${name}: two compiles of the same input differ`);
    checkFile(join(dir, "expected.yaml"), first.yaml, name);
    checkFile(join(dir, "expected.err"), first.err, name);
    if (existsSync(join(dir, "expected.json")) || (update && first.json !== undefined && existsSync(join(dir, "json")))) {
      checkFile(join(dir, "expected.json"), first.json, name);
    }
  });
}
