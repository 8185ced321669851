// mkapply's command line without a runtime (--no-wait: nothing needs podman): confirmation rules,
// saved plans applied exactly or refused when stale, --json lines, mk destroy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MKAPPLY = join(ROOT, "dist/src/cli/mkapply.js");
const MKPLAN = join(ROOT, "dist/src/cli/mkplan.js");
const MK = join(ROOT, "dist/src/cli/mk.js");

function run(program: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], { env: { ...process.env, CI: "true", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function project(data: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mkapply-cli-"));
  writeFileSync(join(dir, "settings.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { color: ${data} }\n`);
  return dir;
}

test("no terminal and no --auto-approve: refused, nothing written", async () => {
  const dir = project("blue");
  try {
    const r = await run(MKAPPLY, [dir, "--no-wait"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[MK9102\]: mkapply needs confirmation, and standard input is not a terminal/);
    assert.match(r.stdout, /Plan: 1 to add/, "the plan is shown first");
    const plan = await run(MKPLAN, [dir, "-detailed-exitcode"]);
    assert.equal(plan.code, 2, "still a change to make");
    const json = await run(MKAPPLY, [dir, "--no-wait", "--json"]);
    assert.equal(json.code, 1);
    assert.match(json.stderr, /--json needs --auto-approve/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--auto-approve --no-wait writes and says so; --json gives one event per line; a second apply has no changes", async () => {
  const dir = project("blue");
  try {
    const r = await run(MKAPPLY, [dir, "-auto-approve", "--no-wait"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ConfigMap\/settings: Creating\.\.\.$/m);
    assert.match(r.stdout, /Apply complete! Resources: 1 added, 0 changed, 0 destroyed\. Written in \d+s; not waiting for the controllers \(--no-wait\)\./);
    writeFileSync(join(dir, "settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { color: green }\n");
    const json = await run(MKAPPLY, [dir, "--auto-approve", "--no-wait", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const events = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; action?: string; address?: string; outcome?: string });
    assert.deepEqual(events.map((e) => e.type), ["plan", "apply_started", "object_written", "apply_finished"]);
    assert.deepEqual([events[2].action, events[2].address], ["update", "ConfigMap/settings"]);
    assert.equal(events[3].outcome, "written");
    const again = await run(MKAPPLY, [dir, "--auto-approve", "--no-wait"]);
    assert.match(again.stdout, /No changes\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a saved plan is applied exactly, without asking; a stale one is refused naming the object", async () => {
  const dir = project("blue");
  try {
    const planFile = join(dir, "change.plan");
    const planned = await run(MKPLAN, [dir, "-out", planFile]);
    assert.equal(planned.code, 0, planned.stderr);
    const applied = await run(MKAPPLY, [planFile, "--no-wait"]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Apply complete! Resources: 1 added/);

    writeFileSync(join(dir, "settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { color: red }\n");
    await run(MKPLAN, [dir, "-out", planFile]);
    writeFileSync(join(dir, "settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { color: green }\n");
    const other = await run(MKAPPLY, [dir, "--auto-approve", "--no-wait"]);
    assert.equal(other.code, 0, other.stderr);
    const stale = await run(MKAPPLY, [planFile, "--no-wait"]);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /error\[MK8003\]: the saved plan is stale: ConfigMap\/settings changed since the plan was made/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("mk destroy --no-wait deletes what the configuration applied", async () => {
  const dir = project("blue");
  try {
    assert.equal((await run(MKAPPLY, [dir, "--auto-approve", "--no-wait"])).code, 0);
    const r = await run(MK, ["destroy", dir, "--auto-approve", "--no-wait"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ConfigMap\/settings: Destroying\.\.\.$/m);
    assert.match(r.stdout, /Destroy complete! Resources: 1 destroyed\./);
    const plan = await run(MKPLAN, [dir, "-detailed-exitcode"]);
    assert.equal(plan.code, 2, "to be created again");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
