import { test } from "node:test";
import assert from "node:assert/strict";
import type { EventInput } from "../../src/store/events.js";
import { isStoreError } from "../../src/store/errors.js";
import { meta, openTestStore, thrown } from "./harness.js";

const scaled = (message: string): EventInput => ({
  involvedObject: { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", uid: "d-1" },
  type: "Normal",
  reason: "ScalingReplicaSet",
  message,
  source: { component: "deployment-controller" },
});

test("an event is recorded as a core/v1 Event with count 1 and both timestamps", async () => {
  const { store } = openTestStore();
  const e = await store.recordEvent(scaled("Scaled up replica set web-7d9f to 3"));
  assert.equal(e.apiVersion, "v1");
  assert.equal(e.kind, "Event");
  assert.equal(meta(e).namespace, "default");
  assert.match(String(meta(e).name), /^web\.[0-9a-f]+$/);
  assert.deepEqual(e.involvedObject, { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "default", uid: "d-1" });
  assert.equal(e.count, 1);
  assert.equal(e.firstTimestamp, "2025-03-01T10:00:00Z");
  assert.equal(e.lastTimestamp, "2025-03-01T10:00:00Z");
  assert.equal(e.type, "Normal");
  assert.deepEqual(e.source, { component: "deployment-controller" });
  await store.close();
});

test("repeated identical events are counted, not added; a different message is a new event", async () => {
  const { store, clock } = openTestStore();
  const first = await store.recordEvent(scaled("Scaled up replica set web-7d9f to 3"));
  clock.advance(10);
  await store.recordEvent(scaled("Scaled up replica set web-7d9f to 3"));
  clock.advance(10);
  const third = await store.recordEvent(scaled("Scaled up replica set web-7d9f to 3"));
  assert.equal(meta(third).name, meta(first).name);
  assert.equal(meta(third).uid, meta(first).uid);
  assert.equal(third.count, 3);
  assert.equal(third.firstTimestamp, "2025-03-01T10:00:00Z");
  assert.equal(third.lastTimestamp, "2025-03-01T10:00:20Z");
  await store.recordEvent(scaled("Scaled down replica set web-7d9f to 1"));
  await store.recordEvent({ ...scaled("Scaled up replica set web-7d9f to 3"), type: "Warning" });
  const all = await store.listEvents({ involvedUid: "d-1" });
  assert.equal(all.items.length, 3);
  assert.deepEqual(
    all.items.map((e) => [e.message, e.type, e.count]),
    [
      ["Scaled up replica set web-7d9f to 3", "Normal", 3],
      ["Scaled down replica set web-7d9f to 1", "Normal", 1],
      ["Scaled up replica set web-7d9f to 3", "Warning", 1],
    ],
  );
  await store.close();
});

test("events can be polled since a resourceVersion; a repeat moves its event to the end", async () => {
  const { store } = openTestStore();
  await store.recordEvent(scaled("a"));
  await store.recordEvent(scaled("b"));
  const seen = await store.listEvents();
  assert.equal(seen.resourceVersion, "2");
  assert.deepEqual((await store.listEvents({ sinceResourceVersion: seen.resourceVersion })).items, []);
  await store.recordEvent(scaled("a"));
  const next = await store.listEvents({ sinceResourceVersion: seen.resourceVersion });
  assert.deepEqual(
    next.items.map((e) => [e.message, e.count]),
    [["a", 2]],
  );
  const page = await store.listEvents({ limit: 1 });
  assert.equal(page.items.length, 1);
  assert.equal(page.resourceVersion, String(meta(page.items[0]).resourceVersion));
  await store.close();
});

test("events of a cluster-scoped object live in default; old events can be pruned", async () => {
  const { store, clock } = openTestStore();
  const e = await store.recordEvent({ ...scaled("x"), involvedObject: { apiVersion: "v1", kind: "Node", name: "host" } });
  assert.equal(meta(e).namespace, "default");
  clock.advance(3600);
  await store.recordEvent(scaled("recent"));
  assert.equal(await store.deleteEventsBefore(new Date(clock.now().getTime() - 60_000)), 1);
  assert.deepEqual((await store.listEvents()).items.map((x) => x.message), ["recent"]);
  assert.deepEqual((await store.listEvents({ namespace: "other" })).items, []);
  await store.close();
});

test("malformed events are refused", async () => {
  const { store } = openTestStore();
  const e = await thrown(() => store.recordEvent({ ...scaled("x"), type: "Info" as never }));
  assert.ok(isStoreError(e, "Invalid"));
  assert.match((e as Error).message, /type must be Normal or Warning/);
  await store.close();
});
