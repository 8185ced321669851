/**
 * Termination and drift on real podman: deleting a pod runs preStop, then SIGTERM, and SIGKILL
 * after the grace period; `podman rm -f` of a container behind mk's back is seen (Event,
 * restartCount, a new container) and reported as drift by the planner's refresh hook.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonObject } from "../../src/schema/json.js";
import { BUSYBOX_IMAGE } from "../../src/runtime/test-images.js";
import { createPodDriftRefresher } from "../../src/kubelet/drift.js";
import { pollUntil } from "../e2e-support/poll.js";
import { conditionStatus, containerStatusOf, openKubeletRig, podRef, type KubeletRig } from "./harness.js";

let rig: KubeletRig;
const hostDir = mkdtempSync(join(tmpdir(), "mk-kubelet-prestop-"));
before(async () => {
  rig = await openKubeletRig("e2e-kubelet-term");
});
after(async () => {
  const left = await rig.close();
  rmSync(hostDir, { recursive: true, force: true });
  assert.deepEqual(left, [], "no podman objects left behind");
});

function runningId(pod: JsonObject, name: string): string | undefined {
  const s = containerStatusOf(pod, name);
  return s && (s.state as JsonObject).running ? String(s.containerID) : undefined;
}

test("deleting a pod runs preStop, then SIGTERM, and SIGKILL after the grace period", async () => {
  const grace = 3;
  await rig.createPod({
    metadata: { name: "stubborn" },
    spec: {
      terminationGracePeriodSeconds: grace,
      volumes: [{ name: "out", hostPath: { path: hostDir, type: "Directory" } }],
      containers: [
        {
          name: "app",
          image: BUSYBOX_IMAGE,
          imagePullPolicy: "Never",
          // Ignores SIGTERM: only SIGKILL at the end of the grace period stops it.
          command: ["sh", "-c", "trap '' TERM; while true; do sleep 0.2; done"],
          volumeMounts: [{ name: "out", mountPath: "/out" }],
          lifecycle: { preStop: { exec: { command: ["sh", "-c", "date +%s > /out/prestop"] } } },
        },
      ],
    },
  });
  const pod = await rig.waitPod("stubborn", "Ready", (p) => (conditionStatus(p, "Ready") === "True" ? p : undefined), 60_000);
  const uid = String((pod.metadata as JsonObject).uid);
  const started = Date.now();
  const deleted = await rig.store.delete(podRef("stubborn"));
  assert.equal(deleted.removed, false, "the kubelet's finalizer keeps the pod while it terminates");
  assert.equal((deleted.object.metadata as JsonObject).deletionGracePeriodSeconds, grace);
  await pollUntil(async () => ((await rig.getPod("stubborn")) === undefined ? true : undefined), { timeoutMs: 60_000, what: "pod removed", intervalMs: 50 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= grace * 1000 - 300, `SIGKILL came only after the grace period (${elapsed} ms)`);
  assert.ok(elapsed < grace * 1000 + 15_000, `but not much later (${elapsed} ms)`);
  assert.match(readFileSync(join(hostDir, "prestop"), "utf8"), /^\d+\n$/, "preStop ran");
  const events = await rig.store.listEvents({ involvedUid: uid });
  const killing = events.items.find((e) => e.reason === "Killing");
  assert.equal(killing?.message, "Stopping container app");
});

test("deleting a pod without preStop hooks: podman's pod removal gives SIGTERM, the grace period and SIGKILL in one call", async () => {
  const grace = 2;
  await rig.createPod({
    metadata: { name: "no-hooks" },
    spec: {
      terminationGracePeriodSeconds: grace,
      containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "trap '' TERM; while true; do sleep 0.2; done"] }],
    },
  });
  const pod = await rig.waitPod("no-hooks", "running", (p) => (runningId(p, "app") ? p : undefined), 60_000);
  const uid = String((pod.metadata as JsonObject).uid);
  const callsBefore = rig.podmanCalls.length;
  const started = Date.now();
  await rig.store.delete(podRef("no-hooks"));
  await pollUntil(async () => ((await rig.getPod("no-hooks")) === undefined ? true : undefined), { timeoutMs: 60_000, what: "pod removed", intervalMs: 50 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= grace * 1000 - 300, `the container ignoring SIGTERM was killed only after the grace period (${elapsed} ms)`);
  assert.ok(elapsed < grace * 1000 + 15_000, `but not much later (${elapsed} ms)`);
  const calls = rig.podmanCalls.slice(callsBefore).map((c) => c.args);
  assert.ok(calls.some((a) => a[0] === "pod" && a[1] === "rm" && a.includes("--time") && a.includes(String(grace))), "one pod rm with the grace period");
  assert.ok(!calls.some((a) => a[0] === "stop"), "no separate stop of the container");
  const events = await rig.store.listEvents({ involvedUid: uid });
  assert.equal(events.items.find((e) => e.reason === "Killing")?.message, "Stopping container app");
  const left = await rig.rt.podman.run({ args: ["ps", "-a", "--filter", `label=io.mk.uid=${uid}`, "--format", "{{.Names}}"], timeoutMs: 60_000 });
  assert.ok(left.ok && left.value.stdout.trim() === "", "nothing of the pod is left in podman");
});

test("podman rm -f behind mk's back: seen, reported as drift, and the container is recreated", async () => {
  await rig.createPod({
    metadata: { name: "victim" },
    spec: { containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }] },
  });
  const first = await rig.waitPod("victim", "running", (p) => runningId(p, "app"));
  const uid = String(((await rig.getPod("victim")) as JsonObject).metadata && ((await rig.getPod("victim")) as { metadata: { uid: string } }).metadata.uid);

  // With the kubelet running: the poll sees the container vanish and recreates it. (mk waits while
  // podman removes it: a poll between the kill and the removal would see an exit, Error 137.)
  const removed = await rig.behindMk(() => rig.rt.podman.run({ args: ["rm", "-f", "-t", "0", first.slice("podman://".length)], timeoutMs: 60_000 }));
  assert.ok(removed.ok, "podman rm -f");
  const second = await rig.waitPod("victim", "a new container", (p) => {
    const id = runningId(p, "app");
    return id && id !== first ? id : undefined;
  });
  let pod = (await rig.getPod("victim")) as JsonObject;
  let s = containerStatusOf(pod, "app") as JsonObject;
  assert.equal(s.restartCount, 1);
  const last = (s.lastState as JsonObject).terminated as JsonObject;
  assert.equal(last.reason, "ContainerStatusUnknown");
  assert.equal(last.containerID, first);
  const events = await rig.store.listEvents({ involvedUid: uid });
  assert.ok(events.items.some((e) => e.reason === "ContainerStatusUnknown" && /removed outside of mk/.test(String(e.message))), "an Event says so");

  // With mk stopped: mkplan --refresh reports the drift; the next kubelet recreates the container.
  await rig.stopKubelet();
  const again = await rig.rt.podman.run({ args: ["rm", "-f", "-t", "0", second.slice("podman://".length)], timeoutMs: 60_000 });
  assert.ok(again.ok);
  const stored = (await rig.store.list({})).items;
  const drift = await createPodDriftRefresher(rig.session).refresh({ stored });
  assert.deepEqual(drift, [{ ref: podRef("victim"), change: "updated", details: ["container app was removed"] }]);
  rig.startKubelet();
  await rig.waitPod("victim", "a third container", (p) => {
    const id = runningId(p, "app");
    return id && id !== first && id !== second ? id : undefined;
  });
  pod = (await rig.getPod("victim")) as JsonObject;
  s = containerStatusOf(pod, "app") as JsonObject;
  assert.equal(s.restartCount, 2, "restartCount survives a restart of mk (kept in the stored status)");
  assert.deepEqual(await createPodDriftRefresher(rig.session).refresh({ stored: (await rig.store.list({})).items }), [], "no drift once recreated");
});

test("podman kill behind mk's back: the exit is seen (Error, 137) and the container is restarted", async () => {
  await rig.createPod({
    metadata: { name: "killed" },
    spec: { containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }] },
  });
  const first = await rig.waitPod("killed", "running", (p) => runningId(p, "app"));
  const killed = await rig.rt.podman.run({ args: ["kill", "--signal", "KILL", first.slice("podman://".length)], timeoutMs: 60_000 });
  assert.ok(killed.ok, "podman kill");
  const restarted = await rig.waitPod("killed", "restarted after the kill", (p) => {
    const s = containerStatusOf(p, "app");
    return s && (s.restartCount as number) >= 1 && (s.state as JsonObject).running ? s : undefined;
  });
  const last = (restarted.lastState as JsonObject).terminated as JsonObject;
  assert.equal(last.exitCode, 137);
  assert.equal(last.reason, "Error");
  assert.equal(restarted.restartCount, 1);
});
