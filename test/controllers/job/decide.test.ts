import { test } from "node:test";
import assert from "node:assert/strict";
import { decideJob, readJobSpec, jobBackoffDelayMs, trackFinishedPods, formatIndexes, parseIndexes, matchPodFailurePolicy } from "../../../src/controllers/job/index.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { at, job, pod } from "./job-objects.js";

function decide(j: JsonObject, pods: JsonObject[], counts: { succeeded?: number; failed?: number; indexes?: number[] } = {}, now = "2025-03-01T10:05:00Z", backoffBaseMs?: number) {
  return decideJob({ job: j, spec: readJobSpec(j), pods, succeeded: counts.succeeded ?? 0, failed: counts.failed ?? 0, completedIndexes: new Set(counts.indexes ?? []), now: at(now), backoffBaseMs });
}

const cond = (status: JsonObject, type: string) => (status.conditions as JsonObject[] | undefined)?.find((c) => c.type === type);

test("defaulting follows the apiserver, not seed 002:693: both unset is 1/1, parallelism alone is a work queue", () => {
  assert.deepEqual([readJobSpec(job()).completions, readJobSpec(job()).parallelism, readJobSpec(job()).backoffLimit], [1, 1, 6]);
  assert.equal(readJobSpec(job({ parallelism: 3 })).completions, undefined);
  assert.deepEqual(readJobSpec(job()).selector, { matchLabels: { "batch.kubernetes.io/controller-uid": "job-uid" } });
});

test("completions 5 / parallelism 2: at most 2 run, never more than the completions left", () => {
  const j = job({ completions: 5, parallelism: 2 });
  assert.equal(decide(j, []).create.length, 2);
  assert.equal(decide(j, [pod({ name: "a" })]).create.length, 1);
  // 4 succeeded, 1 left: one pod, not two.
  assert.equal(decide(j, [], { succeeded: 4 }).create.length, 1);
  assert.equal(decide(j, [pod({ name: "a" })], { succeeded: 4 }).create.length, 0);
  const first = decide(j, []);
  assert.equal(first.status.active, 2);
  assert.equal(first.status.startTime, "2025-03-01T10:05:00Z");
});

test("parallelism 0 pauses the Job: nothing is created and surplus pods are deleted newest first", () => {
  const j = job({ completions: 3, parallelism: 0 });
  assert.equal(decide(j, []).create.length, 0);
  const j1 = job({ completions: 3, parallelism: 1 });
  const d = decide(j1, [pod({ name: "old", ready: true, created: "2025-03-01T10:00:00Z" }), pod({ name: "new", ready: true, created: "2025-03-01T10:01:00Z" })]);
  assert.deepEqual(d.delete.map((p) => (p.metadata as JsonObject).name), ["new"]);
});

test("success: SuccessCriteriaMet at once, Complete (and completionTime, event Completed) once no pod runs", () => {
  const j = job({ completions: 2, parallelism: 2 });
  const running = decide(j, [pod({ name: "a" })], { succeeded: 2 });
  assert.equal(cond(running.status, "SuccessCriteriaMet")?.reason, "CompletionsReached");
  assert.equal(cond(running.status, "Complete"), undefined);
  assert.equal(running.delete.length, 1);
  const done = decide(j, [], { succeeded: 2 });
  assert.deepEqual([cond(done.status, "Complete")?.status, cond(done.status, "Complete")?.message], ["True", "Reached expected number of succeeded pods"]);
  assert.equal(done.status.completionTime, "2025-03-01T10:05:00Z");
  assert.deepEqual(done.events, [{ type: "Normal", reason: "Completed", message: "Job completed" }]);
});

test("a work queue creates nothing after a success and completes when all pods have ended", () => {
  const j = job({ parallelism: 3 });
  assert.equal(decide(j, []).create.length, 3);
  const after = decide(j, [pod({ name: "a" }), pod({ name: "b" })], { succeeded: 1 });
  assert.equal(after.create.length, 0);
  assert.equal(cond(after.status, "SuccessCriteriaMet"), undefined);
  assert.equal(cond(decide(j, [], { succeeded: 1 }).status, "Complete")?.status, "True");
});

