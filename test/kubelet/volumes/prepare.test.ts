import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanupPodVolumes, podsUsingObject, podVolumeDir, preparePodVolumes, refreshPodVolumes, type VolumeEnvironment } from "../../../src/kubelet/volumes/prepare.js";
import { LABEL, objectLabels } from "../../../src/runtime/labels.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openTestStore } from "../../store/harness.js";
import { FakeVolumePodman, fakeSession } from "./fake-volumes.js";

const node = { cpuMillis: 2000, memoryBytes: 4 * 1024 ** 3 };

function pod(volumes: JsonObject[], containers: JsonObject[] = [{ name: "c", image: "i" }], uid = "pod-uid-1"): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid, labels: { app: "web", tier: "a b" }, annotations: { "team/owner": "ops" } }, spec: { containers, volumes } };
}

async function setup() {
  const { store } = openTestStore();
  const stateDir = mkdtempSync(join(tmpdir(), "mk-vol-state-"));
  const podman = new FakeVolumePodman();
  await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, data: { "app.conf": "mode=prod", "other.txt": "o" } }, { managedBy: "mkapply" });
  await store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { password: Buffer.from("pw-value").toString("base64"), user: Buffer.from("admin").toString("base64") } }, { managedBy: "mkapply" });
  const env: VolumeEnvironment = { store, runtime: fakeSession(podman), stateDir, node };
  return { store, stateDir, podman, env };
}

const mode = (path: string) => statSync(path).mode & 0o777;

test("configMap volume: every key at 0644, or only items at their paths and modes; read-only", async () => {
  const { env, stateDir } = await setup();
  const r = await preparePodVolumes(pod([{ name: "all", configMap: { name: "cfg" } }, { name: "some", configMap: { name: "cfg", defaultMode: 0o600, items: [{ key: "app.conf", path: "conf/app.conf" }, { key: "other.txt", path: "o.txt", mode: 0o444 }] } }]), env);
  assert.ok(r.ok, JSON.stringify(r));
  const all = podVolumeDir(stateDir, "pod-uid-1", "all");
  assert.deepEqual(r.volumes.all, { kind: "host", path: all, readOnly: true, source: "configMap" });
  assert.equal(readFileSync(join(all, "app.conf"), "utf8"), "mode=prod");
  assert.equal(mode(join(all, "app.conf")), 0o644);
  const some = podVolumeDir(stateDir, "pod-uid-1", "some");
  assert.equal(readFileSync(join(some, "conf", "app.conf"), "utf8"), "mode=prod");
  assert.equal(mode(join(some, "conf", "app.conf")), 0o600);
  assert.equal(mode(join(some, "o.txt")), 0o444);
  assert.equal(existsSync(join(some, "other.txt")), false);
  assert.equal(mode(join(stateDir, "pods")), 0o700, "secrets live below a folder only root reads");
});

test("configMap and secret volumes: missing objects and keys are FailedMount unless optional", async () => {
  const { env } = await setup();
  const cases: [JsonObject, string][] = [
    [{ configMap: { name: "nope" } }, 'MountVolume.SetUp failed for volume "v" : configmap "nope" not found'],
    [{ secret: { secretName: "nope" } }, 'MountVolume.SetUp failed for volume "v" : secret "nope" not found'],
    [{ configMap: { name: "cfg", items: [{ key: "k", path: "k" }] } }, 'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: k'],
    [{ secret: { secretName: "db", items: [{ key: "k", path: "k" }] } }, 'MountVolume.SetUp failed for volume "v" : references non-existent secret key: k'],
  ];
  for (const [source, message] of cases) {
    const r = await preparePodVolumes(pod([{ name: "v", ...source }]), env);
    assert.deepEqual(r, { ok: false, reason: "FailedMount", volume: "v", message });
  }
  const optional = await preparePodVolumes(pod([{ name: "v", configMap: { name: "nope", optional: true } }, { name: "w", secret: { secretName: "db", optional: true, items: [{ key: "k", path: "k" }, { key: "user", path: "u" }] } }]), env);
  assert.ok(optional.ok);
  const w = optional.volumes.w;
  assert.ok(w?.kind === "host");
  assert.equal(readFileSync(join(w.path, "u"), "utf8"), "admin");
  assert.equal(existsSync(join(w.path, "k")), false);
});

