import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { validateManifestTexts } from "../../src/cli/pipeline/validate-manifests.js";

// Every seed manifest is judged as shared/seeds/manifests/INDEX.md says: valid ones pass, each invalid
// one fails with a message that names the real problem (NOTES.md).
const dir = new URL("../../../test/fixtures/seeds/", import.meta.url);
interface Verdict {
  valid: boolean;
  mentions?: string[];
  codes?: string[];
  warns?: string[];
}
const verdicts = JSON.parse(readFileSync(new URL("verdicts.json", dir), "utf8")) as Record<string, Verdict>;

test("every seed manifest has a verdict", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
  assert.equal(files.length, 48);
  assert.deepEqual(files.sort(), Object.keys(verdicts).filter((k) => k !== "$comment").sort());
});

for (const [file, verdict] of Object.entries(verdicts)) {
  if (file === "$comment") continue;
  test(`${file} is ${verdict.valid ? "valid" : "invalid"}`, () => {
    const text = readFileSync(new URL(file, dir), "utf8");
    const report = validateManifestTexts([{ file, text }]);
    const all = [...report.fileDiagnostics, ...report.resources.flatMap((r) => r.diagnostics)];
    const errors = all.filter((d) => d.severity === "error");
    const describe = () => all.map((d) => `${d.code} ${d.field ?? ""}: ${d.message}`).join("\n");
    if (verdict.valid) {
      assert.equal(errors.length, 0, `expected no errors, got:\n${describe()}`);
      assert.ok(report.resources.length >= 1 && report.resources.every((r) => r.valid));
    } else {
      assert.ok(errors.length > 0, "expected the manifest to be rejected");
    }
    const words = (d: (typeof all)[number]) => [d.message, d.field ?? "", d.label ?? "", ...(d.help ?? []), ...(d.notes ?? [])].join(" ");
    for (const word of verdict.mentions ?? []) {
      assert.ok(errors.some((d) => words(d).includes(word)), `expected an error that names \`${word}\`, got:\n${describe()}`);
    }
    for (const code of verdict.codes ?? []) {
      assert.ok(errors.some((d) => d.code === code), `expected ${code}, got:\n${describe()}`);
    }
    for (const word of verdict.warns ?? []) {
      assert.ok(all.some((d) => d.severity === "warning" && words(d).includes(word)), `expected a warning that names \`${word}\`, got:\n${describe()}`);
    }
    // Every diagnostic points into the file.
    for (const d of all) assert.equal(d.span?.file, file);
  });
}

test("the multi-document seeds are read as several resources", () => {
  const multidoc = new URL("multidoc/", dir);
  for (const file of readdirSync(multidoc)) {
    const report = validateManifestTexts([{ file, text: readFileSync(new URL(file, multidoc), "utf8") }]);
    assert.equal(report.resources.length, 2, file);
  }
});
