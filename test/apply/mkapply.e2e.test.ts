// mkapply end to end: the real CLI (a child process, as people run it), a real state file in a
// temporary folder and real podman. The quick start from an empty state converges and exits 0, a
// second run has no changes, a held lock is refused naming its holder (a lock record, then a real
// second mkapply during a rollout), a broken image fails naming
// the pod and ImagePullBackOff, a run killed with SIGKILL half-way is converged by the next one,
// and mk destroy removes everything. The live view is checked in a real terminal (tmux).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openE2eRuntime, remainingObjects } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { runCli, type CliRun } from "../e2e-support/run-cli.js";
import { removeLabelled } from "../../src/runtime/cleanup.js";
import { LABEL, projectSelector } from "../../src/runtime/labels.js";
import { projectId } from "../../src/runtime/names.js";
import { listContainers } from "../../src/runtime/observe.js";
import { listNetworks } from "../../src/runtime/network.js";
import { runJson, type Podman } from "../../src/runtime/podman.js";
import { isProcessAlive } from "../../src/store/identity.js";
import { APPLY_LOCK, openStore } from "../../src/store/index.js";
import type { JsonObject } from "../../src/schema/json.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MKAPPLY = join(ROOT, "dist/src/cli/mkapply.js");
const MK = join(ROOT, "dist/src/cli/mk.js");
const QUICKSTART = join(ROOT, "examples/quickstart");
const PREFIX = "mkapply-e2e-";

function run(program: string, args: string[], options: { timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return runCli(program, args, { cwd: ROOT, ...options });
}

/** Removes the podman objects of earlier runs of this test that were killed (their pid is gone). */
async function removeKilledRuns(podman: Podman): Promise<void> {
  const containers = await runJson(podman, { args: ["ps", "-a", "--filter", `label=${LABEL.project}`, "--format", "json"], timeoutMs: 30_000 });
  const networks = await runJson(podman, { args: ["network", "ls", "--filter", `label=${LABEL.project}`, "--format", "json"], timeoutMs: 30_000 });
  const labelSets: Record<string, string>[] = [];
  for (const listed of [containers, networks]) {
    if (!listed.ok || !Array.isArray(listed.value)) continue;
    for (const item of listed.value as { Labels?: Record<string, string>; labels?: Record<string, string> }[]) labelSets.push(item.Labels ?? item.labels ?? {});
  }
  const projects = new Set<string>();
  for (const labels of labelSets) {
    const project = labels[LABEL.project] ?? "";
    const pid = /^mkapply-e2e-(\d+)-/.exec(project)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isProcessAlive(Number(pid))) projects.add(project);
  }
  for (const project of projects) await removeLabelled(podman, projectSelector(project));
}

function stateIn(dir: string): string {
  return join(dir, "state.db");
}

async function readObject(statePath: string, kind: string, name: string, apiVersion = "apps/v1"): Promise<JsonObject | undefined> {
  const store = openStore({ path: statePath, create: false });
  try {
    return await store.get({ apiVersion, kind, namespace: "default", name });
  } finally {
    await store.close();
  }
}

async function runningPods(podman: Podman, project: string): Promise<string[]> {
  const listed = await listContainers(podman, projectSelector(project));
  assert.ok(listed.ok);
  return listed.value.filter((c) => c.isInfra && c.state === "running").map((c) => c.name);
}

