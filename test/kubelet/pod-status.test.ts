/**
 * The pure status computation: phase, conditions and container statuses from plain values and a
 * fixed time, as the kubelet reports them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { computePodStatus, podPhase } from "../../src/kubelet/pod-status.js";
import { containerStatus, terminatedReason, type ContainerView } from "../../src/kubelet/container-status.js";
import { qosClass } from "../../src/kubelet/qos.js";
import type { ObservedContainer } from "../../src/kubelet/observed.js";

const T0 = new Date("2025-03-01T10:00:00Z");
const T1 = new Date("2025-03-01T10:00:05Z");
const T2 = new Date("2025-03-01T10:01:00Z");
const ID = "a".repeat(64);

function running(name: string, startedAt = T0): ObservedContainer {
  return { name, id: ID, state: "running", exitCode: 0, image: "localhost/mk/web:1", imageId: "b".repeat(64), startedAt, finishedAt: null };
}
function exited(name: string, exitCode: number, startedAt = T0, finishedAt = T1): ObservedContainer {
  return { name, id: ID, state: "exited", exitCode, image: "localhost/mk/busybox:1", imageId: "c".repeat(64), startedAt, finishedAt };
}
function view(name: string, observed: ObservedContainer | undefined, extra: Partial<ContainerView> = {}): ContainerView {
  return {
    name,
    specImage: "localhost/mk/web:1",
    observed,
    memory: { restartCount: 0 },
    probe: { started: true, ready: true },
    pendingReason: "ContainerCreating",
    memoryLimited: false,
    init: false,
    ...extra,
  };
}
function pod(spec: JsonObject = {}, status?: JsonObject): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid: "u1" }, spec: { containers: [], ...spec }, ...(status ? { status } : {}) };
}
function conditions(status: JsonObject): Record<string, JsonObject> {
  return Object.fromEntries((status.conditions as JsonObject[]).map((c) => [String(c.type), c]));
}

test("a running, ready pod: phase, the four conditions in the kubelet's order, IPs, QoS", () => {
  const status = computePodStatus({ pod: pod(), init: [], app: [view("web", running("web"))], initialized: true, podIP: "10.88.0.4", hostIP: "192.168.1.2", now: T1 });
  assert.equal(status.phase, "Running");
  assert.deepEqual(
    (status.conditions as JsonObject[]).map((c) => [c.type, c.status]),
    [
      ["Initialized", "True"],
      ["Ready", "True"],
      ["ContainersReady", "True"],
      ["PodScheduled", "True"],
    ],
  );
  assert.equal(conditions(status).Ready.lastTransitionTime, "2025-03-01T10:00:05Z");
  assert.equal(conditions(status).Ready.lastProbeTime, null);
  assert.deepEqual(status.podIPs, [{ ip: "10.88.0.4" }]);
  assert.deepEqual(status.hostIPs, [{ ip: "192.168.1.2" }]);
  assert.equal(status.startTime, "2025-03-01T10:00:05Z");
  assert.equal(status.qosClass, "BestEffort");
  assert.equal("initContainerStatuses" in status, false, "absent without init containers");
  const web = (status.containerStatuses as JsonObject[])[0];
  assert.deepEqual(web, {
    name: "web",
    state: { running: { startedAt: "2025-03-01T10:00:00Z" } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image: "localhost/mk/web:1",
    imageID: `sha256:${"b".repeat(64)}`,
    started: true,
    containerID: `podman://${ID}`,
  });
});

test("lastTransitionTime moves only when a condition's status changes; startTime is kept", () => {
  const first = computePodStatus({ pod: pod(), init: [], app: [view("web", running("web"), { probe: { started: true, ready: false } })], initialized: true, podIP: "10.0.0.1", hostIP: "h", now: T0 });
  assert.equal(conditions(first).Ready.status, "False");
  assert.equal(conditions(first).Ready.reason, "ContainersNotReady");
  assert.equal(conditions(first).Ready.message, "containers with unready status: [web]");
  const same = computePodStatus({ pod: pod({}, first), init: [], app: [view("web", running("web"), { probe: { started: true, ready: false } })], initialized: true, podIP: "10.0.0.1", hostIP: "h", now: T1 });
  assert.deepEqual(same, first, "nothing changed: the same status (no write)");
  const ready = computePodStatus({ pod: pod({}, first), init: [], app: [view("web", running("web"))], initialized: true, podIP: "10.0.0.1", hostIP: "h", now: T2 });
  assert.equal(conditions(ready).Ready.lastTransitionTime, "2025-03-01T10:01:00Z");
  assert.equal(conditions(ready).PodScheduled.lastTransitionTime, "2025-03-01T10:00:00Z");
  assert.equal(ready.startTime, "2025-03-01T10:00:00Z");
});

test("while init containers run: Pending, PodInitializing, Initialized False with the incomplete ones", () => {
  const status = computePodStatus({
    pod: pod(),
    init: [view("first", exited("first", 0), { init: true }), view("second", running("second"), { init: true }), view("third", undefined, { init: true, pendingReason: "PodInitializing" })],
    app: [view("web", undefined, { pendingReason: "PodInitializing" })],
    initialized: false,
    podIP: "10.0.0.1",
    hostIP: "h",
    now: T1,
  });
  assert.equal(status.phase, "Pending");
  assert.equal(conditions(status).Initialized.status, "False");
  assert.equal(conditions(status).Initialized.reason, "ContainersNotInitialized");
  assert.equal(conditions(status).Initialized.message, "containers with incomplete status: [second third]");
  const init = status.initContainerStatuses as JsonObject[];
  assert.deepEqual(init.map((s) => s.name), ["first", "second", "third"], "init statuses keep the spec's order");
  assert.deepEqual((init[0].state as JsonObject).terminated, {
    exitCode: 0,
    reason: "Completed",
    startedAt: "2025-03-01T10:00:00Z",
    finishedAt: "2025-03-01T10:00:05Z",
    containerID: `podman://${ID}`,
  });
  assert.equal(init[0].ready, true);
  assert.deepEqual(init[2].state, { waiting: { reason: "PodInitializing" } });
  assert.deepEqual((status.containerStatuses as JsonObject[])[0].state, { waiting: { reason: "PodInitializing" } });
});

test("CrashLoopBackOff: waiting with the back-off message, the crashed run as lastState, restartCount", () => {
  const s = containerStatus(
    view("app", exited("app", 3), { memory: { restartCount: 4, waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=app pod=web_default(u1)" } } }),
  );
  assert.deepEqual(s.state, { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=app pod=web_default(u1)" } });
  assert.equal(((s.lastState as JsonObject).terminated as JsonObject).reason, "Error");
  assert.equal(((s.lastState as JsonObject).terminated as JsonObject).exitCode, 3);
  assert.equal(s.restartCount, 4);
  assert.equal(s.ready, false);
  assert.equal(s.started, false);
  const status = computePodStatus({
    pod: pod({ restartPolicy: "Always" }),
    init: [],
    app: [view("app", exited("app", 3), { memory: { restartCount: 4, waiting: { reason: "CrashLoopBackOff", message: "m" } } })],
    initialized: true,
    hostIP: "h",
    now: T1,
  });
  assert.equal(status.phase, "Running", "a crash-looping container with a previous run counts as stopped: Running under Always");
});

test("terminated reasons: Completed, Error, OOMKilled (exit 137 with a memory limit that mk did not kill)", () => {
  assert.equal(terminatedReason(0, false, false, false), "Completed");
  assert.equal(terminatedReason(1, false, false, false), "Error");
  assert.equal(terminatedReason(137, true, false, false), "OOMKilled");
  assert.equal(terminatedReason(137, false, true, false), "OOMKilled");
  assert.equal(terminatedReason(137, false, true, true), "Error", "mk's own SIGKILL is not the OOM killer");
  assert.equal(terminatedReason(137, false, false, false), "Error");
  const oom = containerStatus(view("app", exited("app", 137), { memoryLimited: true }));
  assert.equal(((oom.state as JsonObject).terminated as JsonObject).reason, "OOMKilled");
});

test("a start that failed: StartError with exit code 128 and podman's message", () => {
  const created: ObservedContainer = { ...running("app"), state: "created", startedAt: null };
  const s = containerStatus(view("app", created, { memory: { restartCount: 0, startError: { atMs: T1.getTime(), message: 'exec: "nope": executable file not found in $PATH' } } }));
  const t = (s.state as JsonObject).terminated as JsonObject;
  assert.equal(t.reason, "StartError");
  assert.equal(t.exitCode, 128);
  assert.equal(t.message, 'exec: "nope": executable file not found in $PATH');
});

test("image and config errors are waiting reasons with their messages", () => {
  const s = containerStatus(view("app", undefined, { memory: { restartCount: 0, waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "x:1"' } } }));
  assert.deepEqual(s.state, { waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "x:1"' } });
  assert.equal(s.image, "localhost/mk/web:1");
  assert.equal(s.imageID, "");
  assert.equal("containerID" in s, false);
  const status = computePodStatus({
    pod: pod(),
    init: [],
    app: [view("app", undefined, { memory: { restartCount: 0, waiting: { reason: "CreateContainerConfigError", message: 'configmap "cfg" not found' } } })],
    initialized: true,
    podIP: "10.0.0.1",
    hostIP: "h",
    now: T1,
  });
  assert.equal(status.phase, "Pending");
});

test("phases: Succeeded, Failed, OnFailure, Never, and terminal phases never change back", () => {
  const done = (name: string, code: number) => containerStatus(view(name, exited(name, code)));
  assert.equal(podPhase([], [done("a", 0), done("b", 0)], "Never"), "Succeeded");
  assert.equal(podPhase([], [done("a", 0), done("b", 1)], "Never"), "Failed");
  assert.equal(podPhase([], [done("a", 0), done("b", 1)], "OnFailure"), "Running");
  assert.equal(podPhase([], [done("a", 0)], "OnFailure"), "Succeeded");
  assert.equal(podPhase([], [done("a", 0)], "Always"), "Running");
  assert.equal(podPhase([], [containerStatus(view("a", running("a"))), done("b", 0)], "Never"), "Running");
  assert.equal(podPhase([], [containerStatus(view("a", undefined))], "Always"), "Pending");
  const initFailed = containerStatus(view("i", exited("i", 1), { init: true }));
  assert.equal(podPhase([initFailed], [containerStatus(view("a", undefined, { pendingReason: "PodInitializing" }))], "Never"), "Failed");
  assert.equal(podPhase([initFailed], [containerStatus(view("a", undefined, { pendingReason: "PodInitializing" }))], "OnFailure"), "Pending");
  const sticky = computePodStatus({ pod: pod({}, { phase: "Succeeded" }), init: [], app: [view("a", running("a"))], initialized: true, hostIP: "h", now: T1 });
  assert.equal(sticky.phase, "Succeeded");
  const succeeded = computePodStatus({ pod: pod({ restartPolicy: "Never" }), init: [], app: [view("a", exited("a", 0))], initialized: true, hostIP: "h", now: T1 });
  assert.equal(conditions(succeeded).Ready.reason, "PodCompleted");
  assert.equal(conditions(succeeded).ContainersReady.status, "False");
});

test("container statuses are sorted by name; a vanished container shows ContainerStatusUnknown", () => {
  const status = computePodStatus({ pod: pod(), init: [], app: [view("zeta", running("zeta")), view("alpha", running("alpha"))], initialized: true, hostIP: "h", now: T1 });
  assert.deepEqual((status.containerStatuses as JsonObject[]).map((s) => s.name), ["alpha", "zeta"]);
  const gone = { exitCode: 137, reason: "ContainerStatusUnknown", message: "m", startedAt: "1970-01-01T00:00:00Z", finishedAt: "2025-03-01T10:00:05Z" };
  const s = containerStatus(view("app", undefined, { memory: { restartCount: 1, gone } }));
  assert.deepEqual((s.state as JsonObject).terminated, gone);
});

test("QoS classes", () => {
  const c = (resources: JsonObject) => ({ name: "c", image: "i", resources });
  assert.equal(qosClass({ containers: [c({})] }), "BestEffort");
  assert.equal(qosClass({ containers: [c({ limits: { cpu: "1", memory: "1Gi" } })] }), "Guaranteed", "requests default to limits");
  assert.equal(qosClass({ containers: [c({ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m", memory: "1Gi" } })] }), "Burstable");
  assert.equal(qosClass({ containers: [c({ requests: { memory: "200Mi" } })] }), "Burstable");
  assert.equal(qosClass({ containers: [c({ limits: { cpu: "1", memory: "1Gi" } }), c({})] }), "Burstable");
});

test("activeDeadlineSeconds: counted from startTime; once passed the pod is Failed with DeadlineExceeded", async () => {
  const { activeDeadline } = await import("../../src/kubelet/pod-worker.js");
  const withDeadline = pod({ activeDeadlineSeconds: 30 }, { startTime: "2025-03-01T10:00:00Z" });
  assert.deepEqual(activeDeadline(withDeadline, T1.getTime()), { exceeded: false, remainingMs: 25_000 });
  assert.deepEqual(activeDeadline(withDeadline, T2.getTime()), { exceeded: true });
  assert.deepEqual(activeDeadline(pod({}, { startTime: "2025-03-01T10:00:00Z" }), T2.getTime()), { exceeded: false });
  const status = computePodStatus({ pod: withDeadline, init: [], app: [view("a", exited("a", 137))], initialized: true, hostIP: "h", now: T2, deadlineExceeded: true });
  assert.equal(status.phase, "Failed");
  assert.equal(status.reason, "DeadlineExceeded");
  assert.equal(status.message, "Pod was active on the node longer than the specified deadline");
});
