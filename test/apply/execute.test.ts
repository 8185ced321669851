import { test } from "node:test";
import assert from "node:assert/strict";
import { startControlLoop } from "../../src/control/manager.js";
import type { ApplyEvent } from "../../src/apply/events.js";
import { executePlan, type ExecuteOptions } from "../../src/apply/execute.js";
import type { JsonObject } from "../../src/schema/json.js";
import { APPLY_LOCK, type Store } from "../../src/store/index.js";
import { createFakeKubelet, type FakeKubeletOptions } from "../support/fake-kubelet.js";
import { configMap, freshStore, planStore } from "../plan/harness.js";

const actor = { user: "tester", host: "testhost", pid: process.pid };

function pod(name: string, labels: Record<string, string> = { app: name }): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: "main", image: "localhost/mk/busybox:1" }] } };
}

const service: JsonObject = { apiVersion: "v1", kind: "Service", metadata: { name: "solo" }, spec: { selector: { app: "solo" }, ports: [{ port: 80 }] } };

function controllers(kubelet: FakeKubeletOptions = {}): ExecuteOptions["startControllers"] {
  return (store: Store) => startControlLoop({ store, reconcilers: [createFakeKubelet(kubelet)], pollMs: 10 });
}

async function run(store: Store, desired: JsonObject[], options: Partial<ExecuteOptions> = {}) {
  const plan = await planStore(store, desired);
  const events: ApplyEvent[] = [];
  const result = await executePlan({ plan, store, emit: (e) => events.push(e), startControllers: controllers(), pollMs: 10, actor, ...options });
  return { result, events, plan };
}

test("writes the plan, runs the controllers and stops when every object converged", async () => {
  const { store } = freshStore();
  let lockDuringWait: string | undefined;
  const { result, events } = await run(store, [configMap("settings", { a: "1" }), pod("solo"), service], {
    startControllers: async (s) => {
      lockDuringWait = (await s.getLock(APPLY_LOCK))?.operation;
      return startControlLoop({ store: s, reconcilers: [createFakeKubelet()], pollMs: 10 });
    },
  });
  assert.equal(result.exitCode, 0, JSON.stringify(result));
  assert.equal(result.outcome, "converged");
  assert.equal(lockDuringWait, "mkapply", "the apply lock is held while the controllers run");
  assert.equal(await store.getLock(APPLY_LOCK), undefined, "and released at the end");
  const types = events.map((e) => e.type);
  assert.equal(types[0], "plan");
  assert.equal(types[1], "apply_started");
  assert.equal(types.at(-1), "apply_finished");
  assert.deepEqual(
    events.filter((e) => e.type === "object_written").map((e) => (e.type === "object_written" ? `${e.action} ${e.address}` : "")),
    ["create ConfigMap/settings", "create Service/solo", "create Pod/solo"],
  );
  const done = events.filter((e) => e.type === "object_done");
  assert.deepEqual(done.map((e) => (e.type === "object_done" ? `${e.address} ${e.outcome}` : "")).sort(), ["ConfigMap/settings converged", "Pod/solo converged", "Service/solo converged"]);
  const finished = events.at(-1);
  assert.ok(finished?.type === "apply_finished");
  assert.deepEqual(finished.counts, { added: 3, changed: 0, destroyed: 0 });
  assert.equal((await store.listApplies())[0]?.outcome, "succeeded");
  await store.close();
});

test("a failed pod fails the apply with exit 1, naming the pod and its reason", async () => {
  const { store } = freshStore();
  const { result, events } = await run(store, [pod("broken")], { startControllers: controllers({ fail: () => true }) });
  assert.equal(result.exitCode, 1);
  assert.equal(result.outcome, "failed");
  assert.equal(result.objects[0]?.outcome, "failed");
  assert.match(result.objects[0]?.message ?? "", /^pod broken: Error/);
  const finished = events.at(-1);
  assert.ok(finished?.type === "apply_finished");
  assert.match(finished.message ?? "", /Pod\/broken: pod broken: Error/);
  await store.close();
});

