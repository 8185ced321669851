import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfiguration } from "../../src/cli/pipeline/load-configuration.js";
import { validateManifestTexts } from "../../src/cli/pipeline/validate-manifests.js";
import { compileProject } from "../../src/lang/compile.js";
import { importYaml } from "../../src/lang/import-yaml/import-yaml.js";
import { compareQuantities, parseQuantity, quantityFromNumber } from "../../src/lang/values/quantity.js";
import { readYamlDocuments } from "../../src/lang/yaml-source/read-documents.js";

const seeds = fileURLToPath(new URL("../../../test/fixtures/seeds/", import.meta.url));

/**
 * Equal as Kubernetes sees it: quantities compare by amount (`mk compile` prints them in
 * canonical form, `1000m` as `1`, as the apiserver does), everything else exactly.
 */
function sameObject(a: unknown, b: unknown, path: string): string | undefined {
  if (a === b) return undefined;
  const qa = typeof a === "string" ? parseQuantity(a) : typeof a === "number" ? quantityFromNumber(a) : undefined;
  const qb = typeof b === "string" ? parseQuantity(b) : typeof b === "number" ? quantityFromNumber(b) : undefined;
  if (qa && qb && typeof b === "string" && compareQuantities(qa, qb) === 0) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = sameObject(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== null);
    const kb = Object.keys(b);
    if (ka.sort().join() !== kb.sort().join()) return `${path}: fields ${ka.join(",")} vs ${kb.join(",")}`;
    for (const k of ka) {
      const d = sameObject((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

test("mk import turns every valid seed manifest into MKL that type-checks and compiles back to the same objects", () => {
  let checked = 0;
  for (const name of readdirSync(seeds).filter((f) => f.endsWith(".yaml")).sort()) {
    const text = readFileSync(join(seeds, name), "utf8");
    const report = validateManifestTexts([{ file: name, text }]);
    if (report.resources.length === 0 || report.summary.invalid > 0 || report.fileDiagnostics.length > 0) continue;
    const imported = importYaml(name, text);
    assert.deepEqual(imported.diagnostics, [], name);
    assert.ok(imported.text, name);
    const dir = mkdtempSync(join(tmpdir(), "mk-import-"));
    writeFileSync(join(dir, "main.mkl"), imported.text);
    const compiled = compileProject({ entry: join(dir, "main.mkl"), displayBase: dir });
    assert.deepEqual(
      compiled.diagnostics.map((d) => `${d.code} ${d.message} at ${d.span?.start.line}:${d.span?.start.col}`),
      [],
      `${name}:\n${imported.text}`,
    );
    const original = readYamlDocuments(name, text).documents.flatMap((d) => {
      const v = d.value as { kind?: string; items?: unknown[] } | undefined;
      if (v === undefined) return [];
      return typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items) ? v.items : [v];
    });
    assert.equal(compiled.objects.length, original.length, name);
    compiled.objects.forEach((o, i) => {
      const difference = sameObject(original[i], o.value, "");
      assert.equal(difference, undefined, `${name}: ${difference}\n${imported.text}`);
    });
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} seeds were valid and checked`);
});

test("every invalid seed manifest, through mk import and mk compile, is rejected with an error naming the field mk validate names", () => {
  let checked = 0;
  for (const name of readdirSync(seeds).filter((f) => /^\d{3}_.*\.yaml$/.test(f)).sort()) {
    const text = readFileSync(join(seeds, name), "utf8");
    const report = validateManifestTexts([{ file: name, text }]);
    const wanted = report.resources.flatMap((r) => r.diagnostics).filter((d) => d.severity === "error");
    if (wanted.length === 0 && report.fileDiagnostics.length === 0) continue;
    const imported = importYaml(name, text);
    if (imported.text === undefined) {
      // The one seed whose YAML is broken: import refuses it, as validate does, and says where.
      assert.ok(report.fileDiagnostics.length > 0, name);
      assert.match(imported.diagnostics[0]?.message ?? "", /ends the YAML document here/, name);
      checked++;
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), "mk-import-invalid-"));
    writeFileSync(join(dir, "main.mkl"), imported.text);
    const loaded = loadConfiguration({ dir, displayBase: dir });
    assert.deepEqual(loaded.objects, [], `${name}: no objects from an invalid configuration`);
    const lines = imported.text.split("\n");
    for (const problem of wanted) {
      const field = String(problem.field);
      const last = field.split(".").at(-1)?.replace(/\[\d+\]$/, "") ?? field;
      // The type checker says `field \`labels\` of meta.ObjectMeta`; the validator carries the path.
      const naming = loaded.diagnostics.find((d) => d.severity === "error" && (d.field === field || d.message.includes(`\`${last}\``)));
      assert.ok(naming, `${name}: nothing names ${field} (validate: ${problem.message}); compile said ${JSON.stringify(loaded.diagnostics.map((d) => d.message))}`);
      assert.equal(naming.span?.file, "main.mkl", `${name}: located in the MKL`);
      assert.ok(naming.span && lines[naming.span.start.line - 1] !== undefined, `${name}: a line of main.mkl`);
    }
    checked++;
  }
  assert.ok(checked >= 15, `only ${checked} invalid seeds were checked`);
});
