import assert from "node:assert/strict";
import { test } from "node:test";
import { startControlLoop } from "../../src/control/manager.js";
import { createWorkloadControllers } from "../../src/controllers/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import { createFakeKubelet } from "../support/fake-kubelet.js";
import { openTestStore } from "../store/harness.js";
import { deployment, imageOf, pods, replicaSets } from "./harness.js";

const WEB = { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" };

test("level-triggered: a rollout stopped half-way converges when the loop starts again; dependents of an owner deleted while stopped are collected", async () => {
  const { store, clock } = openTestStore();
  const start = () => startControlLoop({ store, reconcilers: [...createWorkloadControllers(), createFakeKubelet()], clock, pollMs: 5, backoffBaseMs: 2, backoffMaxMs: 100 });
  let loop = start();
  try {
    await store.create(deployment("web", 4, "localhost/mk/web:1"), { managedBy: "mkapply" });
    await loop.settled();
    const d = (await store.get(WEB)) as JsonObject;
    const spec = d.spec as JsonObject;
    const template = spec.template as JsonObject;
    await store.update({ ...d, spec: { ...spec, template: { ...template, spec: { containers: [{ name: "web", image: "localhost/mk/web:2" }] } } } });
    // Stop as soon as the new ReplicaSet exists: the rollout is half-way.
    for (;;) {
      if ((await replicaSets(store)).length === 2) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await loop.stop();
    const mixed = new Set((await pods(store)).map(imageOf));
    assert.ok(mixed.has("localhost/mk/web:1"), "stopped before the old pods were gone");

    loop = start();
    await loop.settled();
    assert.deepEqual((await pods(store)).map(imageOf), Array(4).fill("localhost/mk/web:2"));
    await loop.stop();

    // Deleted while nothing runs: the ReplicaSets and pods are orphans of a gone owner.
    await store.delete(WEB);
    assert.equal((await replicaSets(store)).length, 2);
    loop = start();
    await loop.settled();
    assert.deepEqual(await replicaSets(store), []);
    assert.deepEqual(await pods(store), []);
    assert.deepEqual(loop.errors.filter((e) => !String(e.error).includes("conflict")).map((e) => `${e.reconciler}: ${String(e.error)}`), []);
  } finally {
    await loop.stop();
    await store.close();
  }
});
