/**
 * ProbeManager with a scripted probe runner (no podman): scheduling, results, onChange, events,
 * idempotent track, reset on restart, untrack and stop. Periods are scaled down (timeScale) so
 * the real timers fire within milliseconds; waiting is polling with a deadline.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ProbeManager } from "../../../src/kubelet/probes/probe-manager.js";
import type { ActionResult } from "../../../src/kubelet/probes/action-result.js";
import type { Podman } from "../../../src/runtime/podman.js";
import type { EventInput } from "../../../src/store/index.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { pollUntil } from "../../e2e-support/poll.js";

const noPodman: Podman = {
  run: () => Promise.reject(new Error("the scripted tests never call podman")),
};

/** A runner whose answer per probe (keyed by the probe's exec command) the test changes at will. */
function scripted() {
  const answers = new Map<string, ActionResult>();
  const calls: string[] = [];
  return {
    answers,
    calls,
    run: async (probe: JsonObject): Promise<ActionResult> => {
      const name = String((probe.exec as { command: string[] }).command[0]);
      calls.push(name);
      return answers.get(name) ?? { result: "success" };
    },
  };
}

function container(startedAt: Date, uid = "uid-1") {
  return {
    podUid: uid,
    containerName: "app",
    podmanContainer: "p_default_web_app",
    podIP: "10.0.0.2",
    ports: [],
    startedAt,
    pod: { namespace: "default", name: "web", uid },
  };
}

const probeNamed = (name: string, extra: JsonObject = {}): JsonObject => ({ exec: { command: [name] }, periodSeconds: 1, ...extra });