test("mkapply end to end on podman: converge, no changes, lock, broken image, SIGKILL and rerun, destroy", { timeout: 900_000 }, async () => {
  const runtime = await openE2eRuntime("mkapply");
  await removeKilledRuns(runtime.podman);
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const state = stateIn(dir);
  const project = projectId(dir);
  try {
    // 1. The quick start from an empty state.
    const first = await run(MKAPPLY, [QUICKSTART, "--auto-approve", "--state", state, "--timeout", "4m"]);
    assert.equal(first.code, 0, `mkapply failed:\n${first.stdout}\n${first.stderr}`);
    assert.match(first.stdout, /Plan: 3 to add, 0 to change, 0 to destroy\./);
    assert.match(first.stdout, /^Deployment\/web: Creating\.\.\.$/m);
    assert.match(first.stdout, /^Deployment\/web: Creation complete after \d+s$/m);
    assert.match(first.stdout, /^Service\/web: Creation complete after \d+s$/m);
    assert.match(first.stdout, /^Apply complete! Resources: 3 added, 0 changed, 0 destroyed\. Converged in \d+(m\d+)?s\.$/m);
    const deployment = await readObject(state, "Deployment", "web");
    assert.equal((deployment?.status as JsonObject).availableReplicas, 3);
    assert.equal((await runningPods(runtime.podman, project)).length, 3, "three pods run in podman");

    // 2. Again: nothing to do.
    const second = await run(MKAPPLY, [QUICKSTART, "--auto-approve", "--state", state]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /No changes\./);
    assert.match(second.stdout, /Apply complete! Resources: 0 added, 0 changed, 0 destroyed\./);

    // 3. Someone else holds the apply lock: refused, naming the holder; nothing written.
    const store = openStore({ path: state, create: false });
    const held = await store.acquireLock({ name: APPLY_LOCK, holder: { user: "alice", host: "elsewhere", pid: 4242, operation: "mkapply" } });
    const locked = await run(MKAPPLY, [QUICKSTART, "-p", "version=2", "--auto-approve", "--state", state]);
    await held.release();
    await store.close();
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /MK7003/);
    assert.match(locked.stderr, /held by alice@elsewhere \(pid 4242\) for mkapply/);

    // 4. A broken image fails with exit 1 naming the pod and ImagePullBackOff.
    const broken = join(dir, "broken");
    mkdirSync(broken);
    writeFileSync(
      join(broken, "deployment.yaml"),
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: nope }
spec:
  replicas: 1
  selector: { matchLabels: { app: nope } }
  template:
    metadata: { labels: { app: nope } }
    spec:
      containers: [{ name: nope, image: "localhost/mk/nope:1" }]
`,
    );
    const failed = await run(MKAPPLY, [broken, "--auto-approve", "--state", state, "--timeout", "3m"]);
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stderr, /error\[MK9101\]: Deployment\/nope did not converge: pod nope-[a-z0-9]+-[a-z0-9]{5}: ImagePullBackOff/);
    assert.match(failed.stdout, /^Deployment\/nope: Creation failed after \d+s: pod nope-/m);
    const gone = await run(MK, ["destroy", broken, "--auto-approve", "--state", state, "--timeout", "3m"]);
    assert.equal(gone.code, 0, `${gone.stdout}\n${gone.stderr}`);
    assert.match(gone.stdout, /Destroy complete! Resources: 1 destroyed\./);

    // 5. SIGKILL half-way through a rollout; the state stays consistent and the next run converges.
    // Before the kill, a second mkapply at the same time gets the lock error naming the first.
    let concurrent: CliRun | undefined;
    let firstPid: number | undefined;
    const killed = await run(MKAPPLY, [QUICKSTART, "-p", "version=2", "--auto-approve", "--state", state], {
      onSpawn: (child) => {
        firstPid = child.pid;
        void pollUntil(
          async () => {
            const rs = await readObject(state, "Deployment", "web");
            const annotations = ((rs?.metadata as JsonObject | undefined)?.annotations ?? {}) as Record<string, string>;
            return annotations["deployment.kubernetes.io/revision"] === "2" ? true : undefined;
          },
          { timeoutMs: 120_000, what: "the v2 rollout to start", intervalMs: 200 },
        )
          .then(async () => {
            concurrent = await run(MKAPPLY, [QUICKSTART, "-p", "version=2", "--auto-approve", "--state", state]);
          })
          .finally(() => child.kill("SIGKILL"));
      },
    });
    assert.equal(killed.code, null, "killed by the signal");
    assert.equal(concurrent?.code, 1, `the second mkapply is refused:\n${concurrent?.stdout}\n${concurrent?.stderr}`);
    assert.match(concurrent.stderr, /MK7003/);
    assert.match(concurrent.stderr, new RegExp(`held by \\S+ \\(pid ${firstPid}\\) for mkapply`));
    // The apply lock of a killed mkapply stays (as Terraform's): reported as stale, then removed by hand.
    const stale = await run(MKAPPLY, [QUICKSTART, "-p", "version=2", "--auto-approve", "--state", state]);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /MK7003/);
    const lockId = /lock ID ([0-9a-f-]+)/.exec(stale.stderr)?.[1];
    assert.ok(lockId, stale.stderr);
    const unlocked = await run(MK, ["force-unlock", lockId, "--force", "--state", state]);
    assert.equal(unlocked.code, 0, unlocked.stderr);
    const rerun = await run(MKAPPLY, [QUICKSTART, "-p", "version=2", "--auto-approve", "--state", state, "--timeout", "4m"]);
    assert.equal(rerun.code, 0, `${rerun.stdout}\n${rerun.stderr}`);
    assert.match(rerun.stdout, /Apply complete!/);
    const pods = await runningPods(runtime.podman, project);
    assert.equal(pods.length, 3, `three pods and no orphans: ${pods.join(", ")}`);

    // 6. mk destroy: everything goes, pods included.
    const destroyed = await run(MK, ["destroy", QUICKSTART, "--auto-approve", "--state", state, "--timeout", "3m"]);
    assert.equal(destroyed.code, 0, `${destroyed.stdout}\n${destroyed.stderr}`);
    assert.match(destroyed.stdout, /Destroy complete! Resources: 3 destroyed\./);
    assert.deepEqual(await runningPods(runtime.podman, project), []);
    const networks = await listNetworks(runtime.podman, projectSelector(project));
    assert.ok(networks.ok);
    assert.deepEqual(networks.value.map((n) => n.name), [], "the project's network goes with its last container");
  } finally {
    await removeLabelled(runtime.podman, projectSelector(project));
    const left = await remainingObjects(runtime.podman, projectSelector(project));
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(await runtime.close(), []);
    assert.deepEqual(left, [], "nothing of the project is left in podman");
  }
});
