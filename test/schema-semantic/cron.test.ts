import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCronSchedule, parseGoDuration, timeZoneProblem } from "../../src/schema/cron.js";

function fields(schedule: string) {
  const parsed = parseCronSchedule(schedule);
  assert.ok(parsed.ok, `${schedule}: ${parsed.ok ? "" : parsed.error}`);
  assert.equal(parsed.schedule.kind, "fields");
  return parsed.schedule.kind === "fields" ? parsed.schedule : assert.fail();
}

function rejects(schedule: string, word: string): void {
  const parsed = parseCronSchedule(schedule);
  assert.equal(parsed.ok, false, `${schedule} should be rejected`);
  if (!parsed.ok) assert.ok(parsed.error.includes(word), `${schedule}: "${parsed.error}" should mention ${word}`);
}

test("five fields with ranges, lists, steps and names", () => {
  const s = fields("*/15 9-17 * jan,JUL mon-fri");
  assert.deepEqual(s.minutes, [0, 15, 30, 45]);
  assert.deepEqual(s.hours, [9, 10, 11, 12, 13, 14, 15, 16, 17]);
  assert.deepEqual(s.months, [1, 7]);
  assert.deepEqual(s.daysOfWeek, [1, 2, 3, 4, 5]);
  assert.equal(s.daysOfMonthStar, true);
  assert.equal(s.daysOfWeekStar, false);
  assert.deepEqual(fields("5/20 * * * *").minutes, [5, 25, 45]);
  assert.deepEqual(fields("0 0 1-10/3 * ?").daysOfMonth, [1, 4, 7, 10]);
});

test("descriptors expand like robfig/cron", () => {
  assert.deepEqual(fields("@hourly").minutes, [0]);
  assert.equal(fields("@hourly").hours.length, 24);
  assert.deepEqual(fields("@weekly").daysOfWeek, [0]);
  assert.deepEqual(fields("@yearly").months, [1]);
  const every = parseCronSchedule("@every 1h30m");
  assert.deepEqual(every, { ok: true, schedule: { kind: "every", seconds: 5400 } });
});

test("rejects wrong field counts, out-of-range values, bad steps and names", () => {
  rejects("* * * *", "exactly 5 fields");
  rejects("0 0 * * * *", "exactly 5 fields");
  rejects("60 * * * *", "above the maximum");
  rejects("* 24 * * *", "above the maximum");
  rejects("* * 0 * *", "below the minimum");
  rejects("* * * 13 *", "above the maximum");
  rejects("* * * * 7", "above the maximum");
  rejects("*/0 * * * *", "positive");
  rejects("5-1 * * * *", "starts after it ends");
  rejects("1-2-3 * * * *", "too many hyphens");
  rejects("*/5/2 * * * *", "too many slashes");
  rejects("* * * foo *", "not a valid month");
  rejects("@fortnightly", "unrecognized descriptor");
  rejects("@every soon", "failed to parse duration");
  rejects("", "empty");
});

test("TZ= and CRON_TZ= prefixes are rejected as by the apiserver", () => {
  rejects("TZ=Europe/Berlin 0 * * * *", "timeZone");
  rejects("CRON_TZ=UTC 0 * * * *", "timeZone");
});

test("Go durations", () => {
  assert.equal(parseGoDuration("90s"), 90);
  assert.equal(parseGoDuration("1.5h"), 5400);
  assert.equal(parseGoDuration("0"), 0);
  assert.equal(parseGoDuration("1x"), undefined);
  assert.equal(parseGoDuration("10"), undefined);
});

test("time zones: IANA names, case-sensitive, not Local", () => {
  for (const ok of ["Etc/UTC", "UTC", "Europe/Berlin", "America/New_York", "US/Eastern", "Etc/GMT+5"]) assert.equal(timeZoneProblem(ok), undefined, ok);
  assert.ok(timeZoneProblem("Mars/Olympus"));
  assert.ok(timeZoneProblem("Local"));
  assert.ok(timeZoneProblem(""));
  assert.ok(timeZoneProblem("../etc/passwd"));
  assert.equal(timeZoneProblem("america/new_york")?.suggestion, "America/New_York");
});
