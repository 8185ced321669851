import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const mk = new URL("../../src/cli/mk.js", import.meta.url).pathname;

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [mk, ...args], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const deployment = (name: string, image = "localhost/mk/web:1") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: web
          image: ${image}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mk-validate-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test("valid manifests in a directory: exit 0 and the summary", () => {
  const dir = project({ "a.yaml": deployment("a"), "sub/b.yml": deployment("b"), "notes.txt": "not yaml" });
  const r = run(["validate", dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "2 resources: 2 valid, 0 invalid");
  assert.equal(r.stderr, "");
});

test("an invalid field is reported with file:line:col, object and field path; exit 1", () => {
  const dir = project({ "web.yaml": deployment("web").replace("replicas: 2", "replcas: 2") });
  const r = run(["validate", join(dir, "web.yaml")]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[MK4\d{3}\]: .*replcas/);
  assert.match(r.stderr, /web\.yaml:6:3/);
  assert.match(r.stderr, /did you mean `replicas`\?/);
  assert.match(r.stderr, /Deployment\/web/);
  assert.equal(r.stdout.trim(), "1 resource: 0 valid, 1 invalid");
});

test("multi-document files, kind: List, empty documents and comment-only files", () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: one}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: two}\n`;
  const dir = project({ "multi.yaml": `${deployment("a")}---\n---\n${deployment("b")}`, "list.yaml": list, "empty.yaml": "# nothing\n" });
  const r = run(["validate", dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "4 resources: 4 valid, 0 invalid (1 empty document skipped)");
});

test("malformed YAML, missing kind, and a duplicate object", () => {
  const dir = project({
    "broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n",
    "nokind.yaml": "apiVersion: v1\nmetadata: {name: y}\n",
    "dup.yaml": `${deployment("same")}---\n${deployment("same")}`,
  });
  const r = run(["validate", dir, "--error-format", "json"]);
  assert.equal(r.code, 1);
  const diagnostics = r.stderr.trim().split("\n").map((l) => JSON.parse(l) as { code: string; message: string; span?: { file: string } });
  const codes = diagnostics.map((d) => d.code);
  assert.ok(codes.includes("MK6001"), codes.join(","));
  assert.ok(codes.includes("MK4002"), codes.join(","));
  assert.ok(codes.includes("MK6004"), codes.join(","));
  assert.match(r.stdout, /3 resources: 1 valid, 2 invalid \(1 file with errors\)/);
});

test("-o json prints a versioned report; - reads standard input", () => {
  const r = run(["validate", "-", "-o", "json"], deployment("piped"));
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { version: number; resources: { kind: string; name: string; valid: boolean }[]; summary: { valid: number } };
  assert.equal(report.version, 1);
  assert.deepEqual(report.resources.map((x) => [x.kind, x.name, x.valid]), [["Deployment", "piped", true]]);
  assert.equal(report.summary.valid, 1);
});

test("a missing path is an error", () => {
  const r = run(["validate", "/nonexistent/mk.yaml"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /MK6007.*no such file/);
});

test("--help and --version", () => {
  const help = run(["validate", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: mk validate/);
  const version = run(["--version"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
});
