import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SemanticCode } from "../../src/schema/semantic/codes.js";

test("every MK5xxx code is documented in docs/diagnostics.md, and only those", () => {
  const docs = readFileSync(new URL("../../../docs/diagnostics.md", import.meta.url), "utf8");
  const section = docs.slice(docs.indexOf("## MK5xxx semantic rules"));
  const documented = new Set([...section.matchAll(/^\| (MK5\d{3}) \|/gm)].map((m) => m[1]));
  const codes = new Set(Object.values(SemanticCode));
  assert.equal(codes.size, Object.values(SemanticCode).length, "codes are unique");
  assert.deepEqual([...codes].filter((c) => !documented.has(c)), [], "undocumented codes");
  assert.deepEqual([...documented].filter((c) => !codes.has(c as never)), [], "documented codes that do not exist");
});