test("secret volume: decoded values, defaultMode honoured; failures never print values", async () => {
  const { env } = await setup();
  const r = await preparePodVolumes(pod([{ name: "s", secret: { secretName: "db", defaultMode: 0o400 } }]), env);
  assert.ok(r.ok);
  const s = r.volumes.s;
  assert.ok(s?.kind === "host");
  assert.equal(readFileSync(join(s.path, "password"), "utf8"), "pw-value");
  assert.equal(mode(join(s.path, "password")), 0o400);
  const bad = await preparePodVolumes(pod([{ name: "s", secret: { secretName: "db", items: [{ key: "nope", path: "x" }] } }]), env);
  assert.ok(!bad.ok && !bad.message.includes("pw-value"));
});

test("downwardAPI volume: labels and annotations as sorted key=\"value\" lines, names, resources", async () => {
  const { env } = await setup();
  const containers = [{ name: "c", image: "i", resources: { limits: { memory: "256Mi" } } }];
  const r = await preparePodVolumes(
    pod(
      [
        {
          name: "info",
          downwardAPI: {
            items: [
              { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
              { path: "annotations", fieldRef: { fieldPath: "metadata.annotations" } },
              { path: "name", fieldRef: { fieldPath: "metadata.name" } },
              { path: "app", fieldRef: { fieldPath: "metadata.labels['app']" }, mode: 0o400 },
              { path: "mem", resourceFieldRef: { containerName: "c", resource: "limits.memory", divisor: "1Mi" } },
              { path: "cpu", resourceFieldRef: { containerName: "c", resource: "limits.cpu", divisor: "1m" } },
            ],
          },
        },
      ],
      containers,
    ),
    env,
  );
  assert.ok(r.ok, JSON.stringify(r));
  const info = r.volumes.info;
  assert.ok(info?.kind === "host");
  const read = (p: string) => readFileSync(join(info.path, p), "utf8");
  assert.equal(read("labels"), 'app="web"\ntier="a b"');
  assert.equal(read("annotations"), 'team/owner="ops"');
  assert.equal(read("name"), "web");
  assert.equal(read("app"), "web");
  assert.equal(mode(join(info.path, "app")), 0o400);
  assert.equal(read("mem"), "256");
  assert.equal(read("cpu"), "2000", "an unset limit is the node's allocatable");
});

test("projected volume: configMap, secret and downwardAPI sources in one folder", async () => {
  const { env } = await setup();
  const r = await preparePodVolumes(
    pod([{ name: "all", projected: { defaultMode: 0o640, sources: [{ configMap: { name: "cfg", items: [{ key: "app.conf", path: "app.conf" }] } }, { secret: { name: "db", items: [{ key: "user", path: "user" }] } }, { downwardAPI: { items: [{ path: "ns", fieldRef: { fieldPath: "metadata.namespace" } }] } }] } }]),
    env,
  );
  assert.ok(r.ok, JSON.stringify(r));
  const v = r.volumes.all;
  assert.ok(v?.kind === "host" && v.readOnly);
  assert.equal(readFileSync(join(v.path, "app.conf"), "utf8"), "mode=prod");
  assert.equal(readFileSync(join(v.path, "user"), "utf8"), "admin");
  assert.equal(readFileSync(join(v.path, "ns"), "utf8"), "default");
  assert.equal(mode(join(v.path, "user")), 0o640);
});

test("emptyDir: a 0777 folder under the pod's state folder; sizeLimit recorded; medium Memory a tmpfs podman volume", async () => {
  const { env, podman, stateDir } = await setup();
  const r = await preparePodVolumes(pod([{ name: "scratch", emptyDir: { sizeLimit: "1Gi" } }, { name: "mem", emptyDir: { medium: "Memory" } }]), env);
  assert.ok(r.ok, JSON.stringify(r));
  const dir = podVolumeDir(stateDir, "pod-uid-1", "scratch");
  assert.deepEqual(r.volumes.scratch, { kind: "host", path: dir, readOnly: false, source: "emptyDir", sizeLimitBytes: 1024 ** 3 });
  assert.equal(mode(dir), 0o777);
  const mem = r.volumes.mem;
  assert.ok(mem?.kind === "podman");
  const made = podman.volumes.get(mem.volume);
  assert.ok(made, "the podman volume was created");
  assert.deepEqual(made.options, ["type=tmpfs", "device=tmpfs", "o=nodev,nosuid"]);
  assert.equal(made.labels[LABEL.uid], "pod-uid-1");
  assert.equal(made.labels[LABEL.kind], "Pod");
  const again = await preparePodVolumes(pod([{ name: "mem", emptyDir: { medium: "Memory" } }]), env);
  assert.ok(again.ok, "preparing twice is fine");
});

test("hostPath: type checks with the kubelet's messages; DirectoryOrCreate and FileOrCreate create", async () => {
  const { env } = await setup();
  const host = mkdtempSync(join(tmpdir(), "mk-hostpath-"));
  mkdirSync(join(host, "dir"));
  writeFileSync(join(host, "file"), "x");
  const ok = await preparePodVolumes(
    pod([
      { name: "a", hostPath: { path: join(host, "dir"), type: "Directory" } },
      { name: "b", hostPath: { path: join(host, "new", "deep"), type: "DirectoryOrCreate" } },
      { name: "c", hostPath: { path: join(host, "file"), type: "File" } },
      { name: "d", hostPath: { path: join(host, "made.txt"), type: "FileOrCreate" } },
      { name: "e", hostPath: { path: join(host, "anything") } },
    ]),
    env,
  );
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.deepEqual(ok.volumes.a, { kind: "host", path: join(host, "dir"), readOnly: false, source: "hostPath" });
  assert.ok(statSync(join(host, "new", "deep")).isDirectory());
  assert.ok(statSync(join(host, "made.txt")).isFile());
  assert.ok(statSync(join(host, "anything")).isDirectory(), "type \"\": a missing path becomes a folder, as Docker made it");
  const notDir = await preparePodVolumes(pod([{ name: "a", hostPath: { path: join(host, "file"), type: "Directory" } }]), env);
  assert.deepEqual(notDir, { ok: false, reason: "FailedMount", volume: "a", message: `MountVolume.SetUp failed for volume "a" : hostPath type check failed: ${join(host, "file")} is not a directory` });
  const notFile = await preparePodVolumes(pod([{ name: "a", hostPath: { path: join(host, "dir"), type: "File" } }]), env);
  assert.ok(!notFile.ok && notFile.message.endsWith(`${join(host, "dir")} is not a file`));
  const missing = await preparePodVolumes(pod([{ name: "a", hostPath: { path: join(host, "nope"), type: "Socket" } }]), env);
  assert.ok(!missing.ok && missing.message.endsWith("is not a socket file"));
});

test("persistentVolumeClaim: missing, unbound and being-deleted claims wait; a bound one mounts its podman volume", async () => {
  const { env, store, podman } = await setup();
  const volumes = [{ name: "data", persistentVolumeClaim: { claimName: "data-web", readOnly: true } }];
  const missing = await preparePodVolumes(pod(volumes), env);
  assert.deepEqual(missing, { ok: false, reason: "FailedMount", volume: "data", message: 'MountVolume.SetUp failed for volume "data" : persistentvolumeclaim "data-web" not found' });
  const claim = await store.create({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data-web", namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }, { managedBy: "mkapply" });
  const unbound = await preparePodVolumes(pod(volumes), env);
  assert.ok(!unbound.ok && unbound.message.endsWith("PVC default/data-web is not bound"));
  await store.updateStatus({ ...claim, status: { phase: "Bound" } });
  const uid = String((claim.metadata as JsonObject).uid);
  podman.volumes.set("p-1_default_data-web", { name: "p-1_default_data-web", labels: objectLabels("p-1", { uid, namespace: "default", name: "data-web", kind: "PersistentVolumeClaim" }), options: [] });
  const bound = await preparePodVolumes(pod(volumes), env);
  assert.ok(bound.ok, JSON.stringify(bound));
  assert.deepEqual(bound.volumes.data, { kind: "podman", volume: "p-1_default_data-web", mountpoint: "/var/lib/containers/storage/volumes/p-1_default_data-web/_data", readOnly: true, source: "persistentVolumeClaim" });
});

test("refreshPodVolumes rewrites changed sources only, keeps old content when a source vanished", async () => {
  const { env, store } = await setup();
  const p = pod([{ name: "cfg", configMap: { name: "cfg" } }, { name: "scratch", emptyDir: {} }]);
  const r = await preparePodVolumes(p, env);
  assert.ok(r.ok);
  const dir = (r.volumes.cfg as { path: string }).path;
  assert.equal(await refreshPodVolumes(p, env), false, "nothing changed");
  const cm = await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "cfg" });
  assert.ok(cm);
  await store.update({ ...cm, data: { "app.conf": "mode=dev" } });
  assert.equal(await refreshPodVolumes(p, env), true);
  assert.equal(readFileSync(join(dir, "app.conf"), "utf8"), "mode=dev");
  assert.equal(existsSync(join(dir, "other.txt")), false);
  await store.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "cfg" });
  assert.equal(await refreshPodVolumes(p, env), false);
  assert.equal(readFileSync(join(dir, "app.conf"), "utf8"), "mode=dev");
});

