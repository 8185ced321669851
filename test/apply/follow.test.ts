// followObjects outside mkapply: the watch of `mk get -w` (objects never end by themselves, new
// ones are discovered) and of `mk rollout status -w` (one object until it converged); the view's
// state keeps its rows when a watch sends the plan again, and a watch's last line.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApplyEvent } from "../../src/apply/events.js";
import { followObjects, followOutcome, type FollowTarget } from "../../src/apply/follow.js";
import { startControlLoop } from "../../src/control/manager.js";
import type { JsonObject } from "../../src/schema/json.js";
import { systemClock, type Store } from "../../src/store/index.js";
import { initialApplyViewState, reduceApplyView } from "../../src/ui/apply-state.js";
import { watchSummary } from "../../src/cli/pipeline/watch-live.js";
import { pollUntil } from "../e2e-support/poll.js";
import { createFakeKubelet } from "../support/fake-kubelet.js";
import { freshStore } from "../plan/harness.js";

function pod(name: string): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app: "w" } }, spec: { containers: [{ name: "main", image: "localhost/mk/busybox:1" }] } };
}

function target(name: string): FollowTarget {
  return { address: `Pod/${name}`, ref: { apiVersion: "v1", kind: "Pod", namespace: "default", name }, action: "no-op" };
}

async function podTargets(store: Store): Promise<FollowTarget[]> {
  return (await store.list({ apiVersion: "v1", kind: "Pod", namespace: "default" })).items.map((o) => target(String((o.metadata as JsonObject).name)));
}

test("a watch until stopped: converged objects stay followed, new ones are discovered, Ctrl-C ends it", async () => {
  const { store } = freshStore();
  const loop = startControlLoop({ store, reconcilers: [createFakeKubelet()], pollMs: 10 });
  try {
    await store.create(pod("a"), { managedBy: "mkapply" });
    const events: ApplyEvent[] = [];
    const stop = new AbortController();
    const progressed = (address: string, state: string) => () =>
      Promise.resolve(events.some((e) => e.type === "object_progress" && e.address === address && e.state === state) ? true : undefined);
    const watching = followObjects({
      store,
      targets: [target("a")],
      emit: (e) => events.push(e),
      clock: systemClock,
      started: Date.now(),
      timeoutMs: Infinity,
      pollMs: 10,
      signal: stop.signal,
      untilStopped: true,
      discover: async (known) => (await podTargets(store)).filter((t) => !known.has(t.address)),
    });
    await pollUntil(progressed("Pod/a", "converged"), { timeoutMs: 10_000, what: "Pod/a ready", intervalMs: 10 });
    assert.ok(!events.some((e) => e.type === "object_done"), "a converged object does not end the watch");
    await store.create(pod("b"), { managedBy: "mkapply" });
    await pollUntil(progressed("Pod/b", "converged"), { timeoutMs: 10_000, what: "the new Pod/b followed to ready", intervalMs: 10 });
    stop.abort();
    const results = await watching;
    assert.deepEqual(results.map((r) => `${r.address} ${r.outcome}`), ["Pod/a interrupted", "Pod/b interrupted"]);
    assert.equal(followOutcome(results).outcome, "interrupted");
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("a watch of one object ends when it converged; one not in the state times out at --timeout", async () => {
  const { store } = freshStore();
  const loop = startControlLoop({ store, reconcilers: [createFakeKubelet()], pollMs: 10 });
  try {
    await store.create(pod("a"), { managedBy: "mkapply" });
    const base = { store, emit: () => undefined, clock: systemClock, pollMs: 10 };
    const done = await followObjects({ ...base, targets: [target("a")], started: Date.now(), timeoutMs: Infinity });
    assert.deepEqual(followOutcome(done), { outcome: "converged" });
    const missing = await followObjects({ ...base, targets: [target("ghost")], started: Date.now(), timeoutMs: 100 });
    const outcome = followOutcome(missing);
    assert.equal(outcome.outcome, "timed_out");
    assert.match(outcome.message ?? "", /^Pod\/ghost: timed out after 0s \(--timeout\): not in the store$/);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("the view keeps its rows when a watch sends the plan again with a new object", () => {
  const plan = (names: string[], time: string): ApplyEvent => ({
    type: "plan",
    time,
    version: 1,
    configuration: "pods",
    mode: "normal",
    objects: names.map((n) => ({ address: `Pod/${n}`, apiVersion: "v1", kind: "Pod", namespace: "default", name: n, action: "no-op" })),
    counts: { added: 0, changed: 0, destroyed: 0 },
  });
  let state = reduceApplyView(initialApplyViewState, plan(["a"], "2026-01-01T00:00:00.000Z"));
  state = reduceApplyView(state, { type: "object_progress", time: "2026-01-01T00:00:01.000Z", address: "Pod/a", state: "converged", message: "Running and Ready" });
  state = reduceApplyView(state, plan(["a", "b"], "2026-01-01T00:00:05.000Z"));
  assert.deepEqual(state.rows.map((r) => `${r.address} ${r.state} ${r.message}`), ["Pod/a converged Running and Ready", "Pod/b waiting unchanged"]);
  assert.equal(state.startedAt, Date.parse("2026-01-01T00:00:00.000Z"), "the elapsed time counts from the first");
});

test("a watch's last line says how the rollout ended, not mkapply's resource counts", () => {
  const finished = (outcome: "converged" | "interrupted" | "timed_out" | "failed", extra: { message?: string; unfinished?: string[] } = {}) =>
    watchSummary({ type: "apply_finished", time: "", outcome, mode: "normal", counts: { added: 0, changed: 0, destroyed: 0 }, durationMs: 12_000, unfinished: extra.unfinished ?? [], ...(extra.message ? { message: extra.message } : {}) });
  assert.equal(finished("converged"), "Rolled out: watched for 12s.");
  assert.equal(finished("interrupted"), "Stopped watching after 12s.");
  assert.equal(finished("timed_out", { unfinished: ["Deployment/web"] }), "Timed out after 12s (--timeout); still in progress: Deployment/web.");
  assert.equal(finished("failed", { message: "Deployment/web: exceeded its progress deadline" }), "Rollout failed after 12s: Deployment/web: exceeded its progress deadline");
});

test("a paused Deployment part-way through a rollout ends mkapply's wait, while rollout status keeps waiting", async () => {
  const { store } = freshStore();
  try {
    const written = await store.create(
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" }, spec: { replicas: 3, paused: true, selector: { matchLabels: { app: "w" } }, template: { metadata: { labels: { app: "w" } }, spec: { containers: [{ name: "main", image: "localhost/mk/web:1" }] } } } },
      { managedBy: "mkapply" },
    );
    const generation = (written.metadata as JsonObject).generation as number;
    await store.updateStatus({ ...written, status: { observedGeneration: generation, replicas: 3, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 } });
    const base = { store, emit: () => undefined, clock: systemClock, pollMs: 10, targets: [{ address: "Deployment/web", ref: { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" }, action: "no-op" as const }] };
    const applied = await followObjects({ ...base, started: Date.now(), timeoutMs: 5_000 });
    assert.equal(followOutcome(applied).outcome, "converged");
    assert.match(applied[0].message, /^deployment "web" is paused: 1 out of 3 new replicas have been updated/);
    const watched = await followObjects({ ...base, started: Date.now(), timeoutMs: 200, waitWhilePaused: true });
    assert.equal(followOutcome(watched).outcome, "timed_out");
    assert.match(watched[0].message, /Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated\.\.\.$/);
  } finally {
    await store.close();
  }
});
