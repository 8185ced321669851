import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { isConflict, isStoreError } from "../../src/store/errors.js";
import { deployment, meta, openTestStore, thrown } from "./harness.js";

test("updateStatus writes status only: spec and labels sent along are ignored", async () => {
  const { store } = openTestStore();
  const v1 = await store.create(deployment("web", 1), { managedBy: "mkapply" });
  const s = await store.updateStatus({
    ...v1,
    metadata: { ...meta(v1), labels: { sneaky: "yes" } },
    spec: { ...(v1.spec as JsonObject), replicas: 7 },
    status: { replicas: 1, readyReplicas: 1 },
  });
  assert.deepEqual(s.status, { replicas: 1, readyReplicas: 1 });
  assert.equal((s.spec as JsonObject).replicas, 1);
  assert.equal(meta(s).labels, undefined);
  assert.equal(meta(s).generation, 1);
  assert.equal(meta(s).resourceVersion, "2");
  const stored = await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" });
  assert.deepEqual(stored, s);
  await store.close();
});

test("updateStatus is compare-and-swap: a controller with a stale copy gets a conflict", async () => {
  const { store } = openTestStore();
  const v1 = await store.create(deployment("web", 1), { managedBy: "mkapply" });
  await store.update({ ...v1, spec: { ...(v1.spec as JsonObject), replicas: 2 } });
  const e = await thrown(() => store.updateStatus({ ...v1, status: { replicas: 1 } }));
  assert.ok(isConflict(e));
  await store.close();
});

test("status must be a mapping", async () => {
  const { store } = openTestStore();
  const v1 = await store.create(deployment("web", 1), { managedBy: "mkapply" });
  const e = await thrown(() => store.updateStatus({ ...v1, status: "ready" }));
  assert.ok(isStoreError(e, "Invalid"));
  await store.close();
});
