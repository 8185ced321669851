import { test } from "node:test";
import assert from "node:assert/strict";
import { CountedPodman } from "../../src/kubelet/podman-changes.js";
import type { Podman } from "../../src/runtime/podman.js";

test("CountedPodman counts the calls that can change containers, not the reads", async () => {
  const seen: string[][] = [];
  const inner: Podman = { run: async (call) => (seen.push([...call.args]), { ok: true, value: { stdout: "", stderr: "", all: "", exitCode: 0 } }) };
  const podman = new CountedPodman(inner);
  for (const args of [["ps", "--all"], ["container", "inspect", "c"], ["pod", "inspect", "p"], ["pod", "ps"], ["volume", "ls"], ["logs", "c"], ["image", "exists", "i"]]) await podman.run({ args, timeoutMs: 1000 });
  assert.equal(podman.changes, 0, "reads change nothing");
  for (const args of [["run", "--detach", "x"], ["pod", "create", "--name", "p"], ["stop", "c"], ["pod", "rm", "--force", "p"], ["exec", "c", "true"]]) await podman.run({ args, timeoutMs: 1000 });
  assert.equal(podman.changes, 5);
  assert.equal(seen.length, 12, "every call reaches podman");
});
