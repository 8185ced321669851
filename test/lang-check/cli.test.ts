import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** `mk check` as a user runs it: exit status, human and JSON diagnostics, params. */
const mk = new URL("../../src/cli/mk.js", import.meta.url).pathname;
const golden = new URL("../../../test/golden/check/", import.meta.url).pathname;

function run(args: string[], cwd = golden) {
  const p = spawnSync(process.execPath, [mk, "check", ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: p.status, stdout: p.stdout, stderr: p.stderr };
}

test("mk check: a clean project exits 0", () => {
  const r = run(["clean-program"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^ok: 4 objects checked/m);
});

test("mk check: type errors exit 1 with rustc-style diagnostics", () => {
  const r = run(["web"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error\[MK2001\]: unknown field `replcas` in apps\.DeploymentSpec\n {2}--> web\/main\.mkl:12:7/);
  assert.match(r.stderr, /\^\^\^\^\^\^\^ did you mean `replicas`\?/);
});

test("mk check: --error-format json writes one diagnostic per line", () => {
  const r = run(["enum-value/main.mkl", "--error-format", "json"]);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split("\n").map((l) => JSON.parse(l) as { code: string; span: { start: { line: number } } });
  assert.deepEqual(
    lines.map((d) => d.code),
    ["MK2004", "MK2004", "MK2004", "MK2004"],
  );
  assert.equal(lines[0].span.start.line, 9);
});

test("mk check: -p sets params, and evaluation and validation problems are reported too", () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-check-"));
  writeFileSync(
    join(dir, "main.mkl"),
    `import "k8s/core/v1" as core
param name: string = "web"
schema App {
  name: string
  check len(name) <= 10 : "name must be at most 10 characters"
}
let app = App { name: name }
emit core.ConfigMap { metadata: { name: app.name }, data: { a: "1" } }
`,
  );
  assert.equal(run([dir], dir).status, 0);
  const long = run(["-p", "name=a-very-long-name", "."], dir);
  assert.equal(long.status, 1);
  assert.match(long.stderr, /name must be at most 10 characters/);
  const invalid = run(["-p", "name=Not_A_Name", "."], dir);
  assert.equal(invalid.status, 1, "an invalid object name is caught by validation");
  assert.match(invalid.stderr, /MK5\d{3}/);
});
