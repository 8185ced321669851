// The live view in a real terminal: tmux (100x40) runs mkapply on the quick start against real
// podman; capture-pane shows the rows, the rollout progress and the summary; then a v1 → v2
// rollout shows both ReplicaSets, while mk rollout status and mk get -w draw the same view in two
// more windows. tmux runs on its own socket, so nothing else is touched.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { openE2eRuntime, remainingObjects } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { removeLabelled } from "../../src/runtime/cleanup.js";
import { projectSelector } from "../../src/runtime/labels.js";
import { projectId } from "../../src/runtime/names.js";

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MKAPPLY = join(ROOT, "dist/src/cli/mkapply.js");
const MK = join(ROOT, "dist/src/cli/mk.js");
const QUICKSTART = join(ROOT, "examples/quickstart");

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

test("tmux: the live view shows the rows, the progress bar, both ReplicaSets and the summary", { timeout: 900_000 }, async () => {
  const runtime = await openE2eRuntime("mkapply-tmux");
  const dir = mkdtempSync(join(tmpdir(), `mkapply-e2e-${process.pid}-tmux-`));
  const state = join(dir, "state.db");
  const socket = `mk-apply-test-${process.pid}`;
  const tmux = (...args: string[]) => exec("tmux", ["-L", socket, "-f", "/dev/null", ...args], { env: { ...process.env, TMUX: "" } });
  const capture = async (pane = "apply") => (await tmux("capture-pane", "-p", "-t", pane)).stdout;
  const frames: string[] = [];
  const waitFor = (what: string, ok: (screen: string) => boolean, timeoutMs = 300_000, pane = "apply") =>
    pollUntil(
      async () => {
        const screen = await capture(pane);
        if (pane === "apply" && frames.at(-1) !== screen) frames.push(screen);
        return ok(screen) ? screen : undefined;
      },
      { timeoutMs, what, intervalMs: 250 },
    );
  const mk = (run: string, args: string) => `env -u CI NO_COLOR=1 ${shellQuote(process.execPath)} ${shellQuote(MK)} ${args} --state ${shellQuote(state)}; echo ${run}-EXIT=$?`;
  // Each run ends with its own marker: the screen may still show the previous run's until `clear` ran.
  const command = (run: string, args: string) => `env -u CI NO_COLOR=1 ${shellQuote(process.execPath)} ${shellQuote(MKAPPLY)} ${shellQuote(QUICKSTART)} --state ${shellQuote(state)} --auto-approve --timeout 4m ${args}; echo ${run}-EXIT=$?`;
  try {
    await tmux("new-session", "-d", "-s", "apply", "-x", "100", "-y", "40", "sh");
    await tmux("set-option", "-t", "apply", "remain-on-exit", "on");
    await tmux("send-keys", "-t", "apply", command("FIRST", ""), "Enter");
    const done = await waitFor("the first apply to finish", (s) => /FIRST-EXIT=\d+/.test(s));
    assert.match(done, /FIRST-EXIT=0/, frames.join("\n-----\n"));
    assert.match(done, /Apply complete! Resources: 3 added, 0 changed, 0 destroyed\. Converged in \d+/);
    assert.match(done, /^ +\+ ConfigMap\/web-settings +✓ ready/m);
    assert.match(done, /^ +\+ Service\/web +✓ ready/m);
    assert.match(done, /^ +\+ Deployment\/web +✓ ready/m);
    assert.match(done, /\[█{20}\] updated 3\/3 · ready 3\/3 · available 3\/3/);
    const live = frames.find((f) => /progressing|pending/.test(f) && /Deployment\/web/.test(f));
    assert.ok(live, `a frame while the rollout was in progress:\n${frames.join("\n-----\n")}`);
    assert.match(live, /Elapsed \d+/);
    for (const f of frames) for (const line of f.split("\n")) assert.ok([...line].length <= 100, `no line longer than the pane: ${line}`);

    await tmux("send-keys", "-t", "apply", "clear", "Enter");
    frames.length = 0;
    await tmux("send-keys", "-t", "apply", command("SECOND", "-p version=2"), "Enter");
    // Beside it, in their own windows, the same view drawn by mk rollout status and mk get -w.
    await tmux("new-window", "-d", "-t", "apply", "-n", "status", "sh");
    await tmux("send-keys", "-t", "apply:status", mk("STATUS", "rollout status deployment/web --timeout 4m"), "Enter");
    await tmux("new-window", "-d", "-t", "apply", "-n", "getw", "sh");
    await tmux("send-keys", "-t", "apply:getw", mk("GETW", "get deployments -w"), "Enter");
    const rolled = await waitFor("the v2 rollout to finish", (s) => /SECOND-EXIT=\d+/.test(s));
    const both = frames.find((f) => /new web-[a-z0-9]+ \d\/\d · old web-[a-z0-9]+ \d→\d/.test(f));
    assert.ok(both, `a frame with the new and the old ReplicaSet:\n${frames.join("\n-----\n")}`);
    assert.match(rolled, /SECOND-EXIT=0/, rolled);
    assert.match(rolled, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);

    const status = await waitFor("mk rollout status to end", (s) => /STATUS-EXIT=\d+/.test(s), 120_000, "apply:status");
    assert.match(status, /STATUS-EXIT=0/, status);
    assert.match(status, /^ +Deployment\/web +✓ ready/m, status);
    assert.match(status, /\[█{20}\] updated 3\/3 · ready 3\/3 · available 3\/3/, status);
    assert.match(status, /deployment "web" successfully rolled out/, status);
    assert.match(status, /Rolled out: watched for \d+/, status);
    const watching = await waitFor("mk get -w to show the rolled-out Deployment", (s) => /^ +Deployment\/web +✓ ready/m.test(s) && /updated 3\/3 · ready 3\/3 · available 3\/3/.test(s), 60_000, "apply:getw");
    assert.doesNotMatch(watching, /GETW-EXIT=\d/, "mk get -w keeps watching a converged Deployment");
    assert.match(watching, /1\/1 done · Ctrl-C stops cleanly/, watching);
    await tmux("send-keys", "-t", "apply:getw", "C-c");
    const stopped = await waitFor("mk get -w to stop at Ctrl-C", (s) => /GETW-EXIT=\d+/.test(s), 30_000, "apply:getw");
    assert.match(stopped, /Stopped watching after \d+/, stopped);
    assert.match(stopped, /GETW-EXIT=0/, stopped);
  } finally {
    await tmux("kill-server").catch(() => undefined);
    await exec(process.execPath, [MK, "destroy", QUICKSTART, "--auto-approve", "--state", state, "--timeout", "3m"], { env: { ...process.env, CI: "true" } }).catch(() => undefined);
    await removeLabelled(runtime.podman, projectSelector(projectId(dir)));
    const left = await remainingObjects(runtime.podman, projectSelector(projectId(dir)));
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(await runtime.close(), []);
    assert.deepEqual(left, []);
  }
});
