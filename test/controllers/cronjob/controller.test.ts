import { test } from "node:test";
import assert from "node:assert/strict";
import { startControlLoop } from "../../../src/control/manager.js";
import { createCronJobController, CRONJOB_CONTROLLER } from "../../../src/controllers/cronjob/index.js";
import { createJobController } from "../../../src/controllers/job/index.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openTestStore } from "../../store/harness.js";
import { createFinishingNode } from "../job/finishing-node.js";

const KEY = { apiVersion: "batch/v1", kind: "CronJob", namespace: "default", name: "hello" };

test("a CronJob every minute creates one Job per tick on a fake clock, and prunes history to 3 successes", async () => {
  const { store, clock } = openTestStore();
  const loop = startControlLoop({ store, clock, reconcilers: [createCronJobController(), createJobController(), createFinishingNode()], pollMs: 5 });
  try {
    await store.create(
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "hello", namespace: "default" },
        spec: { schedule: "*/1 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "main", image: "localhost/mk/busybox:1" }] } } } } },
      },
      { managedBy: "mkapply" },
    );
    await loop.settled();
    assert.equal((await store.list({ apiVersion: "batch/v1", kind: "Job" })).items.length, 0, "nothing before the first tick");
    for (let minute = 1; minute <= 5; minute++) {
      clock.advance(60);
      loop.enqueue(CRONJOB_CONTROLLER, KEY);
      await loop.settled();
    }
    const jobs = (await store.list({ apiVersion: "batch/v1", kind: "Job" })).items.map((j) => (j.metadata as JsonObject).name);
    const minute0 = Date.parse("2025-03-01T10:00:00Z") / 60000;
    assert.deepEqual(jobs.sort(), [3, 4, 5].map((m) => `hello-${minute0 + m}`));
    const cj = await store.get(KEY);
    const status = cj?.status as JsonObject;
    assert.equal(status.lastScheduleTime, "2025-03-01T10:05:00Z");
    assert.equal(status.lastSuccessfulTime, "2025-03-01T10:05:00Z");
    assert.equal(status.active, undefined);
    const events = (await store.listEvents({})).items.filter((e) => (e.source as JsonObject).component === CRONJOB_CONTROLLER).map((e) => `${e.reason}: ${e.message}`);
    assert.equal(events.filter((e) => e.startsWith("SuccessfulCreate: Created job hello-")).length, 5);
    assert.ok(events.includes(`SuccessfulDelete: Deleted job hello-${minute0 + 1}`));
    assert.deepEqual(loop.errors, []);
  } finally {
    await loop.stop();
    await store.close();
  }
});
