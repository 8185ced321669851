import { test } from "node:test";
import assert from "node:assert/strict";
import { deployment, meta, openTestStore } from "./harness.js";
import type { JsonObject } from "../../src/schema/json.js";

test("generation moves when the spec changes, not on metadata-only or status updates", async () => {
  const { store } = openTestStore();
  const v1 = await store.create(deployment("web", 1), { managedBy: "mkapply" });
  assert.equal(meta(v1).generation, 1);

  const labelled = await store.update({ ...v1, metadata: { ...meta(v1), labels: { team: "a" }, annotations: { note: "x" } } });
  assert.equal(meta(labelled).generation, 1, "metadata-only update");
  assert.equal(meta(labelled).resourceVersion, "2");

  const scaled = await store.update({ ...labelled, spec: { ...(labelled.spec as JsonObject), replicas: 3 } });
  assert.equal(meta(scaled).generation, 2, "spec change");

  const status = await store.updateStatus({ ...scaled, status: { observedGeneration: 2, replicas: 3 } });
  assert.equal(meta(status).generation, 2, "status update");
  assert.equal(meta(status).resourceVersion, "4");

  // Key order inside the spec is not a change.
  const spec = scaled.spec as JsonObject;
  const reordered: JsonObject = {};
  for (const k of Object.keys(spec).reverse()) reordered[k] = spec[k];
  const same = await store.update({ ...status, spec: reordered });
  assert.equal(meta(same).generation, 2);
  await store.close();
});

test("a write that changes nothing keeps the resourceVersion and adds no change", async () => {
  const { store } = openTestStore();
  const v1 = await store.create(deployment("web", 1), { managedBy: "mkapply" });
  const again = await store.update(v1);
  assert.equal(meta(again).resourceVersion, "1");
  const statusAgain = await store.updateStatus(v1);
  assert.equal(meta(statusAgain).resourceVersion, "1");
  const feed = await store.changes({ sinceResourceVersion: "0" });
  assert.equal(feed.changes.length, 1);
  await store.close();
});

test("update keeps the store's fields and the status, whatever the caller sends", async () => {
  const { store, clock } = openTestStore();
  const v1 = await store.create(deployment("web", 1), { managedBy: "mkapply" });
  const withStatus = await store.updateStatus({ ...v1, status: { replicas: 1 } });
  clock.advance(60);
  const updated = await store.update({
    ...withStatus,
    metadata: { ...meta(withStatus), creationTimestamp: "2000-01-01T00:00:00Z", generation: 40 },
    status: { replicas: 99 },
    spec: { ...(withStatus.spec as JsonObject), replicas: 2 },
  });
  assert.equal(meta(updated).creationTimestamp, "2025-03-01T10:00:00Z");
  assert.equal(meta(updated).generation, 2);
  assert.deepEqual(updated.status, { replicas: 1 });
  await store.close();
});
