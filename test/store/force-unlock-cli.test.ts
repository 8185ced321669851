import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { openStore } from "../../src/store/open.js";
import { parseDuration } from "../../src/cli/state-options.js";
import type { LockInfo } from "../../src/store/lock.js";
import { tempDir } from "./harness.js";

const mk = new URL("../../src/cli/mk.js", import.meta.url).pathname;
const holderScript = new URL("./lock-holder.js", import.meta.url).pathname;

function run(cwd: string, args: string[]) {
  // stdin is a pipe here, never a terminal: confirmation has to come from --force.
  const r = spawnSync(process.execPath, [mk, ...args], { cwd, input: "", encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project whose .mk/state.db holds the apply lock of a process that died. */
function projectWithStaleLock(): { project: string; lock: LockInfo } {
  const project = tempDir("mk-force-unlock-");
  const child = spawnSync(process.execPath, [holderScript, join(project, ".mk", "state.db")], { env: { ...process.env, MK_STORE_TEST_WORKER: "1" }, encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  return { project, lock: JSON.parse(child.stdout) as LockInfo };
}

test("mk force-unlock ID --force explains that the holder is dead and removes the lock", async () => {
  const { project, lock } = projectWithStaleLock();
  const r = run(project, ["force-unlock", lock.id, "--force"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`ID: {8}${lock.id}`));
  assert.match(r.stdout, new RegExp(`The lock is stale: process ${lock.pid} is no longer running on this host`));
  assert.match(r.stdout, new RegExp(`The apply lock ${lock.id} has been removed`));
  const store = openStore({ path: join(project, ".mk", "state.db") });
  assert.deepEqual(await store.listLocks(), []);
  await store.close();
});

test("without --force and without a terminal it refuses and keeps the lock", async () => {
  const { project, lock } = projectWithStaleLock();
  const r = run(project, ["force-unlock", lock.id]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[MK7011\]: force-unlock needs confirmation, and standard input is not a terminal/);
  assert.match(r.stderr, /--force/);
  const store = openStore({ path: join(project, ".mk", "state.db") });
  assert.equal((await store.listLocks()).length, 1);
  await store.close();
});

test("an unknown ID fails naming the lock that is held; a project without state says so", () => {
  const { project, lock } = projectWithStaleLock();
  const wrong = run(project, ["force-unlock", "nope", "--force", "--error-format", "json"]);
  assert.equal(wrong.code, 1);
  const d = JSON.parse(wrong.stderr.trim().split("\n")[0]) as { code: string; message: string; notes?: string[] };
  assert.equal(d.code, "MK7004");
  assert.match(d.message, /no lock with ID nope/);
  assert.ok(d.notes?.some((n) => n.includes(lock.id)));

  const empty = tempDir("mk-force-unlock-");
  const none = run(empty, ["force-unlock", "x", "--force"]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /error\[MK7006\]: no state at .*\.mk\/state\.db/);

  const other = run(empty, ["force-unlock", lock.id, "--force", "--state", join(project, ".mk", "state.db")]);
  assert.equal(other.code, 0, other.stderr);
});

test("--lock-timeout durations read as Terraform's", () => {
  assert.equal(parseDuration("0"), 0);
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("1m30s"), 90_000);
  assert.equal(parseDuration("1.5h"), 5_400_000);
  assert.equal(parseDuration("30"), undefined);
  assert.equal(parseDuration("5 minutes"), undefined);
});
