/**
 * postStart through the kubelet on real podman: the pod worker runs the hook right after a
 * container starts (`afterStart` in pod-worker.ts). An exec hook's file is seen by the container
 * itself (its log and an exec show it); a hook that exits 1 is a FailedPostStartHook Event and
 * the container is killed, then restarted per restartPolicy, so restartCount grows.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { BUSYBOX_IMAGE } from "../../src/runtime/test-images.js";
import { containerLogs, execInContainer } from "../../src/runtime/containers.js";
import { podmanContainerName, podmanPodName } from "../../src/runtime/names.js";
import { pollUntil } from "../e2e-support/poll.js";
import { conditionStatus, containerStatusOf, openKubeletRig, phaseOf, type KubeletRig } from "./harness.js";

let rig: KubeletRig;
before(async () => {
  rig = await openKubeletRig("e2e-kubelet-poststart", { backoffBaseMs: 500 });
});
after(async () => {
  const left = await rig.close();
  assert.deepEqual(left, [], "no podman objects left behind");
});

const containerOf = (pod: string, container: string) => podmanContainerName(podmanPodName(rig.rt.project, "default", pod), container);

test("an exec postStart hook writes a file that the container then sees", async () => {
  const created = await rig.createPod({
    metadata: { name: "hooked" },
    spec: {
      containers: [
        {
          name: "app",
          image: BUSYBOX_IMAGE,
          imagePullPolicy: "Never",
          // Waits for the hook's file, then logs what it found.
          command: ["sh", "-c", `until [ -f /tmp/poststart ]; do sleep 0.1; done; echo "saw: $(cat /tmp/poststart)"; exec sleep 3600`],
          lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo written-by-postStart > /tmp/poststart"] } } },
        },
      ],
    },
  });
  const uid = String((created.metadata as JsonObject).uid);
  const pod = await rig.waitPod("hooked", "Ready", (p) => (conditionStatus(p, "Ready") === "True" ? p : undefined), 90_000);
  assert.equal(phaseOf(pod), "Running");
  const s = containerStatusOf(pod, "app") as JsonObject;
  assert.ok((s.state as JsonObject).running, "running once the hook finished");
  assert.equal(s.started, true);
  assert.equal(s.restartCount, 0);

  const name = containerOf("hooked", "app");
  const logs = await pollUntil(async () => {
    const r = await containerLogs(rig.rt.podman, name);
    return r.ok && r.value.includes("saw: ") ? r.value : undefined;
  }, { timeoutMs: 20_000, what: `the container's line about the hook's file in the log of ${name}` });
  assert.deepEqual(logs.split("\n").map((l) => l.trim()).filter((l) => l !== ""), ["saw: written-by-postStart"]);
  const cat = await execInContainer(rig.rt.podman, name, ["cat", "/tmp/poststart"], 10);
  assert.ok(cat.ok, cat.ok ? "" : cat.error.message);
  assert.equal(cat.value.stdout.trim(), "written-by-postStart");

  const events = await rig.store.listEvents({ involvedUid: uid });
  const messages = events.items.map((e) => `${e.reason}: ${e.message}`);
  assert.ok(messages.includes("Started: Started container app"), messages.join("\n"));
  assert.ok(!events.items.some((e) => e.reason === "FailedPostStartHook"), messages.join("\n"));
});

test("a postStart hook that exits 1: FailedPostStartHook, the container is killed and restarted, restartCount grows", async () => {
  const created = await rig.createPod({
    metadata: { name: "badhook" },
    spec: {
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 10,
      containers: [
        {
          name: "app",
          image: BUSYBOX_IMAGE,
          imagePullPolicy: "Never",
          // Ends at once on SIGTERM (exit 143, as a shell killed by it), so a kill takes no grace period.
          command: ["sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.1; done"],
          lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo nope; exit 1"] } } },
        },
      ],
    },
  });
  const uid = String((created.metadata as JsonObject).uid);
  const pod = await rig.waitPod("badhook", "restartCount of at least 2", (p) => (Number(containerStatusOf(p, "app")?.restartCount) >= 2 ? p : undefined), 90_000);
  assert.equal(phaseOf(pod), "Running", "restartPolicy Always keeps the pod Running");
  const s = containerStatusOf(pod, "app") as JsonObject;
  assert.equal(s.ready, false, "a container whose postStart keeps failing is never ready");
  const last = (s.lastState as JsonObject).terminated as JsonObject | undefined;
  assert.ok(last, `lastState.terminated of the killed run: ${JSON.stringify(s)}`);
  // 143: the SIGTERM of mk's kill; 137 only if it landed before the shell had set its trap.
  assert.ok(last.exitCode === 143 || last.exitCode === 137, `exit code ${String(last.exitCode)}`);
  assert.equal(last.reason, "Error");

  const events = await rig.store.listEvents({ involvedUid: uid });
  const failed = events.items.filter((e) => e.reason === "FailedPostStartHook");
  assert.equal(failed.length, 1, "one Event, counted on every repeat");
  assert.equal(failed[0].type, "Warning");
  assert.equal(
    failed[0].message,
    `Exec lifecycle hook ([sh -c echo nope; exit 1]) for Container "app" in Pod "badhook_default(${uid})" failed - error: command 'sh -c echo nope; exit 1' exited with 1: nope, message: "nope"`,
  );
  assert.ok(Number(failed[0].count) >= 2, `the hook failed on each start before a restart (count ${String(failed[0].count)})`);
  assert.equal((failed[0].involvedObject as JsonObject).fieldPath, "spec.containers{app}");
});