test("a lock held by someone else: nothing is written and the holder is named", async () => {
  const { store } = freshStore();
  const held = await store.acquireLock({ name: APPLY_LOCK, holder: { user: "alice", host: "elsewhere", pid: 4242, operation: "mkapply" } });
  const { result } = await run(store, [pod("solo")]);
  assert.equal(result.exitCode, 1);
  assert.equal(result.diagnostic?.code, "MK7003");
  assert.match(JSON.stringify(result.diagnostic), /held by alice@elsewhere \(pid 4242\) for mkapply/);
  assert.equal((await store.list({ kind: "Pod" })).items.length, 0);
  await held.release();
  await store.close();
});

test("--timeout: an object that never becomes ready times out; --no-wait returns after writing", async () => {
  const { store } = freshStore();
  const { result } = await run(store, [pod("slow")], { timeoutMs: 150, startControllers: controllers({ neverReady: () => true }) });
  assert.equal(result.outcome, "timed_out");
  assert.equal(result.exitCode, 1);
  assert.match(result.objects[0]?.message ?? "", /^timed out after 0s \(--timeout\): Running, not ready/);

  let started = false;
  const noWait = await run(store, [pod("slow"), pod("other")], { wait: false, startControllers: () => ((started = true), { stop: async () => {} }) });
  assert.equal(noWait.result.outcome, "written");
  assert.equal(noWait.result.exitCode, 0);
  assert.equal(started, false, "no controllers without waiting");
  assert.ok(await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "other" }));
  await store.close();
});

test("Ctrl-C stops waiting, stops the controllers and reports what was left in progress", async () => {
  const { store } = freshStore();
  const abort = new AbortController();
  let stopped = false;
  const plan = await planStore(store, [pod("slow")]);
  const events: ApplyEvent[] = [];
  const result = await executePlan({
    plan,
    store,
    actor,
    pollMs: 10,
    signal: abort.signal,
    startControllers: (s) => {
      const loop = startControlLoop({ store: s, reconcilers: [createFakeKubelet({ neverReady: () => true })], pollMs: 10 });
      return { stop: async () => ((stopped = true), loop.stop()) };
    },
    emit: (e) => {
      events.push(e);
      if (e.type === "object_progress" && e.state === "progressing") abort.abort();
    },
  });
  assert.equal(result.outcome, "interrupted");
  assert.equal(result.exitCode, 1);
  assert.ok(stopped, "the control loop was stopped");
  const finished = events.at(-1);
  assert.ok(finished?.type === "apply_finished");
  assert.deepEqual(finished.unfinished, ["Pod/slow"]);
  await store.close();
});

test("a pruned object is deleted and waited for until its dependents are gone", async () => {
  const { store } = freshStore();
  const first = await run(store, [pod("keep"), configMap("gone", { a: "1" })]);
  assert.equal(first.result.exitCode, 0);
  // A dependent of the ConfigMap: it must be gone before the deletion counts as done.
  const cm = await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "gone" });
  const uid = String((cm?.metadata as JsonObject).uid);
  await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "child", namespace: "default", ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "gone", uid }] } }, { managedBy: "controller" });
  const gc = { name: "test-gc", watches: [{ apiVersion: "v1", kind: "ConfigMap" }], async reconcile(key: { name: string; namespace?: string }, ctx: { store: Store }) {
    const child = await ctx.store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "child" });
    if (child && !(await ctx.store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "gone" }))) await ctx.store.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "child" });
    void key;
  } };
  const second = await run(store, [pod("keep")], { startControllers: (s) => startControlLoop({ store: s, reconcilers: [createFakeKubelet(), gc], pollMs: 10 }) });
  assert.equal(second.result.exitCode, 0, JSON.stringify(second.result));
  const progress = second.events.filter((e) => e.type === "object_progress" && e.address === "ConfigMap/gone").map((e) => (e.type === "object_progress" ? e.message : ""));
  assert.equal(progress.at(-1), "deleted");
  assert.equal(await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "child" }), undefined);
  await store.close();
});
