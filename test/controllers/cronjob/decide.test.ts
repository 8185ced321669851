import { test } from "node:test";
import assert from "node:assert/strict";
import { decideCronJob, missedSchedules, nextScheduleTimes, parseSchedule, formatInZone, cronJobName } from "../../../src/controllers/cronjob/index.js";
import type { JsonObject } from "../../../src/schema/json.js";

function cronJob(spec: JsonObject = {}, status: JsonObject = {}): JsonObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello", namespace: "default", uid: "cj-uid", creationTimestamp: "2025-03-01T10:00:00Z" },
    spec: { schedule: "*/1 * * * *", jobTemplate: { metadata: { labels: { app: "hello" } }, spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "hello" }] } } } }, ...spec },
    status,
  };
}

function job(name: string, finished?: "Complete" | "Failed", start = "2025-03-01T10:00:00Z"): JsonObject {
  const status: JsonObject = { startTime: start };
  if (finished) {
    status.conditions = [{ type: finished, status: "True" }];
    if (finished === "Complete") status.completionTime = start.replace(":00Z", ":30Z");
  }
  return { apiVersion: "batch/v1", kind: "Job", metadata: { name, namespace: "default", uid: `uid-${name}`, resourceVersion: "7" }, status };
}

const at = (s: string) => new Date(s);
const schedule = (s: string, tz?: string) => {
  const p = parseSchedule(s, tz);
  assert.ok(p.ok, JSON.stringify(p));
  return p.schedule;
};

test("schedules: five fields and the descriptors; CRON_TZ, six fields and unknown zones are refused", () => {
  assert.equal(schedule("@hourly").next(at("2025-03-01T10:10:00Z")).toISOString(), "2025-03-01T11:00:00.000Z");
  assert.equal(schedule("@daily").next(at("2025-03-01T10:10:00Z")).toISOString(), "2025-03-02T00:00:00.000Z");
  assert.equal(schedule("@weekly").next(at("2025-03-01T10:10:00Z")).toISOString(), "2025-03-02T00:00:00.000Z");
  assert.equal(schedule("0 9 * * *", "America/New_York").next(at("2025-03-01T10:10:00Z")).toISOString(), "2025-03-01T14:00:00.000Z");
  const tz = parseSchedule("CRON_TZ=UTC 0 * * * *");
  assert.deepEqual(tz.ok ? undefined : [tz.reason, /cannot use TZ or CRON_TZ in schedule, use timeZone field instead/.test(tz.message)], ["UnparseableSchedule", true]);
  assert.equal(parseSchedule("0 0 * * * *").ok, false);
  assert.equal(parseSchedule("61 * * * *").ok, false);
  const zone = parseSchedule("0 * * * *", "Mars/Olympus");
  assert.deepEqual(zone.ok ? undefined : [zone.reason, zone.message], ["UnknownTimeZone", 'invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus']);
  assert.deepEqual(nextScheduleTimes(cronJob({ schedule: "*/15 * * * *" }), at("2025-03-01T10:10:00Z"), 2).map((d) => d.toISOString()), ["2025-03-01T10:15:00.000Z", "2025-03-01T10:30:00.000Z"]);
});

test("missed schedules: counted after the last schedule, bounded by startingDeadlineSeconds, estimated past 100", () => {
  const every = schedule("*/1 * * * *");
  const m = missedSchedules(every, at("2025-03-01T10:00:00Z"), at("2025-03-01T10:05:30Z"));
  assert.deepEqual([m.mostRecent?.toISOString(), m.missed, m.next.toISOString()], ["2025-03-01T10:05:00.000Z", 5, "2025-03-01T10:06:00.000Z"]);
  assert.equal(missedSchedules(every, at("2025-03-01T10:00:00Z"), at("2025-03-01T10:05:30Z"), 150).missed, 2);
  assert.equal(missedSchedules(every, at("2025-03-01T10:05:00Z"), at("2025-03-01T10:05:30Z")).mostRecent, undefined);
  assert.equal(missedSchedules(every, at("2025-03-01T10:00:00Z"), at("2025-03-01T13:20:00Z")).missed, 200);
});

test("a due schedule creates `<cronjob>-<minutes>` from the template with the scheduled-timestamp annotation", () => {
  const d = decideCronJob(cronJob(), [], at("2025-03-01T10:01:10Z"));
  const created = d.create?.job as JsonObject;
  const meta = created.metadata as JsonObject;
  assert.equal(meta.name, `hello-${Date.parse("2025-03-01T10:01:00Z") / 60000}`);
  assert.equal(meta.name, cronJobName("hello", at("2025-03-01T10:01:00Z")));
  assert.deepEqual(meta.annotations, { "batch.kubernetes.io/cronjob-scheduled-timestamp": "2025-03-01T10:01:00Z" });
  assert.deepEqual(meta.labels, { app: "hello" });
  assert.equal((meta.ownerReferences as JsonObject[])[0].uid, "cj-uid");
  assert.equal(d.status.lastScheduleTime, "2025-03-01T10:01:00Z");
  assert.equal(d.requeueAfterMs, 50_000 + 100);
  // Before the first time: nothing, requeue at it.
  const early = decideCronJob(cronJob(), [], at("2025-03-01T10:00:20Z"));
  assert.equal(early.create, undefined);
  assert.equal(early.requeueAfterMs, 40_100);
  assert.equal(formatInZone(at("2025-03-01T14:00:00Z"), "America/New_York"), "2025-03-01T09:00:00-05:00");
});

