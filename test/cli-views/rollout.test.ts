import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { startControlLoop, type ControlLoop } from "../../src/control/manager.js";
import { createWorkloadControllers } from "../../src/controllers/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import { openStore, type Store } from "../../src/store/index.js";
import { pollUntil } from "../e2e-support/poll.js";
import { createFakeKubelet } from "../support/fake-kubelet.js";

// mk rollout against a store that a control loop (real controllers, a fake node) works on at the
// same time, from another process: what a user does while mkapply or mk controller runs.
const run = promisify(execFile);
const MK = new URL("../../src/cli/mk.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "mk-rollout-"));
const statePath = join(dir, "state.db");
let store: Store;
let loop: ControlLoop;
const WEB = { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web" };

async function mk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [MK, ...args, "--state", statePath], { env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

async function image(): Promise<string> {
  const d = (await store.get(WEB)) as JsonObject;
  return String(((((d.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0].image);
}

async function setImage(value: string): Promise<void> {
  const d = (await store.get(WEB)) as JsonObject;
  const spec = d.spec as JsonObject;
  const template = spec.template as JsonObject;
  await store.update({ ...d, spec: { ...spec, template: { ...template, spec: { containers: [{ name: "web", image: value }] } } } });
}

before(async () => {
  store = openStore({ path: statePath });
  loop = startControlLoop({ store, reconcilers: [...createWorkloadControllers(), createFakeKubelet()], pollMs: 10 });
  await store.create(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "localhost/mk/web:1" }] } } },
    },
    { managedBy: "mkapply" },
  );
});

after(async () => {
  await loop.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("rollout status waits for the Deployment and ends with kubectl's success line", async () => {
  const r = await mk("rollout", "status", "deployment/web", "--timeout", "30s");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /deployment "web" successfully rolled out\n$/);
});

test("history lists both revisions after an image change, undo brings back the first template, pause and resume flip spec.paused", async () => {
  await setImage("localhost/mk/web:2");
  assert.equal((await mk("rollout", "status", "deploy/web", "--timeout", "30s")).code, 0);
  const history = await mk("rollout", "history", "deploy/web");
  assert.match(history.stdout, /^deployment\.apps\/web \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);

  const undo = await mk("rollout", "undo", "deploy/web");
  assert.equal(undo.stdout, "deployment.apps/web rolled back\n");
  assert.equal(await image(), "localhost/mk/web:1");
  await pollUntil(async () => ((await mk("rollout", "history", "deploy/web")).stdout.includes("\n3 ") ? true : undefined), { timeoutMs: 20_000, what: "revision 3 after the undo" });

  assert.equal((await mk("rollout", "pause", "deploy/web")).stdout, "deployment.apps/web paused\n");
  assert.equal(((await store.get(WEB))?.spec as JsonObject).paused, true);
  const undoWhilePaused = await mk("rollout", "undo", "deploy/web");
  assert.equal(undoWhilePaused.code, 1);
  assert.match(undoWhilePaused.stderr, /resume it first/);
  assert.equal((await mk("rollout", "resume", "deploy/web")).stdout, "deployment.apps/web resumed\n");
});

test("restart stamps the template so that a new ReplicaSet rolls out", async () => {
  const before = (await store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace: "default" })).items.length;
  assert.equal((await mk("rollout", "restart", "deployment", "web")).stdout, "deployment.apps/web restarted\n");
  assert.equal((await mk("rollout", "status", "deploy/web", "--timeout", "30s")).code, 0);
  const after = (await store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace: "default" })).items.length;
  assert.equal(after, before + 1);
});

test("rollout of a kind without rollouts is refused", async () => {
  await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web", namespace: "default" }, data: { a: "b" } }, { managedBy: "mkapply" });
  const r = await mk("rollout", "status", "configmap/web");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no rollout for configmaps: this works on Deployment, StatefulSet, DaemonSet/);
});
