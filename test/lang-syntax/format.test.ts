import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { hasErrors } from "../../src/diag/diagnostic.js";
import { formatModule } from "../../src/lang/format/format.js";
import { firstDifference } from "../../src/lang/format/same-ast.js";
import { parseModule } from "../../src/lang/syntax/parse.js";
import { repoRoot } from "./helpers.js";

/**
 * `mk fmt`: golden layouts (test/golden/format/<case>.in.mkl → <case>.out.mkl, rewritten with
 * MK_UPDATE_GOLDEN=1) and, on every MKL file of the repository, the three promises: idempotent,
 * meaning-preserving (same AST modulo positions), every comment kept in order.
 */
const goldenRoot = join(repoRoot, "test/golden/format");
const update = process.env.MK_UPDATE_GOLDEN === "1";

/** Formats and checks the promises; returns the output. */
function formatChecked(text: string, file: string): string {
  const result = formatModule(text, file);
  assert.deepEqual(result.diagnostics, [], `${file} could not be formatted`);
  const out = result.text!;
  const again = formatModule(out, file);
  assert.equal(again.text, out, `${file}: formatting is not idempotent`);
  const before = parseModule(file, text).module;
  const after = parseModule(file, out).module;
  assert.equal(firstDifference(before, after), undefined, `${file}: formatting changed the syntax tree`);
  assert.deepEqual(
    after.comments.map((c) => c.text),
    before.comments.map((c) => c.text),
    `${file}: comments lost or reordered`,
  );
  for (const line of out.split("\n")) {
    assert.ok(!/[ \t]$/.test(line), `${file}: trailing whitespace in ${JSON.stringify(line)}`);
    assert.ok(!line.includes("\t") || line.includes('"') || line.includes("//"), `${file}: tab indentation`);
  }
  assert.ok(out === "" || (out.endsWith("\n") && !out.endsWith("\n\n")), `${file}: exactly one final newline`);
  assert.ok(!out.includes("\n\n\n"), `${file}: more than one blank line in a row`);
  return out;
}

const cases = readdirSync(goldenRoot)
  .filter((f) => f.endsWith(".in.mkl"))
  .map((f) => f.slice(0, -".in.mkl".length))
  .sort();

test("there are golden format cases", () => {
  assert.ok(cases.length >= 6, `only ${cases.length} cases`);
});

for (const name of cases) {
  test(`golden format: ${name}`, () => {
    const input = readFileSync(join(goldenRoot, `${name}.in.mkl`), "utf8");
    const out = formatChecked(input, `${name}.in.mkl`);
    const expectedFile = join(goldenRoot, `${name}.out.mkl`);
    if (update) {
      writeFileSync(expectedFile, out);
      return;
    }
    assert.ok(existsSync(expectedFile), `${expectedFile} is missing; run npm run golden:update`);
    assert.equal(out, readFileSync(expectedFile, "utf8"));
    // The expected output is itself canonical.
    assert.equal(formatModule(out, `${name}.out.mkl`).text, out);
  });
}

/** Every .mkl file of the repository outside build output and node_modules. */
function repositoryMklFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "dist") continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".mkl")) out.push(full);
    }
  };
  for (const top of ["stdlib", "examples", "bench", "test"]) if (existsSync(join(repoRoot, top)) && statSync(join(repoRoot, top)).isDirectory()) walk(join(repoRoot, top));
  return out.sort();
}

test("every MKL file of the repository formats idempotently, keeping meaning and comments", () => {
  const files = repositoryMklFiles();
  let formatted = 0;
  for (const path of files) {
    const text = readFileSync(path, "utf8");
    const file = relative(repoRoot, path);
    if (hasErrors(parseModule(file, text).diagnostics)) continue; // syntax-error fixtures
    formatChecked(text, file);
    formatted++;
  }
  assert.ok(formatted >= 15, `only ${formatted} files formatted`);
});

test("the generated Kubernetes stdlib is already in canonical layout", () => {
  const dir = join(repoRoot, "stdlib/k8s");
  if (!existsSync(dir)) return;
  for (const group of readdirSync(dir)) {
    for (const version of readdirSync(join(dir, group))) {
      const path = join(dir, group, version);
      const text = readFileSync(path, "utf8");
      assert.equal(formatModule(text, path).text, text, `${relative(repoRoot, path)} is not canonical`);
    }
  }
});

test("short records stay on one line, multi-line records stay multi-line, long ones break at 100 columns", () => {
  assert.equal(formatChecked("let a = {x:1,y:2}\n", "t"), "let a = { x: 1, y: 2 }\n");
  assert.equal(formatChecked("let a = {\nx:1}\n", "t"), "let a = {\n  x: 1\n}\n");
  const long = `let a = { ${Array.from({ length: 12 }, (_, i) => `field${i}: ${i}`).join(", ")} }\n`;
  const out = formatChecked(long, "t");
  assert.ok(out.split("\n").every((l) => l.length <= 100));
  assert.equal(out.split("\n").length, 12 + 3);
  const fits = `let a = { ${Array.from({ length: 8 }, (_, i) => `f${i}: ${i}`).join(", ")} }\n`;
  assert.equal(formatChecked(fits, "t"), fits);
});

test("commas at line ends go, blank lines shrink to one, indentation becomes two spaces", () => {
  assert.equal(formatChecked("let a = [\n    1,\n\n\n\n    2,\n]\n\n\n\nlet b = 1", "t"), "let a = [\n  1\n\n  2\n]\n\nlet b = 1\n");
});

test("a multi-line string keeps its value when it moves", () => {
  const text = 'let r = {\n        s: """\n            a\n              b\n\n            """\n}\n';
  const out = formatChecked(text, "t");
  const value = (src: string) => {
    const d = parseModule("t", src).module.declarations[0];
    assert.ok(d.kind === "Let" && d.value.kind === "Record" && d.value.entries[0].kind === "Field");
    const s = d.value.entries[0].value;
    assert.ok(s.kind === "String");
    return s.parts.map((p) => (p.kind === "Text" ? p.value : "")).join("");
  };
  assert.equal(value(out), "a\n  b\n");
  assert.equal(value(out), value(text));
  assert.ok(out.includes('\n    a\n      b\n\n    """'), out);
});

test("files with syntax errors are not formatted", () => {
  const r = formatModule("let a = {\n", "bad.mkl");
  assert.equal(r.text, undefined);
  assert.ok(r.diagnostics.some((d) => d.code === "MK1011"));
});

test("empty and comment-only files", () => {
  assert.equal(formatChecked("", "t"), "");
  assert.equal(formatChecked("\n\n", "t"), "");
  assert.equal(formatChecked("// just a note\n\n\n", "t"), "// just a note\n");
});
