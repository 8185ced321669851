import assert from "node:assert/strict";
import { test } from "node:test";
import { podStatusText, podRestartsText } from "../../src/ui/tables/pod-status.js";

const pod = (status: object, spec: object = { containers: [{ name: "a" }] }, metadata: object = { name: "p" }) => ({ metadata, spec, status }) as never;

test("STATUS follows kubectl: phase, init progress, waiting and terminated reasons, Terminating", () => {
  assert.equal(podStatusText(pod({ phase: "Pending" })), "Pending");
  assert.equal(podStatusText(pod({ phase: "Pending", initContainerStatuses: [{ name: "i", state: { running: {} } }] }, { initContainers: [{ name: "i" }], containers: [] })), "Init:0/1");
  assert.equal(podStatusText(pod({ phase: "Pending", initContainerStatuses: [{ name: "i", state: { waiting: { reason: "CrashLoopBackOff" } } }] }, { initContainers: [{ name: "i" }], containers: [] })), "Init:CrashLoopBackOff");
  assert.equal(podStatusText(pod({ phase: "Pending", containerStatuses: [{ name: "a", state: { waiting: { reason: "ImagePullBackOff" } } }] })), "ImagePullBackOff");
  assert.equal(podStatusText(pod({ phase: "Failed", containerStatuses: [{ name: "a", state: { terminated: { exitCode: 3 } } }] })), "ExitCode:3");
  assert.equal(podStatusText(pod({ phase: "Succeeded", containerStatuses: [{ name: "a", state: { terminated: { exitCode: 0, reason: "Completed" } } }] })), "Completed");
  assert.equal(podStatusText(pod({ phase: "Running" }, undefined, { name: "p", deletionTimestamp: "2026-01-01T00:00:00Z" })), "Terminating");
});

test("RESTARTS adds the age of the last restart", () => {
  const now = new Date("2026-01-01T00:10:00Z");
  assert.equal(podRestartsText(pod({ containerStatuses: [{ restartCount: 0 }] }), now), "0");
  assert.equal(podRestartsText(pod({ containerStatuses: [{ restartCount: 2, lastState: { terminated: { finishedAt: "2026-01-01T00:08:00Z" } } }] }), now), "2 (2m ago)");
});