test("back-off: 10 s doubling per failure since the last success, capped at 6 minutes", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => jobBackoffDelayMs(n)), [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 360_000, 360_000]);
  assert.equal(jobBackoffDelayMs(0), 0);
  assert.equal(jobBackoffDelayMs(3, 5), 20);
  const j = job({ backoffLimit: 6 });
  const failedAt = "2025-03-01T10:01:00Z";
  const one = [pod({ name: "f1", phase: "Failed", finishedAt: failedAt })];
  const early = decide(j, one, { failed: 1 }, "2025-03-01T10:01:04Z");
  assert.equal(early.create.length, 0);
  assert.equal(early.requeueAfterMs, 6_000);
  assert.equal(decide(j, one, { failed: 1 }, "2025-03-01T10:01:10Z").create.length, 1);
  const two = [...one, pod({ name: "f2", phase: "Failed", finishedAt: "2025-03-01T10:01:20Z" })];
  assert.equal(decide(j, two, { failed: 2 }, "2025-03-01T10:01:35Z").requeueAfterMs, 5_000);
  // A success after the failures resets the count.
  const reset = [...two, pod({ name: "s", phase: "Succeeded", finishedAt: "2025-03-01T10:01:30Z" })];
  assert.equal(decide(job({ completions: 2 }), reset, { failed: 2, succeeded: 1 }, "2025-03-01T10:01:31Z").create.length, 1);
});

test("backoffLimit: one failure more than the limit fails the Job; running pods are killed first", () => {
  const j = job({ backoffLimit: 2, parallelism: 2, completions: 4 });
  const within = decide(j, [], { failed: 2 }, "2025-03-01T12:00:00Z");
  assert.equal(cond(within.status, "FailureTarget"), undefined);
  const over = decide(j, [pod({ name: "r" })], { failed: 3 });
  assert.deepEqual([cond(over.status, "FailureTarget")?.reason, cond(over.status, "FailureTarget")?.message], ["BackoffLimitExceeded", "Job has reached the specified backoff limit"]);
  assert.equal(cond(over.status, "Failed"), undefined);
  assert.equal(over.delete.length, 1);
  assert.deepEqual(over.events, [{ type: "Warning", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }]);
  const failed = decide({ ...j, status: over.status }, [], { failed: 4 });
  assert.equal(cond(failed.status, "Failed")?.reason, "BackoffLimitExceeded");
  assert.deepEqual(failed.events, []);
});

test("OnFailure: container restarts count against backoffLimit", () => {
  const j = job({ backoffLimit: 2, template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "main" }] } } });
  assert.equal(cond(decide(j, [pod({ name: "a", restarts: 1 })]).status, "FailureTarget"), undefined);
  assert.equal(cond(decide(j, [pod({ name: "a", restarts: 2 })]).status, "FailureTarget")?.reason, "BackoffLimitExceeded");
});

test("activeDeadlineSeconds wins over backoffLimit and requeues at the deadline", () => {
  const j = job({ backoffLimit: 0, activeDeadlineSeconds: 100 }, { startTime: "2025-03-01T10:00:00Z" });
  const both = decide(j, [], { failed: 1 }, "2025-03-01T10:02:00Z");
  assert.deepEqual([cond(both.status, "FailureTarget")?.reason, cond(both.status, "FailureTarget")?.message], ["DeadlineExceeded", "Job was active longer than specified deadline"]);
  const waiting = decide(job({ activeDeadlineSeconds: 100 }, { startTime: "2025-03-01T10:00:00Z" }), [pod({ name: "a" })], {}, "2025-03-01T10:01:00Z");
  assert.equal(waiting.requeueAfterMs, 40_000);
});

test("Indexed: the lowest free indexes are created; completedIndexes is compressed; duplicates are deleted", () => {
  const j = job({ completions: 5, parallelism: 2, completionMode: "Indexed" });
  const d = decide(j, [pod({ name: "p1", index: 1 })], { succeeded: 1, indexes: [0] });
  assert.deepEqual(d.create, [{ index: 2 }]);
  assert.equal(d.status.completedIndexes, "0");
  const dup = decide(j, [pod({ name: "a", index: 3, created: "2025-03-01T10:00:00Z" }), pod({ name: "b", index: 3, created: "2025-03-01T10:00:05Z" })], { indexes: [0, 1, 2] });
  assert.deepEqual(dup.delete.map((p) => (p.metadata as JsonObject).name), ["b"]);
  assert.deepEqual(dup.create, [{ index: 4 }]);
  assert.equal(formatIndexes([4, 0, 1, 2, 7, 8]), "0-2,4,7-8");
  assert.deepEqual([...parseIndexes("0-2,4,7-8")], [0, 1, 2, 4, 7, 8]);
  assert.equal(cond(decide(j, [], { indexes: [0, 1, 2, 3, 4], succeeded: 5 }).status, "Complete")?.status, "True");
});

