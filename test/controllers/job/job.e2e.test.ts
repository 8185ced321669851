/**
 * Jobs on real podman, driven by the control loop with the Job controller, the garbage collector
 * and the kubelet: completions 4 / parallelism 2 ends with 4 successful pods (never more than 2
 * running at once, sampled from the store's change feed), and a pod that always fails stops the
 * Job at backoffLimit. Deleting the Jobs leaves no pods or containers.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlLoop, type ControlLoop } from "../../../src/control/manager.js";
import { createGarbageCollector, createJobController } from "../../../src/controllers/index.js";
import { createKubelet } from "../../../src/kubelet/kubelet.js";
import { listContainers } from "../../../src/runtime/observe.js";
import { BUSYBOX_IMAGE } from "../../../src/runtime/test-images.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openStore, type Store } from "../../../src/store/index.js";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";

const NS = "default";
let rt: E2eRuntime;
let store: Store;
let loop: ControlLoop;
let stateDir: string;

before(async () => {
  rt = await openE2eRuntime("e2e-job");
  stateDir = mkdtempSync(join(tmpdir(), "mk-e2e-job-state-"));
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
  loop = startControlLoop({ store, reconcilers: [createJobController({ backoffBaseMs: 500 }), createGarbageCollector(), kubelet], pollMs: 20, backoffMaxMs: 1000 });
});

after(async () => {
  await loop?.stop();
  await store?.close();
  const left = await rt.close();
  rmSync(stateDir, { recursive: true, force: true });
  assert.deepEqual(left, [], "no podman objects left behind");
});

function job(name: string, script: string, spec: JsonObject): JsonObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: NS },
    spec: {
      ...spec,
      template: { spec: { restartPolicy: "Never", terminationGracePeriodSeconds: 1, containers: [{ name: "main", image: BUSYBOX_IMAGE, command: ["sh", "-c", script] }] } },
    },
  };
}

function condition(object: JsonObject | undefined, type: string): JsonObject | undefined {
  return (((object?.status as JsonObject | undefined)?.conditions as JsonObject[] | undefined) ?? []).find((c) => c.type === type && c.status === "True");
}

async function finished(name: string, type: "Complete" | "Failed"): Promise<JsonObject> {
  return pollUntil(
    async () => {
      const j = await store.get({ apiVersion: "batch/v1", kind: "Job", namespace: NS, name });
      return condition(j, type) ? j : undefined;
    },
    { timeoutMs: 240_000, what: `Job ${name} ${type}`, intervalMs: 250 },
  );
}

async function jobPods(name: string): Promise<JsonObject[]> {
  return (await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS, labelSelector: { matchLabels: { "batch.kubernetes.io/job-name": name } } })).items;
}

test("completions 4 / parallelism 2: four pods succeed, at most two at once", async () => {
  await store.create(job("pi", "echo computing; sleep 1; echo done", { completions: 4, parallelism: 2 }), { managedBy: "mkapply" });
  const done = await finished("pi", "Complete");
  const status = done.status as JsonObject;
  assert.deepEqual([status.succeeded, status.failed ?? 0, status.active], [4, 0, 0]);
  const pods = await jobPods("pi");
  assert.equal(pods.length, 4);
  assert.ok(pods.every((p) => (p.status as JsonObject).phase === "Succeeded"));
  // Replay the pod changes: never more than 2 of the Job's pods running (not finished, not deleted).
  const live = new Map<string, JsonObject>();
  let most = 0;
  for (const c of (await store.changes({ sinceResourceVersion: "0", apiVersion: "v1", kind: "Pod", limit: 1_000_000 })).changes) {
    const uid = String((c.object.metadata as JsonObject).uid);
    if (c.type === "DELETED") live.delete(uid);
    else live.set(uid, c.object);
    const running = [...live.values()].filter((p) => {
      const phase = (p.status as JsonObject | undefined)?.phase;
      return phase !== "Succeeded" && phase !== "Failed" && (p.metadata as JsonObject).deletionTimestamp === undefined;
    });
    most = Math.max(most, running.length);
  }
  assert.ok(most <= 2 && most >= 1, `at most 2 pods ran at once (saw ${most})`);
});

test("a pod that always fails stops the Job at backoffLimit", async () => {
  await store.create(job("broken", "echo failing; exit 3", { backoffLimit: 1 }), { managedBy: "mkapply" });
  const failed = await finished("broken", "Failed");
  assert.equal(condition(failed, "Failed")?.reason, "BackoffLimitExceeded");
  assert.equal((failed.status as JsonObject).failed, 2);
  const pods = await jobPods("broken");
  assert.equal(pods.length, 2);
  const events = (await store.listEvents({})).items.map((e) => `${e.reason}: ${e.message}`);
  assert.ok(events.includes("BackoffLimitExceeded: Job has reached the specified backoff limit"));
});

test("deleting the Jobs leaves no pods or containers", async () => {
  for (const name of ["pi", "broken"]) await store.delete({ apiVersion: "batch/v1", kind: "Job", namespace: NS, name });
  await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items.length === 0 ? true : undefined), {
    timeoutMs: 120_000,
    what: "the Jobs' pods gone",
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
