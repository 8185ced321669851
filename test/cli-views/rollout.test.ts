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
  // A template change while paused does not roll out: rollout status waits with kubectl's text
  // (here until --timeout), and says once why nothing moves.
  await setImage("localhost/mk/web:2");
  const waiting = await mk("rollout", "status", "deploy/web", "--timeout", "1s");
  assert.equal(waiting.code, 1);
  assert.equal(waiting.stdout, 'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...\n');
  assert.match(waiting.stderr, /note: deployment "web" is paused: 0 out of 2 new replicas have been updated; "mk rollout resume deployment\/web" rolls it out\n/);
  assert.match(waiting.stderr, /timed out waiting for the rollout of deployments\/web/);
  assert.equal((await mk("rollout", "resume", "deploy/web")).stdout, "deployment.apps/web resumed\n");
  assert.equal((await mk("rollout", "status", "deploy/web", "--timeout", "30s")).code, 0);
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

const DB = { apiVersion: "apps/v1", kind: "StatefulSet", namespace: "default", name: "db" };
async function setStatefulSetImage(value: string, cause: string): Promise<void> {
  const s = (await store.get(DB)) as JsonObject;
  const spec = s.spec as JsonObject;
  const metadata = { ...(s.metadata as JsonObject), annotations: { "kubernetes.io/change-cause": cause } };
  await store.update({ ...s, metadata, spec: { ...spec, template: { ...(spec.template as JsonObject), spec: { containers: [{ name: "db", image: value }] } } } });
}
async function templateImage(ref: typeof DB): Promise<string> {
  const s = (await store.get(ref)) as JsonObject;
  return String(((((s.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[])[0].image);
}
const historyHas = (target: string, line: RegExp) =>
  pollUntil(async () => ((await mk("rollout", "history", target)).stdout.match(line) ? true : undefined), { timeoutMs: 20_000, what: `${target}: ${line}` });

test("a StatefulSet's history is its ControllerRevisions with their change causes; undo brings back the previous template under a new number", async () => {
  await store.create(
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db", namespace: "default", annotations: { "kubernetes.io/change-cause": "first image" } },
      spec: { replicas: 1, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "localhost/mk/db:1" }] } } },
    },
    { managedBy: "mkapply" },
  );
  await historyHas("statefulset/db", /\n1\s+first image\n/);
  await setStatefulSetImage("localhost/mk/db:2", "second image");
  await historyHas("sts/db", /\n2\s+second image\n/);
  const history = await mk("rollout", "history", "sts/db");
  assert.match(history.stdout, /^statefulset\.apps\/db \nREVISION\s+CHANGE-CAUSE\n1\s+first image\n2\s+second image\n\n$/, "kubectl ends the table with a blank line");
  const one = await mk("rollout", "history", "sts/db", "--revision=1");
  assert.match(one.stdout, /^statefulset\.apps\/db with revision #1\nPod Template:\n/);
  assert.match(one.stdout, /image: localhost\/mk\/db:1/);
  assert.equal((await mk("rollout", "history", "sts/db", "--revision=7")).code, 1);

  const undo = await mk("rollout", "undo", "sts/db");
  assert.equal(undo.stdout, "statefulset.apps/db rolled back\n");
  assert.equal(await templateImage(DB), "localhost/mk/db:1");
  // Revision 1's template is in use again: the controller renumbers it 3 (kubectl shows 2 and 3).
  await historyHas("sts/db", /\n2\s+second image\n3\s+first image\n\n$/);
  const skipped = await mk("rollout", "undo", "sts/db", "--to-revision=3");
  assert.equal(skipped.stdout, "statefulset.apps/db skipped rollback (current template already matches revision 3)\n");
  const missing = await mk("rollout", "undo", "sts/db", "--to-revision=9");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /unable to find specified revision 9 in history/);
});

test("a DaemonSet's undo goes back to its previous ControllerRevision", async () => {
  const AGENT = { apiVersion: "apps/v1", kind: "DaemonSet", namespace: "default", name: "agent" };
  await store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "mk-node", labels: { "kubernetes.io/hostname": "mk-node" } }, spec: {} }, { managedBy: "controller" });
  await store.create(
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "default" },
      spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "agent", image: "localhost/mk/agent:1" }] } } },
    },
    { managedBy: "mkapply" },
  );
  await historyHas("ds/agent", /\n1\s+<none>\n\n$/);
  const d = (await store.get(AGENT)) as JsonObject;
  const spec = d.spec as JsonObject;
  await store.update({ ...d, spec: { ...spec, template: { ...(spec.template as JsonObject), spec: { containers: [{ name: "agent", image: "localhost/mk/agent:2" }] } } } });
  await historyHas("daemonset/agent", /\n2\s+<none>\n\n$/);
  assert.equal((await mk("rollout", "undo", "daemonset/agent")).stdout, "daemonset.apps/agent rolled back\n");
  assert.equal(await templateImage(AGENT), "localhost/mk/agent:1");
  assert.equal((await mk("rollout", "status", "ds/agent", "--timeout", "30s")).code, 0);
});