test("concurrencyPolicy: Allow runs beside, Forbid waits (JobAlreadyActive), Replace deletes the running Job", () => {
  const running = job("hello-1");
  const status = { active: [{ apiVersion: "batch/v1", kind: "Job", name: "hello-1", namespace: "default", uid: "uid-hello-1" }], lastScheduleTime: "2025-03-01T10:01:00Z" };
  const now = at("2025-03-01T10:02:05Z");
  const allow = decideCronJob(cronJob({}, status), [running], now);
  assert.ok(allow.create);
  assert.deepEqual(allow.delete, []);
  const forbid = decideCronJob(cronJob({ concurrencyPolicy: "Forbid" }, status), [running], now);
  assert.equal(forbid.create, undefined);
  assert.deepEqual(forbid.events.map((e) => e.reason), ["JobAlreadyActive"]);
  assert.equal(forbid.status.lastScheduleTime, "2025-03-01T10:01:00Z");
  const replace = decideCronJob(cronJob({ concurrencyPolicy: "Replace" }, status), [running], now);
  assert.ok(replace.create);
  assert.deepEqual(replace.delete.map((j) => (j.metadata as JsonObject).name), ["hello-1"]);
  assert.equal(replace.status.active, undefined);
});

test("status: finished Jobs leave active (SawCompletedJob), lastSuccessfulTime; history keeps 3 successes and 1 failure", () => {
  const jobs = [
    job("a", "Complete", "2025-03-01T10:01:00Z"),
    job("b", "Complete", "2025-03-01T10:02:00Z"),
    job("c", "Complete", "2025-03-01T10:03:00Z"),
    job("d", "Complete", "2025-03-01T10:04:00Z"),
    job("e", "Failed", "2025-03-01T10:05:00Z"),
    job("f", "Failed", "2025-03-01T10:06:00Z"),
  ];
  const status = { active: [{ name: "d", uid: "uid-d" }], lastScheduleTime: "2025-03-01T10:06:00Z" };
  const d = decideCronJob(cronJob({}, status), jobs, at("2025-03-01T10:06:30Z"));
  assert.deepEqual(d.delete.map((j) => (j.metadata as JsonObject).name), ["a", "e"]);
  assert.deepEqual(d.events, [{ type: "Normal", reason: "SawCompletedJob", message: "Saw completed job: d, condition: Complete" }]);
  assert.equal(d.status.lastSuccessfulTime, "2025-03-01T10:04:30Z");
  assert.equal(d.status.active, undefined);
  assert.deepEqual(decideCronJob(cronJob({ successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }, status), jobs, at("2025-03-01T10:06:30Z")).delete.length, 6);
});

test("suspend, startingDeadlineSeconds, too many missed start times", () => {
  assert.equal(decideCronJob(cronJob({ suspend: true }), [], at("2025-03-01T10:05:00Z")).create, undefined);
  // Created at 10:00, looked at 3h20m later: 200 missed; warns and still runs the latest (CronJobControllerV2).
  const late = decideCronJob(cronJob(), [], at("2025-03-01T13:20:30Z"));
  assert.deepEqual(late.events.map((e) => e.message), ["too many missed start times: 200. Set or decrease .spec.startingDeadlineSeconds or check clock skew"]);
  assert.equal(late.status.lastScheduleTime, "2025-03-01T13:20:00Z");
  // A deadline shorter than the time since the last tick: the run is skipped.
  const hourly = decideCronJob(cronJob({ schedule: "0 * * * *", startingDeadlineSeconds: 60 }), [], at("2025-03-01T11:05:00Z"));
  assert.equal(hourly.create, undefined);
  assert.equal(decideCronJob(cronJob({ schedule: "0 * * * *", startingDeadlineSeconds: 600 }), [], at("2025-03-01T11:05:00Z")).create?.scheduledTime.toISOString(), "2025-03-01T11:00:00.000Z");
  const bad = decideCronJob(cronJob({ schedule: "not a schedule" }), [], at("2025-03-01T11:05:00Z"));
  assert.equal(bad.events[0].reason, "UnparseableSchedule");
  assert.equal(bad.requeueAfterMs, undefined);
});
