import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const mk = new URL("../../src/cli/mk.js", import.meta.url).pathname;

function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [mk, ...args], { cwd, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "mk-fmt-"));
  mkdirSync(join(dir, "lib"));
  writeFileSync(join(dir, "main.mkl"), "let a = {x:1,\n  y:2}\n");
  writeFileSync(join(dir, "lib/ok.mkl"), "let b = [1, 2]\n");
  writeFileSync(join(dir, "lib/bad.mkl"), "let c = {\n");
  writeFileSync(join(dir, "notes.txt"), "not mkl {");
  return dir;
}

test("mk fmt --check lists unformatted files, reports syntax errors, writes nothing, exits 1", () => {
  const dir = project();
  const r = run(["fmt", "--check", "."], dir);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "main.mkl\n");
  assert.match(r.stderr, /error\[MK1011\]: expected `\}` to close the record opened at 1:9/);
  assert.match(r.stderr, /lib\/bad\.mkl:1:10/);
  assert.equal(readFileSync(join(dir, "main.mkl"), "utf8"), "let a = {x:1,\n  y:2}\n");
});

test("mk fmt rewrites files in place and leaves broken ones alone", () => {
  const dir = project();
  const r = run(["fmt", "main.mkl", "lib/ok.mkl"], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "formatted main.mkl\n");
  assert.equal(readFileSync(join(dir, "main.mkl"), "utf8"), "let a = {\n  x: 1\n  y: 2\n}\n");
  assert.equal(run(["fmt", "--check", "main.mkl"], dir).code, 0);
  const bad = run(["fmt", "lib/bad.mkl"], dir);
  assert.equal(bad.code, 1);
  assert.equal(readFileSync(join(dir, "lib/bad.mkl"), "utf8"), "let c = {\n");
});

test("mk fmt --diff prints a unified diff; mk fmt - formats standard input", () => {
  const dir = project();
  const d = run(["fmt", "--diff", "main.mkl"], dir);
  assert.equal(d.code, 1);
  assert.match(d.stdout, /^-let a = \{x:1,$/m);
  assert.match(d.stdout, /^\+  x: 1$/m);
  const s = run(["fmt", "-"], dir, "let   z=1");
  assert.equal(s.code, 0);
  assert.equal(s.stdout, "let z = 1\n");
  assert.equal(run(["fmt", "missing.mkl"], dir).code, 1);
});
