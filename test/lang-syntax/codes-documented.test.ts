import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./helpers.js";

test("every MK1xxx code the syntax layer reports is documented in docs/diagnostics.md, and only those", () => {
  const docs = readFileSync(join(repoRoot, "docs/diagnostics.md"), "utf8");
  const section = docs.slice(docs.indexOf("## MK1xxx syntax"));
  const documented = new Set([...section.matchAll(/^\| (MK1\d{3}) \|/gm)].map((m) => m[1]));
  const used = new Set<string>();
  for (const dir of ["src/lang/syntax", "src/lang/format"]) {
    for (const file of readdirSync(join(repoRoot, dir)).filter((f) => f.endsWith(".ts"))) {
      for (const m of readFileSync(join(repoRoot, dir, file), "utf8").matchAll(/"(MK1\d{3})"/g)) used.add(m[1]);
    }
  }
  assert.ok(used.size >= 15, `only ${used.size} codes found`);
  assert.deepEqual([...used].filter((c) => !documented.has(c)).sort(), [], "undocumented codes");
  assert.deepEqual([...documented].filter((c) => !used.has(c)).sort(), [], "documented codes that are never reported");
});
