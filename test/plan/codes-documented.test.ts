import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PlanCode } from "../../src/plan/codes.js";

test("every MK8xxx code is documented in docs/diagnostics.md, and only those", () => {
  const docs = readFileSync(new URL("../../../docs/diagnostics.md", import.meta.url), "utf8");
  const start = docs.indexOf("## MK8xxx plans");
  assert.ok(start >= 0, "docs/diagnostics.md has an MK8xxx section");
  const section = docs.slice(start, docs.indexOf("\n## ", start + 1));
  const documented = new Set([...section.matchAll(/^\| (MK8\d{3}) \|/gm)].map((m) => m[1]));
  const codes = new Set<string>(Object.values(PlanCode));
  assert.equal(codes.size, Object.values(PlanCode).length, "codes are unique");
  assert.deepEqual([...codes].filter((c) => !documented.has(c)), [], "undocumented codes");
  assert.deepEqual([...documented].filter((c) => !codes.has(c)), [], "documented codes that do not exist");
});
