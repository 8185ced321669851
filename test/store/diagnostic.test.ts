import { test } from "node:test";
import assert from "node:assert/strict";
import { ConflictError, LockHeldError, StoreError } from "../../src/store/errors.js";
import { storeErrorDiagnostic } from "../../src/store/diagnostic.js";
import type { LockInfo } from "../../src/store/lock.js";

const info: LockInfo = { name: "apply", id: "L-1", user: "alice", host: "devbox", pid: 4242, operation: "mkapply", createdAt: "2025-03-01T10:00:00Z" };
const now = new Date("2025-03-01T10:03:00Z");

test("a stale lock becomes a diagnostic that says so and how to remove it", () => {
  const d = storeErrorDiagnostic(new LockHeldError(info, "dead", 0, now), now);
  assert.equal(d.code, "MK7003");
  assert.equal(d.message, "the apply lock is held by another operation");
  assert.deepEqual(d.notes, [
    "lock ID L-1, held by alice@devbox (pid 4242) for mkapply since 2025-03-01T10:00:00Z (3m ago)",
    "The lock is stale: process 4242 is no longer running on this host (devbox).",
  ]);
  assert.deepEqual(d.help, ["mk does not take over a stale lock by itself; if no mkapply is running, remove it with `mk force-unlock L-1`"]);
});

test("a live holder and a timed-out wait are told apart", () => {
  const live = storeErrorDiagnostic(new LockHeldError(info, "running", 0, now), now);
  assert.equal(live.notes?.length, 1);
  assert.match(live.help?.[0] ?? "", /--lock-timeout 5m/);
  const waited = storeErrorDiagnostic(new LockHeldError(info, "unknown", 30_000, now), now);
  assert.deepEqual(waited.notes?.slice(1), [
    "The lock was taken on another host (devbox); mk cannot tell from here whether process 4242 is still running.",
    "Gave up after waiting 30s (--lock-timeout).",
  ]);
});

test("other store errors keep their message and get their code", () => {
  assert.equal(storeErrorDiagnostic(new ConflictError("ConfigMap/default/x", "3", "5")).code, "MK7005");
  const multi = storeErrorDiagnostic(new StoreError("LockNotFound", "no lock with ID x: held now:\n  ID: y"));
  assert.equal(multi.message, "no lock with ID x: held now:");
  assert.deepEqual(multi.notes, ["ID: y"]);
});