test("cleanupPodVolumes removes the pod's folder and memory volumes, never a claim's volume or another pod's", async () => {
  const { env, podman, stateDir } = await setup();
  const a = await preparePodVolumes(pod([{ name: "mem", emptyDir: { medium: "Memory" } }, { name: "scratch", emptyDir: {} }], undefined, "uid-a"), env);
  const b = await preparePodVolumes(pod([{ name: "mem", emptyDir: { medium: "Memory" } }], undefined, "uid-b"), env);
  assert.ok(a.ok && b.ok);
  podman.volumes.set("p-1_default_claim", { name: "p-1_default_claim", labels: objectLabels("p-1", { uid: "claim-uid", namespace: "default", name: "claim", kind: "PersistentVolumeClaim" }), options: [] });
  await cleanupPodVolumes("uid-a", stateDir, env.runtime);
  assert.equal(existsSync(join(stateDir, "pods", "uid-a")), false);
  assert.deepEqual([...podman.volumes.values()].map((v) => v.labels[LABEL.uid]).sort(), ["claim-uid", "uid-b"]);
  await assert.rejects(cleanupPodVolumes("../..", stateDir), /refusing/);
});

test("podsUsingObject finds pods by volumes, projected sources, env and envFrom — in the same namespace only", () => {
  const make = (name: string, namespace: string, spec: JsonObject): JsonObject => ({ metadata: { name, namespace }, spec });
  const pods = [
    make("vol", "default", { volumes: [{ name: "v", configMap: { name: "cfg" } }], containers: [] }),
    make("proj", "default", { volumes: [{ name: "v", projected: { sources: [{ secret: { name: "db" } }, { configMap: { name: "cfg" } }] } }], containers: [] }),
    make("env", "default", { containers: [{ name: "c", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "db", key: "k" } } }] }] }),
    make("from", "default", { initContainers: [{ name: "i", envFrom: [{ configMapRef: { name: "cfg" } }] }], containers: [] }),
    make("claim", "default", { volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }], containers: [] }),
    make("elsewhere", "other", { volumes: [{ name: "v", configMap: { name: "cfg" } }], containers: [] }),
  ];
  const names = (refs: { name: string }[]) => refs.map((r) => r.name);
  assert.deepEqual(names(podsUsingObject("ConfigMap", "default", "cfg", pods)), ["vol", "proj", "from"]);
  assert.deepEqual(names(podsUsingObject("Secret", "default", "db", pods)), ["proj", "env"]);
  assert.deepEqual(names(podsUsingObject("PersistentVolumeClaim", "default", "data", pods)), ["claim"]);
  assert.deepEqual(podsUsingObject("ConfigMap", "other", "cfg", pods), [{ apiVersion: "v1", kind: "Pod", namespace: "other", name: "elsewhere" }]);
});
