import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mklParser } from "../../src/lang/syntax/parse.js";
import { diagramsFile, grammarDiagramsHtml } from "../../scripts/gen-grammar-diagrams.js";
import { repoRoot } from "./helpers.js";

const ebnf = readFileSync(join(repoRoot, "grammar/mkl.ebnf"), "utf8");
/** The EBNF without comments, quoted terminals and character classes: only names and operators remain. */
const ebnfCode = ebnf
  .replace(/\/\*[\s\S]*?\*\//g, " ")
  .replace(/'[^']*'|"[^"]*"|\[(?:\\.|[^\]])*\]/g, " ")
  .replace(/#x[0-9A-Fa-f]+/g, " ");
const defined = new Set([...ebnfCode.matchAll(/^\s*([A-Za-z][A-Za-z0-9]*)\s*::=/gm)].map((m) => m[1]));

test("every parser rule is a production of grammar/mkl.ebnf", () => {
  const rules = Object.keys(mklParser().getGAstProductions());
  assert.ok(rules.length >= 25, `only ${rules.length} parser rules`);
  const missing = rules.filter((r) => !defined.has(r));
  assert.deepEqual(missing, [], `parser rules without an EBNF production: ${missing.join(", ")}`);
});

test("every name used in grammar/mkl.ebnf is defined there", () => {
  const used = new Set([...ebnfCode.matchAll(/[A-Za-z][A-Za-z0-9]*/g)].map((m) => m[0]));
  const undefinedNames = [...used].filter((n) => !defined.has(n));
  assert.deepEqual(undefinedNames, []);
});

test("every terminal the parser consumes appears in the EBNF", () => {
  const serialized = JSON.stringify(mklParser().getSerializedGastProductions());
  const labels = new Set([...serialized.matchAll(/"label":"'([^']+)'"/g)].map((m) => m[1]));
  assert.ok(labels.size > 20);
  for (const label of labels) assert.ok(ebnf.includes(`'${label}'`), `terminal '${label}' is not in the EBNF`);
});

test("grammar/diagrams.html is up to date with the parser (npm run gen:grammar)", () => {
  const committed = readFileSync(diagramsFile, "utf8");
  assert.ok(committed === grammarDiagramsHtml(), "grammar/diagrams.html is stale: run `npm run gen:grammar`");
  for (const rule of Object.keys(mklParser().getGAstProductions())) assert.ok(committed.includes(`"name": "${rule}"`), `diagram of ${rule}`);
  assert.ok(!/<script src=|<link rel='stylesheet' href=/.test(committed), "the page must be self-contained");
});
