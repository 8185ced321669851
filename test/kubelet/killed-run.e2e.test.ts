/**
 * A run killed half-way is cleaned up by the next one: a kubelet in a child process is killed
 * (SIGKILL) while it creates a pod; pod `b` is then removed from the store while mk is down. The
 * next kubelet adopts pod `a` as it is (same container, no restart) and removes every podman
 * object of `b`, which the store no longer has.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JsonObject } from "../../src/schema/json.js";
import { openStore } from "../../src/store/index.js";
import { LABEL } from "../../src/runtime/labels.js";
import { listContainers } from "../../src/runtime/observe.js";
import { openE2eRuntime } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { containerStatusOf, openKubeletRig, podRef } from "./harness.js";

test("a kubelet killed half-way: the next one adopts what is still wanted and removes the rest", async () => {
  const rt = await openE2eRuntime("e2e-kubelet-killed");
  const stateDir = mkdtempSync(join(tmpdir(), "mk-kubelet-killed-"));
  try {
    const child = spawn(process.execPath, [fileURLToPath(new URL("./killed-run-child.js", import.meta.url))], {
      env: { ...process.env, MK_KUBELET_CHILD: JSON.stringify({ stateDir, project: rt.project, network: rt.network, labels: rt.labels }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    await pollUntil(async () => (output.includes("running") ? true : undefined), { timeoutMs: 90_000, what: `the child kubelet to run pod a (output: ${output})` });
    child.kill("SIGKILL");
    await exited;

    // While mk is down, pod b leaves the store (its finalizer removed by hand, as `kubectl patch` would).
    const store = openStore({ path: join(stateDir, "state.db") });
    const before = (await store.get(podRef("a"))) as JsonObject;
    const aContainer = containerStatusOf(before, "app")?.containerID;
    assert.match(String(aContainer), /^podman:\/\//);
    const b = await store.get(podRef("b"));
    const bUid = String((b?.metadata as JsonObject).uid);
    if (b) {
      await store.delete(podRef("b"));
      const deleting = await store.get(podRef("b"));
      if (deleting) await store.update({ ...deleting, metadata: { ...(deleting.metadata as JsonObject), finalizers: [] } });
    }
    assert.equal(await store.get(podRef("b")), undefined);
    const bLeft = await listContainers(rt.podman, { [LABEL.project]: rt.project, [LABEL.uid]: bUid });
    assert.ok(bLeft.ok && bLeft.value.length > 0, "the killed run left pod b's podman objects behind");
    await store.close();

    const rig = await openKubeletRig("e2e-kubelet-killed", { backoffBaseMs: 1000 }, { rt, stateDir });
    try {
      await pollUntil(
        async () => {
          const rows = await listContainers(rt.podman, { [LABEL.project]: rt.project, [LABEL.uid]: bUid });
          return rows.ok && rows.value.length === 0 ? true : undefined;
        },
        { timeoutMs: 60_000, what: "pod b's podman objects removed" },
      );
      // Pod a was adopted as it ran: same container, no restart.
      const a = await rig.waitPod("a", "synced by the new kubelet", (p) => ((p.status as JsonObject).phase === "Running" ? p : undefined));
      assert.equal(containerStatusOf(a, "app")?.containerID, aContainer);
      assert.equal(containerStatusOf(a, "app")?.restartCount, 0);
    } finally {
      await rig.stop();
    }
  } finally {
    const left = await rt.close();
    rmSync(stateDir, { recursive: true, force: true });
    assert.deepEqual(left, [], "no podman objects left behind");
  }
});