test("suspend deletes running pods and says so; resuming resets startTime", () => {
  const j = job({ suspend: true, parallelism: 2, completions: 4 }, { startTime: "2025-03-01T10:00:00Z" });
  const d = decide(j, [pod({ name: "a" }), pod({ name: "b" })]);
  assert.equal(d.delete.length, 2);
  assert.equal(d.create.length, 0);
  assert.deepEqual([cond(d.status, "Suspended")?.status, cond(d.status, "Suspended")?.reason], ["True", "JobSuspended"]);
  const resumed = decide(job({ parallelism: 2, completions: 4 }, d.status), [], {}, "2025-03-01T11:00:00Z");
  assert.deepEqual([cond(resumed.status, "Suspended")?.status, cond(resumed.status, "Suspended")?.reason], ["False", "JobResumed"]);
  assert.equal(resumed.status.startTime, "2025-03-01T11:00:00Z");
  assert.equal(resumed.create.length, 2);
});

test("ttlSecondsAfterFinished: requeue until the TTL, then delete the Job", () => {
  const status = { completionTime: "2025-03-01T10:00:00Z", conditions: [{ type: "Complete", status: "True" }] };
  const j = job({ ttlSecondsAfterFinished: 100 }, status);
  const before = decide(j, [], { succeeded: 1 }, "2025-03-01T10:01:00Z");
  assert.equal(before.deleteJob, false);
  assert.equal(before.requeueAfterMs, 40_000);
  assert.equal(decide(j, [], { succeeded: 1 }, "2025-03-01T10:01:40Z").deleteJob, true);
  assert.equal(decide(job({}, status), [], { succeeded: 1 }, "2030-01-01T00:00:00Z").deleteJob, false);
});

test("podFailurePolicy: FailJob on an exit code fails the Job at once; Ignore is not counted", () => {
  const rules: JsonObject = { rules: [{ action: "Ignore", onExitCodes: { operator: "In", values: [3] } }, { action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } }] };
  const j = job({ backoffLimit: 6, podFailurePolicy: rules });
  const spec = readJobSpec(j);
  const fatal = pod({ name: "x", phase: "Failed", exitCode: 42 });
  assert.equal(matchPodFailurePolicy(spec.podFailurePolicy, fatal)?.action, "FailJob");
  const d = decide(j, [fatal], { failed: 1 });
  assert.equal(cond(d.status, "FailureTarget")?.reason, "PodFailurePolicy");
  assert.equal(cond(d.status, "FailureTarget")?.message, "Container main for pod default/x failed with exit code 42 matching FailJob rule at index 1");
  const ignored = pod({ name: "y", phase: "Failed", exitCode: 3 });
  const step = trackFinishedPods(spec, {}, [ignored, pod({ name: "z", phase: "Failed", exitCode: 1 })], false);
  assert.deepEqual(step.uncounted, { succeeded: [], failed: ["uid-z"] });
  assert.equal(step.release.length, 2);
  // An ignored failure delays nothing either.
  assert.equal(decide(job({ podFailurePolicy: rules }), [ignored], {}, "2025-03-01T10:01:01Z").create.length, 1);
  const onCondition = { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] }] };
  const disrupted = pod({ name: "d", phase: "Failed" });
  ((disrupted.status as JsonObject).conditions as JsonObject[]).push({ type: "DisruptionTarget", status: "True" });
  assert.equal(matchPodFailurePolicy(readJobSpec(job({ podFailurePolicy: onCondition })).podFailurePolicy, disrupted)?.action, "Ignore");
});

test("tracking counts each finished pod once: known uids are only released, deleted pods count as failed", () => {
  const spec = readJobSpec(job({ completions: 3, completionMode: "Indexed" }));
  const pods = [pod({ name: "s", phase: "Succeeded", index: 2 }), pod({ name: "gone", deleting: true }), pod({ name: "r" }), pod({ name: "old", phase: "Failed", finalizer: false })];
  const step = trackFinishedPods(spec, { uncountedTerminatedPods: { failed: ["uid-gone"] } }, pods, false);
  assert.deepEqual(step.uncounted, { succeeded: ["uid-s"], failed: ["uid-gone"] });
  assert.deepEqual(step.succeededIndexes, [2]);
  assert.deepEqual(step.release.map((p) => (p.metadata as JsonObject).name).sort(), ["gone", "s"]);
  // While suspended, the controller's own deletions are not failures.
  assert.deepEqual(trackFinishedPods(spec, {}, [pod({ name: "gone", deleting: true })], true).uncounted.failed, []);
});
