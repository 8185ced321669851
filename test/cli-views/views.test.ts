import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { openStore, type Store } from "../../src/store/index.js";
import type { JsonObject } from "../../src/schema/json.js";

const run = promisify(execFile);
const MK = new URL("../../src/cli/mk.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "mk-views-"));
const statePath = join(dir, "state.db");
let store: Store;

async function mk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [MK, ...args, "--state", statePath], { env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const template = (version: string): JsonObject => ({
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: `localhost/mk/web:${version}`, ports: [{ containerPort: 80 }] }] },
});

before(async () => {
  store = openStore({ path: statePath });
  const deployment = await store.create(
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default", labels: { app: "web" } }, spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: template("1") } },
    { managedBy: "mkapply" },
  );
  await store.updateStatus({ ...deployment, status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 } });
  await store.create({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api", namespace: "default", labels: { app: "api" } }, spec: { replicas: 1, selector: { matchLabels: { app: "api" } }, template: template("2") } }, { managedBy: "mkapply" });
  await store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { password: Buffer.from("hunter2").toString("base64") } }, { managedBy: "mkapply" });
  const pod = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-abc", namespace: "default", labels: { app: "web" } }, spec: template("1").spec as JsonObject }, { managedBy: "controller" });
  await store.updateStatus({
    ...pod,
    status: { phase: "Running", conditions: [{ type: "Ready", status: "False" }], containerStatuses: [{ name: "web", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s" } } }] },
  });
  await store.recordEvent({ involvedObject: { apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", uid: String((deployment.metadata as JsonObject).uid) }, type: "Normal", reason: "ScalingReplicaSet", message: "Scaled up replica set web-7d9c to 3", source: { component: "deployment-controller" } });
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("mk get deployments prints kubectl's columns, one row per object", async () => {
  const r = await mk("get", "deployments");
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
  assert.match(lines.find((l) => l.startsWith("web")) ?? "", /^web\s+2\/3\s+3\s+2\s+\d+s$/);
  assert.equal(lines.length, 3);
});

test("short names, TYPE/NAME, -o name and -l select objects as kubectl does", async () => {
  assert.equal((await mk("get", "deploy", "-l", "app=api", "-o", "name")).stdout, "deployment.apps/api\n");
  assert.equal((await mk("get", "deployment/web", "-o", "name")).stdout, "deployment.apps/web\n");
  assert.equal((await mk("get", "deploy", "-l", "app!=web", "-o", "name")).stdout, "deployment.apps/api\n");
});

test("a pod's STATUS shows its container's waiting reason and RESTARTS its count", async () => {
  const r = await mk("get", "po");
  assert.match(r.stdout, /web-abc\s+0\/1\s+CrashLoopBackOff\s+4\s+/);
});

test("Secret values are masked in yaml and json output", async () => {
  const yaml = await mk("get", "secret", "db", "-o", "yaml");
  assert.equal(yaml.code, 0, yaml.stderr);
  assert.ok(!yaml.stdout.includes(Buffer.from("hunter2").toString("base64")));
  assert.match(yaml.stdout, /password: \(sensitive value\)/);
  const json = await mk("get", "secrets", "-o", "json");
  assert.ok(!json.stdout.includes("aHVudGVyMg"));
});

test("unknown types and names are errors that say what was meant", async () => {
  const type = await mk("get", "deploymnts");
  assert.equal(type.code, 1);
  assert.match(type.stderr, /doesn't have a resource type "deploymnts" \(did you mean "deployments"\?\)/);
  const name = await mk("get", "deploy", "nope");
  assert.equal(name.code, 1);
  assert.match(name.stderr, /deployments "nope" not found in namespace "default"/);
});

test("mk describe shows the rollout line and the object's Events", async () => {
  const r = await mk("describe", "deployment", "web");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Replicas:\s+3 desired \| 3 updated \| 3 total \| 2 available \| 0 unavailable/);
  assert.match(r.stdout, /Normal\s+ScalingReplicaSet\s+\d+s\s+deployment-controller\s+Scaled up replica set web-7d9c to 3/);
});

test("mk scale writes spec.replicas and mk delete records the cascade policy", async () => {
  const scaled = await mk("scale", "deploy/api", "--replicas", "4");
  assert.equal(scaled.stdout, "deployment.apps/api scaled\n");
  const api = await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "api" });
  assert.equal((api?.spec as JsonObject).replicas, 4);
  const deleted = await mk("delete", "deployment", "api", "--cascade=foreground");
  assert.equal(deleted.stdout, 'deployment.apps "api" deleted\n');
  const after = await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "api" });
  assert.deepEqual((after?.metadata as JsonObject).finalizers, ["foregroundDeletion"]);
});

test("mk delete takes kubectl's deprecated --cascade=true|false, with its warning; other values are refused", async () => {
  await store.create({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "legacy", namespace: "default" }, spec: { replicas: 1, selector: { matchLabels: { app: "legacy" } }, template: { metadata: { labels: { app: "legacy" } }, spec: { containers: [{ name: "c", image: "localhost/mk/web:1" }] } } } }, { managedBy: "mkapply" });
  const orphaned = await mk("delete", "deployment/legacy", "--cascade=false");
  assert.equal(orphaned.code, 0, orphaned.stderr);
  assert.match(orphaned.stderr, /^warning: --cascade=false is deprecated \(boolean value\) and can be replaced with --cascade=orphan\.$/m);
  const after = await store.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "legacy" });
  assert.deepEqual((after?.metadata as JsonObject).finalizers, ["orphan"]);
  const bad = await mk("delete", "deployment/web", "--cascade=maybe");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Allowed choices are background, foreground, orphan\./);
});

test("mk events lists Events with kubectl's columns", async () => {
  const r = await mk("events");
  assert.match(r.stdout.split("\n")[0], /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  assert.match(r.stdout, /Normal\s+ScalingReplicaSet\s+deployment\/web\s+Scaled up replica set web-7d9c to 3/);
});

test("-o wide adds kubectl's wide columns and --show-labels a LABELS column", async () => {
  const deployments = (await mk("get", "deployments", "-o", "wide")).stdout.trimEnd().split("\n");
  assert.match(deployments[0], /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
  assert.match(deployments.find((l) => l.startsWith("web")) ?? "", /^web\s+2\/3\s+3\s+2\s+\d+s\s+web\s+localhost\/mk\/web:1\s+app=web$/);
  const pods = (await mk("get", "pods", "-o", "wide")).stdout.trimEnd().split("\n");
  assert.match(pods[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
  assert.match(pods[1], /^web-abc\s+0\/1\s+CrashLoopBackOff\s+4\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>$/);
  const labelled = (await mk("get", "deploy", "--show-labels")).stdout.trimEnd().split("\n");
  assert.match(labelled[0], /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+LABELS$/);
  assert.match(labelled.find((l) => l.startsWith("api")) ?? "", /\s+app=api$/);
});
