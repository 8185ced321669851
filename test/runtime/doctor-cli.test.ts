import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const mk = new URL("../../src/cli/mk.js", import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [mk, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("mk doctor --help explains the checks and the exit status", () => {
  const r = run(["doctor", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--build-images/);
  assert.match(r.stdout, /CONTAINERS_CONF/);
  assert.match(r.stdout, /Exit status: 0 when every check passes, 1 otherwise/);
});

test("mk doctor without podman fails with the exact fix and skips the rest", () => {
  const r = run(["doctor", "--podman", "/nonexistent/podman"]);
  assert.equal(r.code, 1);
  const lines = r.stdout.split("\n");
  assert.match(lines[0], /^FAIL\s+podman\s+the podman program \("\/nonexistent\/podman"\) was not found/);
  assert.match(lines[1], /fix: apt-get install -y podman runc busybox-static/);
  assert.equal(lines.filter((l) => l.startsWith("skip")).length, 5);
  assert.match(r.stdout, /1 check failed/);
});

test("mk doctor -o json reports every check", () => {
  const r = run(["doctor", "--podman", "/nonexistent/podman", "-o", "json"]);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout) as { version: number; passed: boolean; checks: { name: string; status: string }[] };
  assert.equal(report.version, 1);
  assert.equal(report.passed, false);
  assert.deepEqual(
    report.checks.map((c) => c.status),
    ["fail", "skip", "skip", "skip", "skip", "skip"],
  );
});

test("mk doctor on this machine: every check passes against the real podman", () => {
  const r = run(["doctor", "--build-images"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  for (const name of ["podman", "OCI runtime", "network backend", "test images", "container start", "pod network and DNS"]) {
    assert.match(r.stdout, new RegExp(`^ok\\s+${name}\\s`, "m"), name);
  }
  assert.match(r.stdout, /ulimit nofile 1024, nproc 1024/);
  assert.match(r.stdout, /all 6 checks passed/);
});
