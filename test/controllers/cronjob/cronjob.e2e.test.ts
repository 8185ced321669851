/**
 * A CronJob every minute on real podman. The CronJob controller runs in its own control loop on a
 * clock sixty times faster than real time (one scheduled minute per real second), the Job
 * controller, the garbage collector and the kubelet in another on the real clock, both on one
 * store: Jobs `hello-<minute>` are created, run to completion, and the history is pruned to
 * successfulJobsHistoryLimit; suspending stops new Jobs; deleting leaves nothing behind.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlLoop, type ControlLoop } from "../../../src/control/manager.js";
import { createCronJobController, createGarbageCollector, createJobController } from "../../../src/controllers/index.js";
import { CRONJOB_CONTROLLER } from "../../../src/controllers/cronjob/index.js";
import { createKubelet } from "../../../src/kubelet/kubelet.js";
import { listContainers } from "../../../src/runtime/observe.js";
import { BUSYBOX_IMAGE } from "../../../src/runtime/test-images.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openStore, type Clock, type Store } from "../../../src/store/index.js";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";

const NS = "default";
const KEY = { apiVersion: "batch/v1", kind: "CronJob", namespace: NS, name: "hello" };
let rt: E2eRuntime;
let store: Store;
let nodeLoop: ControlLoop;
let cronLoop: ControlLoop;
let stateDir: string;
let cronClock: Clock;

/** Sixty scheduled seconds per real second, from now. */
function fastClock(factor = 60): Clock {
  const start = Date.now();
  return { now: () => new Date(start + (Date.now() - start) * factor) };
}

before(async () => {
  rt = await openE2eRuntime("e2e-cronjob");
  stateDir = mkdtempSync(join(tmpdir(), "mk-e2e-cronjob-state-"));
  store = openStore({ path: join(stateDir, "state.db") });
  const kubelet = createKubelet({
    session: { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" },
    stateDir,
    backoffBaseMs: 1000,
    pollMs: 200,
    probeTimeScale: 1,
    extraLabels: rt.labels,
    nodeName: "mk-test-node",
  });
  nodeLoop = startControlLoop({ store, reconcilers: [createJobController({ backoffBaseMs: 500 }), createGarbageCollector(), kubelet], pollMs: 20, backoffMaxMs: 1000 });
  cronLoop = startControlLoop({ store, reconcilers: [createCronJobController()], clock: (cronClock = fastClock()), pollMs: 20, backoffMaxMs: 1000 });
});

after(async () => {
  await cronLoop?.stop();
  await nodeLoop?.stop();
  await store?.close();
  const left = await rt.close();
  rmSync(stateDir, { recursive: true, force: true });
  assert.deepEqual(left, [], "no podman objects left behind");
});

async function jobs(): Promise<JsonObject[]> {
  return (await store.list({ apiVersion: "batch/v1", kind: "Job", namespace: NS })).items;
}

const complete = (j: JsonObject) => ((((j.status as JsonObject | undefined)?.conditions as JsonObject[] | undefined) ?? []).some((c) => c.type === "Complete" && c.status === "True"));

test("every (fast) minute a Job runs to completion; history keeps the newest 2", async () => {
  await store.create(
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "hello", namespace: NS },
      spec: {
        schedule: "*/1 * * * *",
        concurrencyPolicy: "Forbid",
        successfulJobsHistoryLimit: 2,
        jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", terminationGracePeriodSeconds: 1, containers: [{ name: "hello", image: BUSYBOX_IMAGE, command: ["sh", "-c", "date; echo Hello from the Kubernetes cluster"] }] } } } },
      },
    },
    { managedBy: "mkapply" },
  );
  const created = async () => (await store.listEvents({})).items.filter((e) => e.reason === "SuccessfulCreate" && (e.source as JsonObject).component === CRONJOB_CONTROLLER);
  await pollUntil(
    async () => {
      // Requeues are timed on the fast clock's scale: nudge the CronJob each poll instead.
      cronLoop.enqueue(CRONJOB_CONTROLLER, KEY);
      const list = await jobs();
      return (await created()).length >= 4 && list.filter(complete).length >= 2 && list.length <= 3 ? list : undefined;
    },
    { timeoutMs: 240_000, what: "4 Jobs created and history pruned to 2 complete", intervalMs: 250 },
  );
  for (const j of await jobs()) assert.match(String((j.metadata as JsonObject).name), /^hello-\d+$/);
  const deleted = (await store.listEvents({})).items.filter((e) => e.reason === "SuccessfulDelete" && (e.source as JsonObject).component === CRONJOB_CONTROLLER);
  assert.ok(deleted.length >= 1, "older complete Jobs were deleted");
  const status = (await store.get(KEY))?.status as JsonObject;
  assert.equal(typeof status.lastScheduleTime, "string");
  assert.equal(typeof status.lastSuccessfulTime, "string");
  const annotations = ((await jobs())[0].metadata as JsonObject).annotations as JsonObject;
  assert.match(String(annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
});

test("suspended, no new Jobs; deleting the CronJob and its Jobs leaves no pods or containers", async () => {
  const cj = (await store.get(KEY)) as JsonObject;
  await store.update({ ...cj, spec: { ...(cj.spec as JsonObject), suspend: true } });
  const names = async () => (await jobs()).map((j) => String((j.metadata as JsonObject).name)).sort();
  // A reconcile already under way may still create one: let it finish before taking the list.
  cronLoop.enqueue(CRONJOB_CONTROLLER, KEY);
  await cronLoop.settled();
  const before = await names();
  // Two more scheduled minutes pass (two real seconds), the CronJob reconciled all along: no new Job.
  const suspendedAt = Math.floor(cronClock.now().getTime() / 60_000);
  const later = await pollUntil(
    async () => {
      cronLoop.enqueue(CRONJOB_CONTROLLER, KEY);
      return Math.floor(cronClock.now().getTime() / 60_000) >= suspendedAt + 2 ? names() : undefined;
    },
    { timeoutMs: 60_000, what: "two scheduled minutes while suspended", intervalMs: 100 },
  );
  await cronLoop.settled();
  assert.deepEqual((await names()).filter((n) => !before.includes(n)), [], `no Job after suspension (had ${before.join(", ")}, now ${later.join(", ")})`);
  await store.delete(KEY);
  for (const j of await jobs()) await store.delete({ apiVersion: "batch/v1", kind: "Job", namespace: NS, name: String((j.metadata as JsonObject).name) });
  await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items.length === 0 ? true : undefined), {
    timeoutMs: 120_000,
    what: "pods gone",
    intervalMs: 250,
  });
  const containers = await pollUntil(
    async () => {
      const rows = await listContainers(rt.podman, rt.selector);
      return rows.ok && rows.value.length === 0 ? rows.value : undefined;
    },
    { timeoutMs: 60_000, what: "containers removed" },
  );
  assert.deepEqual(containers, []);
});
