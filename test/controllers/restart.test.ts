import assert from "node:assert/strict";
import { test } from "node:test";
import { startControlLoop } from "../../src/control/manager.js";
import { createDeploymentController, createGarbageCollector, createReplicaSetController } from "../../src/controllers/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import { createFakeKubelet } from "../support/fake-kubelet.js";
import { openTestStore } from "../store/harness.js";
import { deployment, imageOf, pods, replicaSets } from "./harness.js";

const WEB = { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" };

test("level-triggered: a rollout stopped half-way (new ReplicaSet made, no pods yet) converges when the loop starts again; dependents of an owner deleted while stopped are collected", async () => {
  const { store, clock } = openTestStore();
  const start = () => startControlLoop({ store, reconcilers: [createReplicaSetController(), createDeploymentController(), createGarbageCollector(), createFakeKubelet()], clock, pollMs: 5, backoffBaseMs: 2, backoffMaxMs: 100 });
  let loop = start();
  try {
    await store.create(deployment("web", 4, "localhost/mk/web:1"), { managedBy: "mkapply" });
    await loop.settled();
    await loop.stop();
    const d = (await store.get(WEB)) as JsonObject;
    const spec = d.spec as JsonObject;
    const template = spec.template as JsonObject;
    await store.update({ ...d, spec: { ...spec, template: { ...template, spec: { containers: [{ name: "web", image: "localhost/mk/web:2" }] } } } });
    // Half-way: only the Deployment controller runs, so the new ReplicaSet is made and the sets are
    // resized, but no pod changes.
    const deploymentOnly = startControlLoop({ store, reconcilers: [createDeploymentController()], clock, pollMs: 5 });
    await deploymentOnly.settled();
    await deploymentOnly.stop();
    assert.equal((await replicaSets(store)).length, 2);
    assert.deepEqual(new Set((await pods(store)).map(imageOf)), new Set(["localhost/mk/web:1"]), "no pod of the new template yet");

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
