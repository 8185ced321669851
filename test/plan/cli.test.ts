import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyPlanToStore } from "../../src/plan/apply-to-store.js";
import { parsePlanFile } from "../../src/plan/plan-file.js";
import { planAgainstStore } from "../../src/plan/plan-store.js";
import { openStore } from "../../src/store/open.js";
import { yamlObjects } from "./harness.js";
import { readFileSync } from "node:fs";

const mkplan = new URL("../../src/cli/mkplan.js", import.meta.url).pathname;

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const { NO_COLOR: _n, FORCE_COLOR: _f, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [mkplan, ...args], { cwd, encoding: "utf8", env: { ...inherited, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: localhost/mk/web:1 }]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  color: blue
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mkplan-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Applies the directory's manifests to DIR/.mk/state.db as mkapply would. */
async function applyDir(dir: string, text: string): Promise<void> {
  const store = openStore({ path: join(dir, ".mk", "state.db") });
  const { plan } = await planAgainstStore({ store, location: ".mk/state.db", configuration: realpathSync(dir), desired: yamlObjects(text), now: new Date() });
  const result = await applyPlanToStore(plan, store);
  assert.ok(result.ok);
  await store.close();
}

test("mkplan on a directory of manifests with no state: everything is created; -detailed-exitcode says 2", () => {
  const dir = project({ "app.yaml": manifests });
  const plain = run(["."], dir);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /# Deployment\/web will be created/);
  assert.match(plain.stdout, /^Plan: 2 to add, 0 to change, 0 to destroy\.$/m);
  assert.doesNotMatch(plain.stdout, /\x1b\[/, "no colour without a terminal");
  const detailed = run([".", "-detailed-exitcode"], dir);
  assert.equal(detailed.status, 2);
  const coloured = run([".", "--detailed-exitcode"], dir, { FORCE_COLOR: "1" });
  assert.match(coloured.stdout, /\x1b\[32m\+\x1b\[0m/);
  assert.doesNotMatch(run([".", "--no-color"], dir, { FORCE_COLOR: "1" }).stdout, /\x1b\[/);
  assert.doesNotMatch(run([".", "-no-color"], dir, { FORCE_COLOR: "1" }).stdout, /\x1b\[/);
});

test("after an apply, mkplan says No changes (exit 0 with -detailed-exitcode), and a change is one update", async () => {
  const dir = project({ "app.yaml": manifests });
  await applyDir(dir, manifests);
  const same = run(["-detailed-exitcode", "-refresh=false"], dir);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /^No changes\. Your workloads match the configuration\.$/m);
  writeFileSync(join(dir, "app.yaml"), manifests.replace("replicas: 2", "replicas: 4"));
  const changed = run(["-detailed-exitcode"], dir);
  assert.equal(changed.status, 2);
  assert.match(changed.stdout, /~ replicas = 2 -> 4/);
  assert.match(changed.stdout, /^Plan: 0 to add, 1 to change, 0 to destroy\.$/m);
});

test("-out=FILE saves an owner-only plan and says how to apply it; -o json and -o markdown", () => {
  const dir = project({ "app.yaml": manifests });
  const saved = run(["-out=web.plan"], dir);
  assert.equal(saved.status, 0, saved.stderr);
  assert.match(saved.stdout, /Saved the plan to: web\.plan\n\nTo perform exactly these actions, run the following command to apply:\n {4}mkapply web\.plan\n$/);
  assert.equal(statSync(join(dir, "web.plan")).mode & 0o777, 0o600);
  const parsed = parsePlanFile(readFileSync(join(dir, "web.plan"), "utf8"), "web.plan");
  assert.ok(parsed.ok);
  assert.equal(parsed.plan.counts.create, 2);

  const json = run(["-o", "json", "--out", "again.plan"], dir);
  assert.equal(json.status, 0);
  const document = JSON.parse(json.stdout) as { format_version: string; summary: { add: number }; configuration: string };
  assert.equal(document.format_version, "1");
  assert.equal(document.summary.add, 2);
  assert.equal(document.configuration, realpathSync(dir));
  assert.match(json.stderr, /Saved the plan to: again\.plan/, "with -o json the note goes to standard error");

  const unwritable = run(["-out=no/such/dir/x.plan"], dir);
  assert.equal(unwritable.status, 1);
  assert.match(unwritable.stderr, /error\[MK8011\]: cannot write the plan file no\/such\/dir\/x\.plan: ENOENT/);

  const markdown = run(["--output", "markdown"], dir);
  assert.match(markdown.stdout, /^### mkplan: Plan: 2 to add, 0 to change, 0 to destroy\.$/m);
  assert.match(markdown.stdout, /<details><summary>/);
});

test("an MKL project is compiled with its params; errors are diagnostics with exit 1", () => {
  const dir = project({
    "main.mkl": `import "k8s/core/v1" as core
param color: string = "blue"
emit core.ConfigMap { metadata: { name: "settings" }, data: { color: color } }
`,
  });
  const result = run([".", "-p", "color=green", "-o", "json"], dir);
  assert.equal(result.status, 0, result.stderr);
  const plan = JSON.parse(result.stdout) as { object_changes: { address: string; after: { data: { color: string } } }[] };
  assert.equal(plan.object_changes[0].address, "ConfigMap/settings");
  assert.equal(plan.object_changes[0].after.data.color, "green");

  const unknown = run([".", "-p", "size=3"], dir);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /error\[MK\d{4}\]/);
});

test("bad input: invalid manifests, malformed and unknown targets, conflicting options", () => {
  const dir = project({ "app.yaml": manifests });
  const invalid = project({ "bad.yaml": manifests.replace("replicas: 2", "replcas: 2") });
  const bad = run(["."], invalid);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /unknown field `replcas`/);
  assert.equal(bad.stdout, "", "no plan is printed");

  const malformed = run([".", "--target", "web"], dir);
  assert.equal(malformed.status, 1);
  assert.match(malformed.stderr, /error\[MK8002\]: --target web is not an object address/);
  const unknown = run([".", "-target=Deployment/wbe"], dir);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /error\[MK8001\]/);
  assert.match(unknown.stderr, /did you mean `Deployment\/web`\?/);
  const targeted = run([".", "--target", "ConfigMap/web-config"], dir);
  assert.equal(targeted.status, 0);
  assert.doesNotMatch(targeted.stdout, /Deployment\/web/);
  assert.match(targeted.stdout, /Warning: Object targeting is in effect/);

  const conflict = run([".", "--against", "HEAD", "--out", "x.plan"], dir);
  assert.equal(conflict.status, 1);
  assert.match(conflict.stderr, /error\[MK8006\]: --against cannot be combined with --out/);
  const params = run([".", "-p", "x=1"], dir);
  assert.equal(params.status, 1);
  assert.match(params.stderr, /error\[MK8006\]: -p x=\.\.\. sets a param of an MKL project/);
  const empty = run(["."], project({ "README.md": "nothing here" }));
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /error\[MK8008\]/);
  const json = run([".", "--target", "web", "--error-format", "json"], dir);
  assert.equal((JSON.parse(json.stderr.trim().split("\n")[0]) as { code: string }).code, "MK8002");
});

function git(dir: string, ...args: string[]): void {
  const result = spawnSync("git", ["-c", "user.name=mk", "-c", "user.email=mk@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: dir, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

test("--against REF compares the configuration at a git revision with the working tree, without a state", () => {
  const repo = project({ "deploy/app.yaml": manifests, "README.md": "repo" });
  git(repo, "init", "-q");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "v1");
  writeFileSync(join(repo, "deploy", "app.yaml"), manifests.replace("localhost/mk/web:1", "localhost/mk/web:2").replace("color: blue", "color: green"));
  writeFileSync(join(repo, "deploy", "extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: '1'\n");

  const result = run(["deploy", "--against", "HEAD", "-detailed-exitcode"], repo);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stdout, /~ image = "localhost\/mk\/web:1" -> "localhost\/mk\/web:2"/);
  assert.match(result.stdout, /# ConfigMap\/extra will be created/);
  assert.match(result.stdout, /^Plan: 1 to add, 2 to change, 0 to destroy\.$/m);
  assert.ok(!statExists(join(repo, "deploy", ".mk")), "no state is created");

  const markdown = run(["deploy", "--against", "HEAD", "-o", "markdown"], repo);
  assert.match(markdown.stdout, /Compared with the configuration at HEAD \([0-9a-f]{12}\)\./);

  const same = run(["deploy", "--against", "HEAD", "-detailed-exitcode"], repo);
  assert.equal(same.status, 2);
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "v2");
  const clean = run(["deploy", "--against", "HEAD", "-detailed-exitcode"], repo);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  const older = run(["deploy", "--against", "HEAD~1", "-o", "json"], repo);
  assert.equal((JSON.parse(older.stdout) as { summary: { add: number; change: number } }).summary.change, 2);

  const unknown = run(["deploy", "--against", "no-such-branch"], repo);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /error\[MK8005\]: --against no-such-branch: git does not know this revision/);
  const notRepo = run([".", "--against", "HEAD"], project({ "app.yaml": manifests }));
  assert.equal(notRepo.status, 1);
  assert.match(notRepo.stderr, /error\[MK8005\]/);
});

test("--against: errors in the configuration at the revision are reported under the revision's name", () => {
  const repo = project({ "app.yaml": manifests.replace("replicas: 2", "replcas: 2") });
  git(repo, "init", "-q");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "broken");
  writeFileSync(join(repo, "app.yaml"), manifests);
  const result = run([".", "--against", "HEAD"], repo);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /--> HEAD:app\.yaml:\d+:\d+/);
});

function statExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

test("mkplan holds the state lock while it plans: an apply holding it makes the plan fail at once, naming the holder; --lock=false skips it", async () => {
  const dir = project({ "app.yaml": manifests });
  await applyDir(dir, manifests);
  const store = openStore({ path: join(dir, ".mk", "state.db") });
  const held = await store.acquireLock({ holder: { user: "alice", host: "build-1", pid: process.pid, operation: "mkapply" } });
  try {
    const locked = run(["."], dir, { NO_COLOR: "1" });
    assert.equal(locked.status, 1, locked.stderr);
    assert.match(locked.stderr, /lock/i);
    assert.match(locked.stderr, /alice/);
    assert.equal(locked.stdout, "");
    const unlocked = run([".", "--lock=false", "--detailed-exitcode"], dir, { NO_COLOR: "1" });
    assert.equal(unlocked.status, 0, unlocked.stderr);
    assert.match(unlocked.stdout, /No changes/);
  } finally {
    await held.release();
    await store.close();
  }
  // Released: the plan takes the lock itself and lets it go again.
  const free = run([".", "-lock-timeout=1s", "-detailed-exitcode"], dir, { NO_COLOR: "1" });
  assert.equal(free.status, 0, free.stderr);
  const after = openStore({ path: join(dir, ".mk", "state.db") });
  assert.equal((await after.listLocks()).length, 0);
  await after.close();
});
