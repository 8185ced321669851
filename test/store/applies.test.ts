import { test } from "node:test";
import assert from "node:assert/strict";
import { isStoreError } from "../../src/store/errors.js";
import { openTestStore, thrown } from "./harness.js";

const actor = { user: "alice", host: "devbox", pid: 4242 };
const summary = { create: 2, update: 1, replace: 0, delete: 1 };

test("the apply history records who applied which plan, when, and how it ended, newest first", async () => {
  const { store, clock } = openTestStore();
  const first = await store.beginApply({ actor, planDigest: "sha256:aaa", summary });
  assert.deepEqual(first, { id: 1, user: "alice", host: "devbox", pid: 4242, startedAt: "2025-03-01T10:00:00Z", planDigest: "sha256:aaa", summary, outcome: "running" });
  clock.advance(42);
  const done = await store.finishApply(first.id, "succeeded");
  assert.equal(done.outcome, "succeeded");
  assert.equal(done.finishedAt, "2025-03-01T10:00:42Z");

  const second = await store.beginApply({ actor: { ...actor, user: "bob" }, planDigest: "sha256:bbb", summary: { create: 0, update: 0, replace: 1, delete: 0 } });
  await store.finishApply(second.id, "failed", "Deployment/default/web: progress deadline exceeded");
  const history = await store.listApplies();
  assert.deepEqual(
    history.map((a) => [a.id, a.user, a.outcome, a.message]),
    [
      [2, "bob", "failed", "Deployment/default/web: progress deadline exceeded"],
      [1, "alice", "succeeded", undefined],
    ],
  );
  assert.equal((await store.listApplies({ limit: 1 })).length, 1);
  assert.deepEqual(await store.getApply(1), done);
  assert.equal(await store.getApply(3), undefined);
  await store.close();
});

test("an apply finishes once; unknown applies and bad summaries are refused", async () => {
  const { store } = openTestStore();
  const a = await store.beginApply({ actor, planDigest: "sha256:aaa", summary });
  await store.finishApply(a.id, "failed");
  const twice = await thrown(() => store.finishApply(a.id, "succeeded"));
  assert.ok(isStoreError(twice, "Invalid"));
  assert.match((twice as Error).message, /apply #1 already finished \(failed\)/);
  assert.ok(isStoreError(await thrown(() => store.finishApply(9, "succeeded")), "NotFound"));
  assert.ok(isStoreError(await thrown(() => store.beginApply({ actor, planDigest: "", summary })), "Invalid"));
  assert.ok(isStoreError(await thrown(() => store.beginApply({ actor, planDigest: "x", summary: { ...summary, create: -1 } })), "Invalid"));
  await store.close();
});
