import assert from "node:assert/strict";
import { test } from "node:test";
import { startControlLoop } from "../../src/control/manager.js";
import type { ControlContext, Reconciler } from "../../src/control/reconciler.js";
import type { JsonObject } from "../../src/schema/json.js";
import type { ObjectRef } from "../../src/store/index.js";
import { createFakeKubelet } from "../support/fake-kubelet.js";
import { configMap, openTestStore } from "../store/harness.js";

function recorder(name: string, extra: Partial<Reconciler> = {}): Reconciler & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    watches: [{ apiVersion: "v1", kind: "ConfigMap" }],
    async reconcile(key: ObjectRef) {
      calls.push(key.name);
    },
    ...extra,
    calls,
  };
}

test("lists existing objects first, then follows the change feed", async () => {
  const { store } = openTestStore();
  await store.create(configMap("before"), { managedBy: "mkapply" });
  const r = recorder("cm");
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 10 });
  try {
    await loop.settled();
    assert.deepEqual(r.calls, ["before"]);
    await store.create(configMap("after"), { managedBy: "mkapply" });
    await loop.settled();
    assert.deepEqual(r.calls, ["before", "after"]);
    // Other kinds do not wake it.
    await store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" } }, { managedBy: "mkapply" });
    await loop.settled();
    assert.deepEqual(r.calls, ["before", "after"]);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("watch key mapping wakes the owner's key; DELETED changes are delivered", async () => {
  const { store } = openTestStore();
  const calls: string[] = [];
  const r: Reconciler = {
    name: "owner",
    watches: [
      { apiVersion: "v1", kind: "ConfigMap" },
      { apiVersion: "v1", kind: "Secret", keys: (o: JsonObject) => [{ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: `owner-of-${String((o.metadata as JsonObject).name)}` }] },
    ],
    async reconcile(key) {
      calls.push(key.name);
    },
  };
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 10 });
  try {
    await loop.settled();
    await store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" } }, { managedBy: "mkapply" });
    await loop.settled();
    assert.deepEqual(calls, ["owner-of-s"]);
    await store.delete({ apiVersion: "v1", kind: "Secret", namespace: "default", name: "s" });
    await loop.settled();
    assert.deepEqual(calls, ["owner-of-s", "owner-of-s"]);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("a key never runs twice at once; changes during a run queue exactly one more run", async () => {
  const { store } = openTestStore();
  await store.create(configMap("x"), { managedBy: "mkapply" });
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  let release: (() => void) | undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const r: Reconciler = {
    name: "slow",
    concurrency: 4,
    watches: [{ apiVersion: "v1", kind: "ConfigMap" }],
    async reconcile() {
      running++;
      runs++;
      maxRunning = Math.max(maxRunning, running);
      if (runs === 1) await gate;
      running--;
    },
  };
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 5 });
  try {
    for (let i = 0; i < 5; i++) loop.enqueue("slow", { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "x" });
    release?.();
    await loop.settled();
    assert.equal(maxRunning, 1);
    assert.ok(runs >= 2 && runs <= 3, `runs ${runs}`);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("different keys run concurrently up to the reconciler's concurrency", async () => {
  const { store } = openTestStore();
  for (const n of ["a", "b", "c", "d"]) await store.create(configMap(n), { managedBy: "mkapply" });
  let running = 0;
  let maxRunning = 0;
  const waiting: (() => void)[] = [];
  const r: Reconciler = {
    name: "par",
    concurrency: 2,
    watches: [{ apiVersion: "v1", kind: "ConfigMap" }],
    async reconcile() {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= 2) for (const w of waiting.splice(0)) w();
      });
      running--;
    },
  };
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 5 });
  try {
    await loop.settled();
    assert.equal(maxRunning, 2);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("requeueAfterMs runs the key again; the earliest request wins", async () => {
  const { store } = openTestStore();
  await store.create(configMap("t"), { managedBy: "mkapply" });
  const times: number[] = [];
  const r: Reconciler = {
    name: "timer",
    watches: [{ apiVersion: "v1", kind: "ConfigMap" }],
    async reconcile() {
      times.push(Date.now());
      return times.length < 3 ? { requeueAfterMs: 20 } : undefined;
    },
  };
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 5 });
  try {
    await loop.settled(1000);
    assert.equal(times.length, 3);
    assert.ok(times[1] - times[0] >= 15, `second run after ${times[1] - times[0]} ms`);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("failures are retried with doubling back-off and recorded", async () => {
  const { store } = openTestStore();
  await store.create(configMap("f"), { managedBy: "mkapply" });
  const times: number[] = [];
  const r: Reconciler = {
    name: "flaky",
    watches: [{ apiVersion: "v1", kind: "ConfigMap" }],
    async reconcile() {
      times.push(Date.now());
      if (times.length <= 4) throw new Error(`boom ${times.length}`);
    },
  };
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 5, backoffBaseMs: 10, backoffMaxMs: 1000 });
  try {
    await loop.settled(5000);
    assert.equal(times.length, 5);
    assert.equal(loop.errors.length, 4);
    assert.match(String(loop.errors[3].error), /boom 4/);
    // 10, 20, 40, 80 ms: the last gap is at least the 80 ms back-off.
    assert.ok(times[4] - times[3] >= 75, `last retry after ${times[4] - times[3]} ms`);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("stop lets the running reconcile finish and calls the reconciler's stopper", async () => {
  const { store } = openTestStore();
  await store.create(configMap("s"), { managedBy: "mkapply" });
  let finished = false;
  let stopped = false;
  let started!: () => void;
  const began = new Promise<void>((resolve) => (started = resolve));
  let sawAbort = false;
  const r: Reconciler = {
    name: "stoppable",
    watches: [{ apiVersion: "v1", kind: "ConfigMap" }],
    async reconcile(_key, ctx: ControlContext) {
      started();
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
      sawAbort = ctx.signal.aborted;
      finished = true;
    },
    start() {
      return async () => {
        stopped = true;
      };
    },
  };
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 5 });
  await began;
  await loop.stop();
  assert.ok(finished && sawAbort && stopped);
  await store.close();
});

test("the fake kubelet binds pods and marks them Running and Ready", async () => {
  const { store, clock } = openTestStore();
  const kubelet = createFakeKubelet({ readyAfterMs: 5000 });
  const loop = startControlLoop({ store, reconcilers: [kubelet], pollMs: 5, clock });
  try {
    await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers: [{ name: "c", image: "i" }] } }, { managedBy: "controller" });
    await loop.settled();
    const ref = { apiVersion: "v1", kind: "Pod", namespace: "default", name: "p" };
    let pod = (await store.get(ref)) as JsonObject;
    assert.equal((pod.spec as JsonObject).nodeName, "mk-node");
    assert.equal((pod.status as JsonObject).phase, "Pending");
    clock.advance(5);
    loop.enqueue("kubelet", ref);
    await loop.settled();
    pod = (await store.get(ref)) as JsonObject;
    assert.equal((pod.status as JsonObject).phase, "Running");
    const ready = ((pod.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === "Ready");
    assert.equal(ready?.status, "True");
    kubelet.failPod("default", "p");
    await loop.settled();
    pod = (await store.get(ref)) as JsonObject;
    assert.equal((pod.status as JsonObject).phase, "Failed");
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("a change feed compacted past the loop's position is recovered by listing again", async () => {
  const { store } = openTestStore();
  const r = recorder("cm");
  const logs: string[] = [];
  // A long poll period: the loop reads the feed only when settled() asks it to.
  const loop = startControlLoop({ store, reconcilers: [r], pollMs: 60_000, log: (m) => logs.push(m) });
  try {
    await loop.settled();
    await store.create(configMap("missed"), { managedBy: "mkapply" });
    await store.compactChanges(await store.currentResourceVersion());
    await loop.settled();
    assert.deepEqual(r.calls, ["missed"]);
    assert.ok(logs.some((m) => /listing again/.test(m)), logs.join("\n"));
  } finally {
    await loop.stop();
    await store.close();
  }
});
