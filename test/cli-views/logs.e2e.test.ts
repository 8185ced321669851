// mk logs end to end: mkapply runs a two-container Deployment on real podman (a child process,
// a real state file), then `mk logs` reads its containers the way kubectl does: the first
// container by default, -c, --tail, --timestamps, TYPE/NAME of the workload, -f until
// interrupted, and a clear error for a container the pod does not have.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openE2eRuntime, remainingObjects, type E2eRuntime } from "../e2e-support/podman-fixture.js";
import { runCli, type CliRun } from "../e2e-support/run-cli.js";
import { removeLabelled } from "../../src/runtime/cleanup.js";
import { projectSelector } from "../../src/runtime/labels.js";
import { projectId } from "../../src/runtime/names.js";
import { BUSYBOX_IMAGE } from "../../src/runtime/test-images.js";
import { openStore } from "../../src/store/index.js";
import type { JsonObject } from "../../src/schema/json.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MKAPPLY = join(ROOT, "dist/src/cli/mkapply.js");
const MK = join(ROOT, "dist/src/cli/mk.js");

let runtime: E2eRuntime;
const dir = mkdtempSync(join(tmpdir(), "mk-logs-e2e-"));
const state = join(dir, "state.db");
let pod = "";

/** Runs a program; with `untilOutput`, sends SIGINT (Ctrl-C) once its output so far satisfies it. */
function run(program: string, args: string[], untilOutput?: (stdout: string) => boolean): Promise<CliRun> {
  return runCli(program, args, {
    cwd: ROOT,
    timeoutMs: 240_000,
    onSpawn: (child) => {
      if (!untilOutput) return;
      let stdout = "";
      const watch = (d: Buffer) => {
        stdout += d.toString();
        if (!untilOutput(stdout)) return;
        child.stdout?.off("data", watch);
        child.kill("SIGINT");
      };
      child.stdout?.on("data", watch);
    },
  });
}

const mk = (...args: string[]) => run(MK, [...args, "--state", state]);

before(async () => {
  runtime = await openE2eRuntime("logs");
  writeFileSync(
    join(dir, "talker.yaml"),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: talker }
spec:
  replicas: 1
  selector: { matchLabels: { app: talker } }
  template:
    metadata: { labels: { app: talker } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: main
          image: ${BUSYBOX_IMAGE}
          imagePullPolicy: Never
          command: ["sh", "-c", "echo one; echo two; echo three; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done"]
        - name: side
          image: ${BUSYBOX_IMAGE}
          imagePullPolicy: Never
          command: ["sh", "-c", "echo side-hello; echo side-error >&2; exec sleep 3600"]
`,
  );
  const applied = await run(MKAPPLY, [dir, "--auto-approve", "--state", state, "--timeout", "3m"]);
  assert.equal(applied.code, 0, `mkapply failed:\n${applied.stdout}\n${applied.stderr}`);
  const store = openStore({ path: state, create: false });
  try {
    const pods = (await store.list({ apiVersion: "v1", kind: "Pod", namespace: "default" })).items;
    assert.equal(pods.length, 1);
    pod = String((pods[0].metadata as JsonObject).name);
  } finally {
    await store.close();
  }
});

after(async () => {
  const destroyed = await run(MK, ["destroy", dir, "--auto-approve", "--state", state, "--timeout", "2m"]);
  const project = projectSelector(projectId(dir));
  await removeLabelled(runtime.podman, project);
  const left = await remainingObjects(runtime.podman, project);
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(await runtime.close(), []);
  assert.equal(destroyed.code, 0, destroyed.stderr);
  assert.deepEqual(left, [], "nothing of the project is left in podman");
});

test("mk logs POD prints the first container's output; -c picks another, with its stderr", async () => {
  const main = await mk("logs", pod);
  assert.equal(main.code, 0, main.stderr);
  assert.match(main.stdout, /^one\ntwo\nthree\n(tick \d+\n)*$/, "every line as written, the last one's newline included");
  const side = await mk("logs", `pod/${pod}`, "-c", "side");
  assert.equal(side.code, 0, side.stderr);
  assert.deepEqual(side.stdout.split("\n").filter(Boolean).sort(), ["side-error", "side-hello"]);
});

test("--tail keeps the last lines, --timestamps prefixes each with its time", async () => {
  const tail = await mk("logs", pod, "-c", "main", "--tail", "2");
  assert.equal(tail.code, 0, tail.stderr);
  const lines = tail.stdout.split("\n").filter(Boolean);
  assert.equal(lines.length, 2, tail.stdout);
  assert.ok(lines.every((l) => /^tick \d+$/.test(l)), tail.stdout);
  const stamped = await mk("logs", pod, "-c", "side", "--timestamps");
  assert.equal(stamped.code, 0, stamped.stderr);
  for (const line of stamped.stdout.split("\n").filter(Boolean)) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) side-(hello|error)$/);
  const bad = await mk("logs", pod, "--tail", "many");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--tail takes a number of lines, not "many"/);
});

test("mk logs deploy/NAME reads the workload's pod", async () => {
  const r = await mk("logs", "deploy/talker", "-c", "side", "--tail", "1");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^side-(hello|error)\n$/);
});

test("mk logs -f keeps printing new output until interrupted", async () => {
  let firstTick: number | undefined;
  const followed = await run(MK, ["logs", pod, "-f", "--tail", "1", "--state", state], (out) => {
    const ticks = [...out.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
    firstTick ??= ticks[0];
    // Stop once two lines written after the follow began have arrived.
    return firstTick !== undefined && ticks.some((t) => t >= firstTick! + 2);
  });
  assert.equal(followed.code, 0, `interrupted with SIGINT, it exits 0:\n${followed.stderr}`);
  const ticks = [...followed.stdout.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
  assert.ok(ticks.length >= 3, followed.stdout);
  assert.deepEqual(ticks, ticks.map((_, i) => ticks[0] + i), "consecutive lines, none lost or repeated");
});

test("a container the pod does not have is an error naming the pod's containers", async () => {
  const r = await mk("logs", pod, "-c", "nope");
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`container nope is not valid for pod ${pod}; its containers: main, side`));
  const missing = await mk("logs", "ghost");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /pods? "ghost" not found/);
});
