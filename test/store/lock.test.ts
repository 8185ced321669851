import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { LockHeldError, isStoreError } from "../../src/store/errors.js";
import { currentActor } from "../../src/store/identity.js";
import type { LockInfo } from "../../src/store/lock.js";
import { openStore } from "../../src/store/open.js";
import { fakeClock, tempDir, thrown } from "./harness.js";

const holderScript = new URL("./lock-holder.js", import.meta.url).pathname;

function twoHandles(options: { hostname?: string } = {}) {
  const path = join(tempDir(), ".mk", "state.db");
  const clock = fakeClock();
  // Two store handles on one file stand for two processes; locks live in the file, not the handle.
  return { path, clock, a: openStore({ path, clock }), b: openStore({ path, clock, ...options }) };
}

const alice = { user: "alice", host: hostname(), pid: process.pid, operation: "mkapply" };
const bob = { user: "bob", host: hostname(), pid: process.pid, operation: "mk rollout undo" };

test("a second locker fails at once, naming who holds the lock and since when", async () => {
  const { a, b, clock } = twoHandles();
  const held = await a.acquireLock({ holder: alice });
  assert.equal(held.info.name, "apply");
  assert.equal(held.info.createdAt, "2025-03-01T10:00:00Z");
  clock.advance(185);
  let waits = 0;
  const e = await thrown(() => b.acquireLock({ holder: bob, onWait: () => void waits++ }));
  assert.ok(e instanceof LockHeldError);
  assert.equal(waits, 0, "no waiting without a lock timeout");
  assert.equal(e.stale, false);
  assert.deepEqual(e.holder, held.info);
  assert.equal(
    e.message,
    [
      "the apply lock is held by another operation",
      `  ID:        ${held.info.id}`,
      `  Who:       alice@${hostname()}, pid ${process.pid}`,
      "  Operation: mkapply",
      "  Since:     2025-03-01T10:00:00Z (3m ago)",
      "Try again when it finishes, or wait for it with --lock-timeout (for example --lock-timeout 5m).",
    ].join("\n"),
  );
  assert.deepEqual(await b.getLock("apply"), held.info);
  assert.equal(await held.release(), true);
  const next = await b.acquireLock({ holder: bob });
  assert.notEqual(next.info.id, held.info.id);
  await next.release();
  await a.close();
  await b.close();
});

test("with a lock timeout the second locker waits and gets the lock when it is released", async () => {
  const { a, b } = twoHandles();
  const held = await a.acquireLock({ holder: alice });
  const waitedFor: LockInfo[] = [];
  const got = await b.acquireLock({
    holder: bob,
    timeoutMs: 30_000,
    onWait: async (err) => {
      waitedFor.push(err.holder);
      if (waitedFor.length === 1) await held.release();
    },
  });
  assert.equal(waitedFor.length, 1);
  assert.equal(waitedFor[0].id, held.info.id);
  assert.equal(got.info.user, "bob");
  assert.equal((await a.getLock("apply"))?.id, got.info.id);
  await got.release();
  await a.close();
  await b.close();
});

test("a lock timeout that runs out fails naming the holder and how long it waited", async () => {
  const { a, b } = twoHandles();
  await a.acquireLock({ holder: alice });
  let waits = 0;
  const started = performance.now();
  const e = await thrown(() => b.acquireLock({ holder: bob, timeoutMs: 300, onWait: () => void waits++ }));
  assert.ok(performance.now() - started >= 300, "it waited the whole timeout");
  assert.ok(e instanceof LockHeldError);
  assert.ok(waits >= 1);
  assert.match(e.message, /Who: {7}alice@/);
  assert.match(e.message, /Gave up after waiting 0\.3s \(--lock-timeout\)\./);
  await a.close();
  await b.close();
});

test("a lock whose holder process died is reported stale at once, even with a timeout, and not taken over", async () => {
  const path = join(tempDir(), ".mk", "state.db");
  const child = spawnSync(process.execPath, [holderScript, path], { env: { ...process.env, MK_STORE_TEST_WORKER: "1" }, encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  const dead = JSON.parse(child.stdout) as LockInfo;
  assert.equal(dead.pid, child.pid);

  const store = openStore({ path });
  let waits = 0;
  const e = await thrown(() => store.acquireLock({ holder: { ...currentActor(), operation: "mkapply" }, timeoutMs: 60_000, onWait: () => void waits++ }));
  assert.ok(e instanceof LockHeldError);
  assert.equal(e.stale, true);
  assert.equal(waits, 0);
  assert.equal(e.holder.id, dead.id);
  assert.match(e.message, new RegExp(`The lock is stale: process ${dead.pid} is no longer running on this host`));
  assert.match(e.message, new RegExp(`mk force-unlock ${dead.id}`));
  assert.equal((await store.getLock("apply"))?.id, dead.id, "still there: never silently stolen");

  const removed = await store.forceUnlock(dead.id);
  assert.equal(removed.pid, dead.pid);
  const mine = await store.acquireLock({ holder: { ...currentActor(), operation: "mkapply" } });
  await mine.release();
  await store.close();
});

test("a holder on another host cannot be checked: it is waited for, never called stale", async () => {
  const { a, b } = twoHandles();
  await a.acquireLock({ holder: { ...alice, host: "buildbox-7", pid: 999_999 } });
  const e = await thrown(() => b.acquireLock({ holder: bob }));
  assert.ok(e instanceof LockHeldError);
  assert.equal(e.stale, false);
  assert.match(e.message, /alice@buildbox-7, pid 999999/);
  await a.close();
  await b.close();
});

test("force-unlock takes the ID; the old holder's release then says it no longer held the lock", async () => {
  const { a, b } = twoHandles();
  const held = await a.acquireLock({ holder: alice });
  const wrong = await thrown(() => b.forceUnlock("not-an-id"));
  assert.ok(isStoreError(wrong, "LockNotFound"));
  assert.match((wrong as Error).message, /no lock with ID not-an-id in .*: the locks held now are:\n {2}ID: {8}/);
  const removed = await b.forceUnlock(held.info.id);
  assert.deepEqual(removed, held.info);
  assert.equal(await b.getLock("apply"), undefined);
  assert.equal(await held.release(), false);
  const none = await thrown(() => b.forceUnlock(held.info.id));
  assert.match((none as Error).message, /the state is not locked/);
  await a.close();
  await b.close();
});

test("the lock cannot be taken inside a transaction", async () => {
  const { a, b } = twoHandles();
  const e = await thrown(() => a.transaction(async () => a.acquireLock({ holder: alice })));
  assert.ok(isStoreError(e, "Invalid"));
  await a.close();
  await b.close();
});