describe("ProbeManager (scripted probes)", () => {
  test("readiness: ready after a success, not ready after failureThreshold failures; onChange and Unhealthy events", async () => {
    const s = scripted();
    const changes: string[] = [];
    const events: EventInput[] = [];
    const m = new ProbeManager({
      podman: noPodman,
      onChange: (uid) => changes.push(uid),
      recordEvent: async (e) => void events.push(e),
      timeScale: 0.02,
      nodeName: "node-a",
      runProbe: s.run,
    });
    try {
      m.track(container(new Date()), { readiness: probeNamed("ready", { failureThreshold: 2 }) });
      assert.deepEqual(m.results("uid-1", "app"), { started: true, ready: false }, "not ready before the first success");
      await pollUntil(async () => (m.results("uid-1", "app").ready ? true : undefined), { timeoutMs: 5000, what: "ready" });
      assert.deepEqual(changes, ["uid-1"]);
      s.answers.set("ready", { result: "failure", message: "HTTP probe failed with statuscode: 503" });
      await pollUntil(async () => (m.results("uid-1", "app").ready ? undefined : true), { timeoutMs: 5000, what: "not ready" });
      assert.deepEqual(changes, ["uid-1", "uid-1"]);
      assert.ok(events.length >= 2, "an Unhealthy event per failed probe");
      assert.deepEqual(events[0], {
        involvedObject: { apiVersion: "v1", kind: "Pod", namespace: "default", name: "web", uid: "uid-1", fieldPath: "spec.containers{app}" },
        type: "Warning",
        reason: "Unhealthy",
        message: "Readiness probe failed: HTTP probe failed with statuscode: 503",
        source: { component: "kubelet", host: "node-a" },
      });
      assert.equal(m.results("uid-1", "app").livenessFailed, undefined);
    } finally {
      await m.stop();
    }
  });

  test("liveness: failureThreshold failures report livenessFailed, a Killing event, and probing holds; a restart resets", async () => {
    const s = scripted();
    s.answers.set("alive", { result: "failure", message: "cat: can't open '/tmp/healthy': No such file or directory" });
    const events: EventInput[] = [];
    let changes = 0;
    const m = new ProbeManager({ podman: noPodman, onChange: () => changes++, recordEvent: async (e) => void events.push(e), timeScale: 0.02, runProbe: s.run });
    try {
      const first = new Date(Date.now() - 1000);
      m.track(container(first), { liveness: probeNamed("alive", { failureThreshold: 3, terminationGracePeriodSeconds: 5 }) });
      const failed = await pollUntil(async () => m.results("uid-1", "app").livenessFailed, { timeoutMs: 5000, what: "liveness failure" });
      assert.deepEqual(failed, { probe: "liveness", message: "cat: can't open '/tmp/healthy': No such file or directory", terminationGracePeriodSeconds: 5 });
      assert.equal(changes, 1);
      assert.equal(s.calls.length, 3, "exactly failureThreshold probes, then the worker holds");
      const killing = events.filter((e) => e.reason === "Killing");
      assert.equal(killing.length, 1);
      assert.equal(killing[0].message, "Container app failed liveness probe, will be restarted");
      assert.equal(events.filter((e) => e.reason === "Unhealthy").length, 3);
      // The same start again changes nothing (idempotent).
      m.track(container(first), { liveness: probeNamed("alive", { failureThreshold: 3, terminationGracePeriodSeconds: 5 }) });
      assert.ok(m.results("uid-1", "app").livenessFailed);
      // A restart (new startedAt) is a fresh worker.
      s.answers.set("alive", { result: "success" });
      m.track(container(new Date()), { liveness: probeNamed("alive", { failureThreshold: 3 }) });
      assert.deepEqual(m.results("uid-1", "app"), { started: true, ready: true });
      await pollUntil(async () => (s.calls.length >= 5 ? true : undefined), { timeoutMs: 5000, what: "probing resumed after the restart" });
      assert.equal(m.results("uid-1", "app").livenessFailed, undefined);
    } finally {
      await m.stop();
    }
  });

  test("startup gates readiness: readiness runs only after startup succeeded", async () => {
    const s = scripted();
    s.answers.set("startup", { result: "failure", message: "starting" });
    const m = new ProbeManager({ podman: noPodman, onChange: () => undefined, timeScale: 0.02, runProbe: s.run });
    try {
      m.track(container(new Date()), { startup: probeNamed("startup", { failureThreshold: 1000 }), readiness: probeNamed("ready") });
      await pollUntil(async () => (s.calls.length >= 3 ? true : undefined), { timeoutMs: 5000, what: "startup probes" });
      assert.deepEqual(new Set(s.calls), new Set(["startup"]), "no readiness probe before startup succeeded");
      assert.deepEqual(m.results("uid-1", "app"), { started: false, ready: false });
      s.answers.set("startup", { result: "success" });
      await pollUntil(async () => (m.results("uid-1", "app").ready ? true : undefined), { timeoutMs: 5000, what: "ready after startup" });
      assert.ok(s.calls.includes("ready"));
      const startupCalls = s.calls.filter((c) => c === "startup").length;
      await pollUntil(async () => (s.calls.filter((c) => c === "ready").length >= 3 ? true : undefined), { timeoutMs: 5000, what: "readiness keeps probing" });
      assert.equal(s.calls.filter((c) => c === "startup").length, startupCalls, "startup stops after its success");
    } finally {
      await m.stop();
    }
  });

  test("a probe that could not run (container gone) is not counted: no liveness failure, a 'probe errored' event", async () => {
    const s = scripted();
    s.answers.set("alive", { result: "failure", message: "container p_default_web_app is not running", errored: true });
    const events: EventInput[] = [];
    const m = new ProbeManager({ podman: noPodman, onChange: () => undefined, recordEvent: async (e) => void events.push(e), timeScale: 0.02, runProbe: s.run });
    try {
      m.track(container(new Date()), { liveness: probeNamed("alive", { failureThreshold: 1 }) });
      await pollUntil(async () => (s.calls.length >= 4 && events.length >= 4 ? true : undefined), { timeoutMs: 5000, what: "several errored probes" });
      assert.equal(m.results("uid-1", "app").livenessFailed, undefined);
      assert.equal(events[0].message, "Liveness probe errored: container p_default_web_app is not running");
      assert.ok(events.every((e) => e.reason === "Unhealthy"));
    } finally {
      await m.stop();
    }
  });

  test("untrack stops probing; untracked containers read as having no probes", async () => {
    const s = scripted();
    const m = new ProbeManager({ podman: noPodman, onChange: () => undefined, timeScale: 0.02, runProbe: s.run });
    try {
      m.track(container(new Date()), { readiness: probeNamed("ready") });
      await pollUntil(async () => (s.calls.length >= 2 ? true : undefined), { timeoutMs: 5000, what: "probes" });
      m.untrack("uid-1");
      const seen = s.calls.length;
      // A later probe would need at least one period (20 ms); wait for ten of them by polling a
      // second manager's progress instead of sleeping.
      const other = scripted();
      const clockwork = new ProbeManager({ podman: noPodman, onChange: () => undefined, timeScale: 0.02, runProbe: other.run });
      clockwork.track(container(new Date(), "uid-2"), { readiness: probeNamed("tick") });
      await pollUntil(async () => (other.calls.length >= 10 ? true : undefined), { timeoutMs: 5000, what: "ten periods" });
      await clockwork.stop();
      assert.ok(s.calls.length <= seen + 1, "at most the probe in flight finished after untrack");
      assert.deepEqual(m.results("uid-1", "app"), { started: true, ready: true });
    } finally {
      await m.stop();
    }
  });
});
