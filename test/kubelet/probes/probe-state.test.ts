/**
 * The prober's pure state machine on plain numbers (a fake clock: times are epoch ms chosen by
 * the test). Kubernetes' prober worker semantics: initial results, initial delay, period,
 * thresholds, startup gating, hold after a liveness failure, reset on restart.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { probeTiming, type ProbeKind, type ProbeTiming } from "../../../src/kubelet/probes/probe-config.js";
import {
  dueProbes,
  newContainerProbes,
  nextDueAt,
  probeDueAt,
  probeStarted,
  probeView,
  recordProbeResult,
  type ContainerProbes,
  type ProbeResult,
} from "../../../src/kubelet/probes/probe-state.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

function timing(over: Partial<ProbeTiming> = {}): ProbeTiming {
  return { initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3, ...over };
}

/** Runs the probe of `kind` at `at` with `result`, as the manager does (start, then outcome). */
function probe(state: ContainerProbes, kind: ProbeKind, at: number, result: ProbeResult, message = "boom") {
  return recordProbeResult(probeStarted(state, kind, at), kind, result, at, message);
}

describe("probe timing from a Probe object", () => {
  test("Kubernetes defaults: period 10 s, timeout 1 s, thresholds 1 and 3, no delay", () => {
    assert.deepEqual(probeTiming({ exec: { command: ["true"] } }, "readiness"), {
      initialDelayMs: 0,
      periodMs: 10_000,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });
  test("given values are used; timeScale scales delay and period but not the timeout", () => {
    const t = probeTiming({ initialDelaySeconds: 5, periodSeconds: 2, timeoutSeconds: 3, successThreshold: 2, failureThreshold: 4 }, "readiness", 0.1);
    assert.equal(t.initialDelayMs, 500);
    assert.equal(t.periodMs, 200);
    assert.equal(t.timeoutMs, 3000);
    assert.equal(t.successThreshold, 2);
    assert.equal(t.failureThreshold, 4);
  });
  test("successThreshold is 1 for liveness and startup whatever is given", () => {
    assert.equal(probeTiming({ successThreshold: 3 }, "liveness").successThreshold, 1);
    assert.equal(probeTiming({ successThreshold: 3 }, "startup").successThreshold, 1);
    assert.equal(probeTiming({ successThreshold: 3 }, "readiness").successThreshold, 3);
  });
  test("values below the minimum fall back (period and timeout at least 1 s, thresholds at least 1)", () => {
    const t = probeTiming({ periodSeconds: 0, timeoutSeconds: 0, failureThreshold: 0, initialDelaySeconds: -1 }, "liveness");
    assert.equal(t.periodMs, 10_000);
    assert.equal(t.timeoutMs, 1000);
    assert.equal(t.failureThreshold, 3);
    assert.equal(t.initialDelayMs, 0);
  });
});

describe("initial results", () => {
  test("readiness starts as Failure: a container with a readiness probe is not ready before its first success", () => {
    const s = newContainerProbes(T0, { readiness: timing() });
    assert.deepEqual(probeView(s), { started: true, ready: false });
  });
  test("liveness starts as Success", () => {
    const s = newContainerProbes(T0, { liveness: timing() });
    assert.deepEqual(probeView(s), { started: true, ready: true });
  });
  test("startup starts undecided: not started, not ready", () => {
    const s = newContainerProbes(T0, { startup: timing() });
    assert.deepEqual(probeView(s), { started: false, ready: false });
  });
  test("no probes: started and ready", () => {
    assert.deepEqual(probeView(newContainerProbes(T0, {})), { started: true, ready: true });
  });
});

describe("when probes run", () => {
  test("the first probe waits for initialDelay after the container started, then every period", () => {
    let s = newContainerProbes(T0, { liveness: timing({ initialDelayMs: 5000, periodMs: 2000 }) });
    assert.equal(probeDueAt(s, "liveness"), T0 + 5000);
    assert.deepEqual(dueProbes(s, T0 + 4999), []);
    assert.deepEqual(dueProbes(s, T0 + 5000), ["liveness"]);
    s = probe(s, "liveness", T0 + 5100, "success").state;
    assert.equal(nextDueAt(s), T0 + 7100);
    assert.deepEqual(dueProbes(s, T0 + 7000), []);
  });
  test("a started probe is not due again until a period after it started, even before its outcome", () => {
    const s = probeStarted(newContainerProbes(T0, { readiness: timing({ periodMs: 1000 }) }), "readiness", T0);
    assert.equal(probeDueAt(s, "readiness"), T0 + 1000);
  });
  test("liveness and readiness do not run before the startup probe succeeded; then they run at once", () => {
    let s = newContainerProbes(T0, { startup: timing({ periodMs: 1000 }), liveness: timing(), readiness: timing() });
    assert.deepEqual(dueProbes(s, T0 + 60_000), ["startup"]);
    assert.equal(probeDueAt(s, "liveness"), undefined);
    assert.equal(probeDueAt(s, "readiness"), undefined);
    const r = probe(s, "startup", T0 + 3000, "success");
    assert.equal(r.flipped, true);
    s = r.state;
    assert.deepEqual(probeView(s), { started: true, ready: false });
    // The startup probe is done; the others start now (their delay has long passed).
    assert.equal(probeDueAt(s, "startup"), undefined);
    assert.deepEqual(dueProbes(s, T0 + 3000), ["liveness", "readiness"]);
  });
});

describe("thresholds", () => {
  test("liveness fails only after failureThreshold consecutive failures, then holds", () => {
    let s = newContainerProbes(T0, { liveness: timing({ failureThreshold: 3, periodMs: 1000 }) });
    let r = probe(s, "liveness", T0, "failure", "first");
    assert.equal(r.restart, false);
    assert.equal(probeView(r.state).livenessFailed, undefined);
    r = probe(r.state, "liveness", T0 + 1000, "failure", "second");
    assert.equal(r.restart, false);
    r = probe(r.state, "liveness", T0 + 2000, "failure", "third");
    assert.equal(r.restart, true);
    assert.equal(r.flipped, true);
    s = r.state;
    assert.deepEqual(probeView(s).livenessFailed, { probe: "liveness", message: "third" });
    // On hold: no more probing until the container restarts, and late outcomes change nothing.
    assert.equal(nextDueAt(s), undefined);
    const late = recordProbeResult(s, "liveness", "success", T0 + 3000);
    assert.equal(late.state, s);
    assert.deepEqual(probeView(late.state).livenessFailed, { probe: "liveness", message: "third" });
  });
  test("a success in between resets the failure count", () => {
    let s = newContainerProbes(T0, { liveness: timing({ failureThreshold: 2 }) });
    s = probe(s, "liveness", T0, "failure").state;
    s = probe(s, "liveness", T0 + 10_000, "success").state;
    const r = probe(s, "liveness", T0 + 20_000, "failure");
    assert.equal(r.restart, false);
    assert.equal(probe(r.state, "liveness", T0 + 30_000, "failure").restart, true);
  });
  test("readiness needs successThreshold consecutive successes to become ready, failureThreshold failures to stop", () => {
    let s = newContainerProbes(T0, { readiness: timing({ successThreshold: 2, failureThreshold: 2 }) });
    let r = probe(s, "readiness", T0, "success");
    assert.equal(probeView(r.state).ready, false, "one success is below the threshold");
    r = probe(r.state, "readiness", T0 + 10_000, "success");
    assert.equal(r.flipped, true);
    assert.equal(probeView(r.state).ready, true);
    r = probe(r.state, "readiness", T0 + 20_000, "failure");
    assert.equal(probeView(r.state).ready, true, "one failure is below the threshold");
    r = probe(r.state, "readiness", T0 + 30_000, "failure");
    assert.equal(r.flipped, true);
    assert.equal(r.restart, false, "readiness never restarts a container");
    s = r.state;
    assert.equal(probeView(s).ready, false);
    assert.notEqual(nextDueAt(s), undefined, "readiness keeps probing");
  });
  test("a failing startup probe at its threshold asks for a restart", () => {
    let s = newContainerProbes(T0, { startup: timing({ failureThreshold: 2 }), liveness: timing() });
    s = probe(s, "startup", T0, "failure").state;
    const r = probe(s, "startup", T0 + 10_000, "failure", "not yet");
    assert.equal(r.restart, true);
    assert.deepEqual(probeView(r.state), { started: false, ready: false, livenessFailed: { probe: "startup", message: "not yet" } });
    assert.equal(nextDueAt(r.state), undefined);
  });
});

describe("restart", () => {
  test("a new container start is a fresh state: failures forgotten, readiness back to Failure", () => {
    const timings = { liveness: timing({ failureThreshold: 1 }), readiness: timing() };
    let s = newContainerProbes(T0, timings);
    s = probe(s, "readiness", T0, "success").state;
    s = probe(s, "liveness", T0, "failure").state;
    assert.equal(probeView(s).ready, true);
    assert.ok(probeView(s).livenessFailed);
    const restarted = newContainerProbes(T0 + 60_000, timings);
    assert.deepEqual(probeView(restarted), { started: true, ready: false });
    assert.equal(nextDueAt(restarted), T0 + 60_000);
  });
});
