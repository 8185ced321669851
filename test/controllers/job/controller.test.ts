import { test } from "node:test";
import assert from "node:assert/strict";
import { startControlLoop } from "../../../src/control/manager.js";
import { createJobController } from "../../../src/controllers/job/index.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { systemClock, type Store } from "../../../src/store/index.js";
import { openTestStore } from "../../store/harness.js";
import { createFinishingNode } from "./finishing-node.js";
import { job } from "./job-objects.js";

const JOB = { apiVersion: "batch/v1", kind: "Job", namespace: "default", name: "pi" };

function cond(object: JsonObject | undefined, type: string): JsonObject | undefined {
  const status = (object?.status ?? {}) as JsonObject;
  return (status.conditions as JsonObject[] | undefined)?.find((c) => c.type === type);
}

async function newJob(store: Store, spec: JsonObject): Promise<JsonObject> {
  const j = job(spec);
  delete (j.metadata as JsonObject).uid;
  delete (j.metadata as JsonObject).creationTimestamp;
  delete j.status;
  return store.create(j, { managedBy: "mkapply" });
}

async function reasons(store: Store): Promise<string[]> {
  return (await store.listEvents({})).items.map((e) => `${e.reason}: ${e.message}`);
}

test("completions 4 / parallelism 2: four pods succeed, at most two at once, the Job completes", async () => {
  const { store } = openTestStore({ clock: systemClock });
  const node = createFinishingNode();
  const loop = startControlLoop({ store, reconcilers: [createJobController({ backoffBaseMs: 5 }), node], pollMs: 5 });
  try {
    await newJob(store, { completions: 4, parallelism: 2 });
    await loop.settled(50);
    const done = await store.get(JOB);
    const status = done?.status as JsonObject;
    assert.equal(cond(done, "Complete")?.status, "True", JSON.stringify(status));
    assert.equal(cond(done, "SuccessCriteriaMet")?.status, "True");
    assert.deepEqual([status.succeeded, status.failed, status.active], [4, 0, 0]);
    assert.deepEqual(status.uncountedTerminatedPods, {});
    assert.ok(node.maxRunning <= 2, `at most 2 pods ran at once, saw ${node.maxRunning}`);
    const pods = (await store.list({ apiVersion: "v1", kind: "Pod" })).items;
    assert.equal(pods.length, 4, "completed pods are kept");
    for (const p of pods) {
      const meta = p.metadata as JsonObject;
      const labels = meta.labels as JsonObject;
      assert.equal(labels["batch.kubernetes.io/job-name"], "pi");
      assert.equal(labels["job-name"], "pi");
      assert.equal(labels["batch.kubernetes.io/controller-uid"], (done?.metadata as JsonObject).uid);
      assert.equal(meta.finalizers, undefined, "the tracking finalizer is removed once counted");
    }
    const events = await reasons(store);
    assert.equal(events.filter((e) => e.startsWith("SuccessfulCreate: Created pod: pi-")).length, 4);
    assert.ok(events.includes("Completed: Job completed"));
    assert.deepEqual(loop.errors, []);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("a pod that always fails stops at backoffLimit: backoffLimit + 1 pods, Failed with BackoffLimitExceeded", async () => {
  const { store } = openTestStore({ clock: systemClock });
  const loop = startControlLoop({ store, reconcilers: [createJobController({ backoffBaseMs: 5 }), createFinishingNode(() => 1)], pollMs: 5 });
  try {
    await newJob(store, { backoffLimit: 2 });
    await loop.settled(100);
    const done = await store.get(JOB);
    assert.equal(cond(done, "Failed")?.reason, "BackoffLimitExceeded", JSON.stringify(done?.status));
    assert.equal((done?.status as JsonObject).failed, 3);
    assert.equal((await store.list({ apiVersion: "v1", kind: "Pod" })).items.length, 3);
    assert.ok((await reasons(store)).includes("BackoffLimitExceeded: Job has reached the specified backoff limit"));
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("Indexed: each index succeeds once; pods carry the index, hostname and JOB_COMPLETION_INDEX", async () => {
  const { store } = openTestStore({ clock: systemClock });
  const loop = startControlLoop({ store, reconcilers: [createJobController({ backoffBaseMs: 5 }), createFinishingNode()], pollMs: 5 });
  try {
    await newJob(store, { completions: 3, parallelism: 3, completionMode: "Indexed" });
    await loop.settled(50);
    const done = await store.get(JOB);
    assert.equal((done?.status as JsonObject).completedIndexes, "0-2");
    assert.equal(cond(done, "Complete")?.status, "True");
    const pods = (await store.list({ apiVersion: "v1", kind: "Pod" })).items;
    const seen = pods.map((p) => {
      const meta = p.metadata as JsonObject;
      const index = (meta.annotations as JsonObject)["batch.kubernetes.io/job-completion-index"];
      const spec = p.spec as JsonObject;
      const env = ((spec.containers as JsonObject[])[0].env as JsonObject[]).find((e) => e.name === "JOB_COMPLETION_INDEX");
      assert.ok(String(meta.name).startsWith(`pi-${index}-`));
      return `${index} ${spec.hostname} ${env?.value}`;
    });
    assert.deepEqual(seen.sort(), ["0 pi-0 0", "1 pi-1 1", "2 pi-2 2"]);
  } finally {
    await loop.stop();
    await store.close();
  }
});

test("ttlSecondsAfterFinished 0 deletes the finished Job and its pods", async () => {
  const { store } = openTestStore({ clock: systemClock });
  const loop = startControlLoop({ store, reconcilers: [createJobController(), createFinishingNode()], pollMs: 5 });
  try {
    await newJob(store, { ttlSecondsAfterFinished: 0 });
    await loop.settled(50);
    assert.equal(await store.get(JOB), undefined);
    assert.equal((await store.list({ apiVersion: "v1", kind: "Pod" })).items.length, 0);
  } finally {
    await loop.stop();
    await store.close();
  }
});
