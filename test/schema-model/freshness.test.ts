import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { generateApiArtifacts, STDLIB_DIR } from "../../scripts/gen-api/generate.js";
import { repoRoot } from "./golden.js";

// The committed generated files (src/schema/generated/, stdlib/k8s/) must be what the generator
// makes from the official document. CI machines have no /work/shared, so there the check is skipped
// and says why.
const SPEC = "/work/shared/k8s/openapi-v2-k8s-1.36.json";
const skip = existsSync(SPEC) ? false : `${SPEC} is not on this machine: freshness of the generated files not checked`;

function generatedMklFiles(dir: string, rel: string, out: string[]): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) generatedMklFiles(path, `${rel}/${entry}`, out);
    else if (entry.endsWith(".mkl")) out.push(`${rel}/${entry}`);
  }
  return out;
}

test("the committed generated files are up to date with the generator", { skip }, () => {
  const text = readFileSync(SPEC, "utf8");
  const result = generateApiArtifacts(JSON.parse(text), text, { specPath: SPEC });
  const regenerate = `regenerate with \`npm run gen:api -- ${SPEC}\``;
  for (const f of result.files) {
    const committed = fileURLToPath(new URL(f.path, repoRoot));
    assert.ok(existsSync(committed), `${f.path} is missing: ${regenerate}`);
    // Not assert.equal: a diff of an 800 kB file helps nobody.
    assert.ok(readFileSync(committed, "utf8") === f.content, `${f.path} is out of date: ${regenerate}`);
  }
  const expected = new Set(result.files.map((f) => f.path));
  const stale = generatedMklFiles(fileURLToPath(new URL(STDLIB_DIR, repoRoot)), STDLIB_DIR, []).filter((p) => !expected.has(p));
  assert.deepEqual(stale, [], `stdlib modules the generator no longer makes: ${regenerate}`);
});
