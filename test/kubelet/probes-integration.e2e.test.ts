/**
 * The pod worker with mk's probes on real podman: a failing liveness probe restarts the
 * container and bumps restartCount; readiness drives the Ready condition both ways; a startup
 * probe holds `started` and readiness until it passes.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1 } from "../../src/runtime/test-images.js";
import { conditionStatus, containerStatusOf, openKubeletRig, type KubeletRig } from "./harness.js";

let rig: KubeletRig;
before(async () => {
  // Probe periods ten times faster (periodSeconds 1 → 100 ms).
  rig = await openKubeletRig("e2e-kubelet-probes", { probeTimeScale: 0.1, backoffBaseMs: 500 });
});
after(async () => {
  const left = await rig.close();
  assert.deepEqual(left, [], "no podman objects left behind");
});

const exec = (command: string): JsonObject => ({ exec: { command: ["sh", "-c", command] } });

test("a failing liveness probe restarts the container and bumps restartCount", async () => {
  const created = await rig.createPod({
    metadata: { name: "sick" },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: "app",
          image: BUSYBOX_IMAGE,
          imagePullPolicy: "Never",
          // Healthy for a moment after each start, then the health file goes away.
          command: ["sh", "-c", "touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 3600"],
          livenessProbe: { ...exec("test -f /tmp/healthy"), periodSeconds: 1, failureThreshold: 2 },
        },
      ],
    },
  });
  const pod = await rig.waitPod("sick", "restarted by its liveness probe", (p) => (Number(containerStatusOf(p, "app")?.restartCount) >= 1 ? p : undefined), 90_000);
  const s = containerStatusOf(pod, "app") as JsonObject;
  const last = ((s.lastState as JsonObject).terminated ?? {}) as JsonObject;
  assert.notEqual(last.reason, "OOMKilled", "mk's own kill is not an OOM kill");
  const events = await rig.store.listEvents({ involvedUid: String((created.metadata as JsonObject).uid) });
  const messages = events.items.map((e) => `${e.reason}: ${e.message}`);
  assert.ok(messages.includes("Killing: Container app failed liveness probe, will be restarted"), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("Unhealthy: Liveness probe failed")), messages.join("\n"));
});

test("readiness drives Ready both ways; startup gates started", async () => {
  await rig.createPod({
    metadata: { name: "flappy" },
    spec: {
      containers: [
        {
          name: "web",
          image: WEB_IMAGE_V1,
          imagePullPolicy: "Never",
          readinessProbe: { ...exec("test -f /tmp/ready"), periodSeconds: 1 },
          startupProbe: { ...exec("test -f /tmp/started"), periodSeconds: 1, failureThreshold: 100 },
        },
      ],
    },
  });
  const running = await rig.waitPod("flappy", "running", (p) => ((containerStatusOf(p, "web")?.state as JsonObject | undefined)?.running ? p : undefined));
  assert.equal(containerStatusOf(running, "web")?.started, false, "the startup probe has not passed");
  assert.equal(conditionStatus(running, "Ready"), "False");
  const id = String(containerStatusOf(running, "web")?.containerID).slice("podman://".length);
  const sh = async (command: string) => {
    const r = await rig.rt.podman.run({ args: ["exec", id, "sh", "-c", command], timeoutMs: 30_000 });
    assert.ok(r.ok, command);
  };
  await sh("touch /tmp/started");
  await rig.waitPod("flappy", "started", (p) => (containerStatusOf(p, "web")?.started === true ? true : undefined));
  assert.equal(conditionStatus((await rig.getPod("flappy")) as JsonObject, "Ready"), "False", "started, not yet ready");
  await sh("touch /tmp/ready");
  const ready = await rig.waitPod("flappy", "Ready", (p) => (conditionStatus(p, "Ready") === "True" ? p : undefined));
  assert.equal(conditionStatus(ready, "ContainersReady"), "True");
  await sh("rm /tmp/ready");
  const unready = await rig.waitPod("flappy", "not Ready again", (p) => (conditionStatus(p, "Ready") === "False" ? p : undefined));
  const condition = ((unready.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === "Ready") as JsonObject;
  assert.equal(condition.reason, "ContainersNotReady");
  assert.equal(condition.message, "containers with unready status: [web]");
  assert.equal(containerStatusOf(unready, "web")?.restartCount, 0, "readiness never restarts");
});
