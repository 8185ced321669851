import { test } from "node:test";
import assert from "node:assert/strict";
import {
  backoffPolicy,
  formatGoDuration,
  isInBackOffSince,
  isInBackOffSinceUpdate,
  nextBackoff,
  remainingBackoffMs,
  type BackoffEntry,
} from "../../src/kubelet/backoff.js";
import { crashLoopMessage, pullPolicyOf, restartDecision, shouldRestart, shouldRestartInit } from "../../src/kubelet/decisions.js";

const policy = backoffPolicy(10_000);

test("Kubernetes' proportions: 10 s doubling to 5 min", () => {
  assert.deepEqual(policy, { baseMs: 10_000, maxMs: 300_000 });
  let entry: BackoffEntry | undefined;
  const seen: number[] = [];
  let t = 0;
  for (let i = 0; i < 8; i++) {
    entry = nextBackoff(entry, policy, t);
    seen.push(entry.backoffMs);
    t += entry.backoffMs + 1000;
  }
  assert.deepEqual(seen, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
});

test("the back-off resets after twice the maximum (10 min) without a restart decision", () => {
  const e1 = nextBackoff(undefined, policy, 0);
  const e2 = nextBackoff(e1, policy, 100_000);
  assert.equal(e2.backoffMs, 20_000);
  const afterLongRun = nextBackoff(e2, policy, 100_000 + 600_001);
  assert.equal(afterLongRun.backoffMs, 10_000, "ran more than 10 minutes: back to the base");
  const notYet = nextBackoff(e2, policy, 100_000 + 600_000);
  assert.equal(notYet.backoffMs, 40_000);
});

test("in back-off since a finish time; an expired entry never holds", () => {
  const entry = { backoffMs: 20_000, lastUpdateMs: 1_000 };
  assert.equal(isInBackOffSince(undefined, policy, 0, 5), false);
  assert.equal(isInBackOffSince(entry, policy, 50_000, 69_999), true);
  assert.equal(isInBackOffSince(entry, policy, 50_000, 70_000), false);
  assert.equal(isInBackOffSince(entry, policy, 700_000, 700_001), false, "last update more than 10 min ago");
  assert.equal(remainingBackoffMs(entry, 50_000, 65_000), 5_000);
  assert.equal(remainingBackoffMs(entry, 50_000, 90_000), 0);
  assert.equal(isInBackOffSinceUpdate(entry, policy, 20_999), true);
  assert.equal(isInBackOffSinceUpdate(entry, policy, 21_000), false);
});

test("Go duration strings as the kubelet prints them", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [200, "200ms"],
    [1_000, "1s"],
    [1_500, "1.5s"],
    [10_000, "10s"],
    [80_000, "1m20s"],
    [160_000, "2m40s"],
    [300_000, "5m0s"],
    [3_600_000, "1h0m0s"],
  ];
  for (const [ms, text] of cases) assert.equal(formatGoDuration(ms), text, String(ms));
});

test("restart policies: app containers and init containers", () => {
  assert.equal(shouldRestart("Always", 0), true);
  assert.equal(shouldRestart("OnFailure", 0), false);
  assert.equal(shouldRestart("OnFailure", 1), true);
  assert.equal(shouldRestart("Never", 1), false);
  assert.equal(shouldRestartInit("Always", 0), false, "a succeeded init container never runs again");
  assert.equal(shouldRestartInit("Always", 1), true);
  assert.equal(shouldRestartInit("Never", 1), false);
});

test("restart decisions: restart at once the first time, then wait out the back-off", () => {
  const base = { policy: "Always" as const, init: false, exitCode: 1, backoff: policy };
  assert.deepEqual(restartDecision({ ...base, finishedAtMs: 0, entry: undefined, nowMs: 10 }), { kind: "restart" });
  const entry = nextBackoff(undefined, policy, 0);
  assert.deepEqual(restartDecision({ ...base, finishedAtMs: 5_000, entry, nowMs: 8_000 }), { kind: "back-off", remainingMs: 7_000, backoffMs: 10_000 });
  assert.deepEqual(restartDecision({ ...base, finishedAtMs: 5_000, entry, nowMs: 15_000 }), { kind: "restart" });
  assert.deepEqual(restartDecision({ ...base, policy: "Never", finishedAtMs: 0, entry, nowMs: 1 }), { kind: "stay" });
  assert.deepEqual(restartDecision({ ...base, policy: "OnFailure", exitCode: 0, finishedAtMs: 0, entry, nowMs: 1 }), { kind: "stay" });
});

test("the CrashLoopBackOff message and default pull policies", () => {
  assert.equal(crashLoopMessage(20_000, "app", "web_default(u1)"), "back-off 20s restarting failed container=app pod=web_default(u1)");
  assert.equal(pullPolicyOf(undefined, "nginx"), "Always");
  assert.equal(pullPolicyOf(undefined, "nginx:latest"), "Always");
  assert.equal(pullPolicyOf(undefined, "localhost:5000/nginx"), "Always");
  assert.equal(pullPolicyOf(undefined, "nginx:1.14.2"), "IfNotPresent");
  assert.equal(pullPolicyOf(undefined, "nginx@sha256:abc"), "IfNotPresent");
  assert.equal(pullPolicyOf("Never", "nginx"), "Never");
});
