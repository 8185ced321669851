/**
 * Restarts on real podman: a crashing container goes into CrashLoopBackOff with a growing
 * back-off (restartCount grows, the gaps grow); a missing image shows ErrImagePull, then
 * ImagePullBackOff; Never with a missing image is ErrImageNeverPull; a failing init container
 * with restartPolicy Never fails the pod.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { BUSYBOX_IMAGE } from "../../src/runtime/test-images.js";
import { pollUntil } from "../e2e-support/poll.js";
import { containerStatusOf, openKubeletRig, phaseOf, type KubeletRig } from "./harness.js";

// The gaps are measured from when each restartCount is first seen in the stored status, which lags
// the restart by a poll and a status write (up to ~0.4 s on a loaded machine): a base of 3 s keeps
// that lag small beside the back-off it measures.
const BASE_MS = 3000;
let rig: KubeletRig;
before(async () => {
  rig = await openKubeletRig("e2e-kubelet-restarts", { backoffBaseMs: BASE_MS });
});
after(async () => {
  const left = await rig.close();
  assert.deepEqual(left, [], "no podman objects left behind");
});

function waitingOf(pod: JsonObject, name: string, init = false): JsonObject | undefined {
  return (containerStatusOf(pod, name, init)?.state as JsonObject | undefined)?.waiting as JsonObject | undefined;
}

test("a crashing container: CrashLoopBackOff, restartCount grows and the gaps between restarts grow", async () => {
  const created = await rig.createPod({
    metadata: { name: "crash" },
    spec: { restartPolicy: "Always", containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "echo boom; exit 3"] }] },
  });
  const uid = String((created.metadata as JsonObject).uid);
  // Wall time at which each restartCount was first seen.
  const seen = new Map<number, number>();
  const messages = new Set<string>();
  await pollUntil(
    async () => {
      const pod = await rig.getPod("crash");
      const s = pod ? containerStatusOf(pod, "app") : undefined;
      if (!pod || !s) return undefined;
      const count = Number(s.restartCount);
      if (!seen.has(count)) seen.set(count, Date.now());
      const waiting = waitingOf(pod, "app");
      if (waiting?.reason === "CrashLoopBackOff") messages.add(String(waiting.message));
      return count >= 3 && messages.size >= 2 ? pod : undefined;
    },
    { timeoutMs: 90_000, what: "three restarts and two back-off messages", intervalMs: 25 },
  );
  const pod = (await rig.getPod("crash")) as JsonObject;
  const s = containerStatusOf(pod, "app") as JsonObject;
  const last = (s.lastState as JsonObject).terminated as JsonObject;
  assert.equal(last.exitCode, 3);
  assert.equal(last.reason, "Error");
  assert.equal(phaseOf(pod), "Running", "restartPolicy Always keeps a crashing pod Running");
  assert.ok(messages.has(`back-off 3s restarting failed container=app pod=crash_default(${uid})`), [...messages].join("\n"));
  assert.ok(messages.has(`back-off 6s restarting failed container=app pod=crash_default(${uid})`), [...messages].join("\n"));
  const gap1 = (seen.get(2) as number) - (seen.get(1) as number);
  const gap2 = (seen.get(3) as number) - (seen.get(2) as number);
  assert.ok(gap1 >= BASE_MS * 0.85, `the second restart waited the base back-off (${gap1} ms)`);
  assert.ok(gap2 >= gap1 + BASE_MS * 0.5, `the back-off grew: ${gap1} ms then ${gap2} ms`);
  const events = await rig.store.listEvents({ involvedUid: uid });
  const backoff = events.items.find((e) => e.reason === "BackOff");
  assert.equal(backoff?.message, `Back-off restarting failed container app in pod crash_default(${uid})`);
  assert.equal(backoff?.type, "Warning");
});

test("a missing image: ErrImagePull, then ImagePullBackOff", async () => {
  await rig.createPod({
    metadata: { name: "nopull" },
    spec: { containers: [{ name: "app", image: "localhost/mk/does-not-exist:7", imagePullPolicy: "IfNotPresent" }] },
  });
  const reasons = new Set<string>();
  await pollUntil(
    async () => {
      const pod = await rig.getPod("nopull");
      const waiting = pod ? waitingOf(pod, "app") : undefined;
      if (waiting) reasons.add(String(waiting.reason));
      return reasons.has("ErrImagePull") && reasons.has("ImagePullBackOff") ? true : undefined;
    },
    { timeoutMs: 60_000, what: "ErrImagePull then ImagePullBackOff", intervalMs: 20 },
  );
  const pod = (await rig.getPod("nopull")) as JsonObject;
  assert.equal(phaseOf(pod), "Pending");
  const waiting = waitingOf(pod, "app") as JsonObject;
  if (waiting.reason === "ImagePullBackOff") assert.equal(waiting.message, `Back-off pulling image "localhost/mk/does-not-exist:7"`);
  else assert.match(String(waiting.message), /^Failed to pull image "localhost\/mk\/does-not-exist:7": /);
});

test("imagePullPolicy Never and a missing image: ErrImageNeverPull", async () => {
  await rig.createPod({ metadata: { name: "neverpull" }, spec: { containers: [{ name: "app", image: "localhost/mk/absent:1", imagePullPolicy: "Never" }] } });
  const waiting = await rig.waitPod("neverpull", "ErrImageNeverPull", (p) => (waitingOf(p, "app")?.reason === "ErrImageNeverPull" ? waitingOf(p, "app") : undefined));
  assert.equal(waiting.message, `Container image "localhost/mk/absent:1" is not present with pull policy of Never`);
});

test("a failing init container with restartPolicy Never fails the pod; app containers never start", async () => {
  await rig.createPod({
    metadata: { name: "initfail" },
    spec: {
      restartPolicy: "Never",
      initContainers: [{ name: "check", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "exit 2"] }],
      containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }],
    },
  });
  const pod = await rig.waitPod("initfail", "Failed", (p) => (phaseOf(p) === "Failed" ? p : undefined));
  const init = containerStatusOf(pod, "check", true) as JsonObject;
  assert.equal(((init.state as JsonObject).terminated as JsonObject).exitCode, 2);
  assert.equal(((init.state as JsonObject).terminated as JsonObject).reason, "Error");
  assert.equal(waitingOf(pod, "app")?.reason, "PodInitializing");
  const initialized = ((pod.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === "Initialized") as JsonObject;
  assert.equal(initialized.status, "False");
  assert.equal(initialized.message, "containers with incomplete status: [check]");
});

test("restartPolicy OnFailure: a container that succeeds is Completed and the pod Succeeded", async () => {
  await rig.createPod({
    metadata: { name: "job-like" },
    spec: { restartPolicy: "OnFailure", containers: [{ name: "work", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "echo done"] }] },
  });
  const pod = await rig.waitPod("job-like", "Succeeded", (p) => (phaseOf(p) === "Succeeded" ? p : undefined));
  const s = containerStatusOf(pod, "work") as JsonObject;
  assert.equal(((s.state as JsonObject).terminated as JsonObject).reason, "Completed");
  assert.equal(s.restartCount, 0);
  const ready = ((pod.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === "Ready") as JsonObject;
  assert.equal(ready.status, "False");
  assert.equal(ready.reason, "PodCompleted");
});

test("activeDeadlineSeconds: the pod's containers are stopped and it is Failed with DeadlineExceeded", async () => {
  await rig.createPod({
    metadata: { name: "deadline" },
    spec: { activeDeadlineSeconds: 2, terminationGracePeriodSeconds: 1, containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }] },
  });
  const pod = await rig.waitPod("deadline", "Failed", (p) => (phaseOf(p) === "Failed" ? p : undefined));
  const status = pod.status as JsonObject;
  assert.equal(status.reason, "DeadlineExceeded");
  assert.equal(status.message, "Pod was active on the node longer than the specified deadline");
  const s = containerStatusOf(pod, "app") as JsonObject;
  assert.ok((s.state as JsonObject).terminated, "the container was stopped");
});

test("a command that does not exist: StartError (exit code 128), then CrashLoopBackOff", async () => {
  await rig.createPod({ metadata: { name: "nocommand" }, spec: { containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["no-such-command"] }] } });
  const last = await rig.waitPod("nocommand", "CrashLoopBackOff after a StartError", (p) => {
    const s = containerStatusOf(p, "app");
    const waiting = (s?.state as JsonObject | undefined)?.waiting as JsonObject | undefined;
    const terminated = (s?.lastState as JsonObject | undefined)?.terminated as JsonObject | undefined;
    return waiting?.reason === "CrashLoopBackOff" && terminated ? terminated : undefined;
  });
  assert.equal(last.reason, "StartError");
  assert.equal(last.exitCode, 128);
  assert.match(String(last.message), /no-such-command/);
});
