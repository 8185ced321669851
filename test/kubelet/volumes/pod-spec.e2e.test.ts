/**
 * End-to-end: Pods translated by podSandboxSpec / preparePodVolumes / resolvePodContainers and
 * run with the runtime primitives on the real podman (no kubelet worker): env from ConfigMaps,
 * Secrets and fieldRefs; configMap volume updates seen by a running container; a claim's data
 * surviving the pod; read-only mounts; emptyDirs shared by two containers; hostAliases and a
 * shared process namespace. Fails, never skips, without podman. Waits by polling.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";
import { freePort, httpGet } from "../../e2e-support/net.js";
import { podSandboxSpec } from "../../../src/kubelet/pod-spec/sandbox.js";
import { resolvePodContainers } from "../../../src/kubelet/pod-spec/containers.js";
import { cleanupPodVolumes, memoryVolumeName, preparePodVolumes, refreshPodVolumes, type VolumeEnvironment } from "../../../src/kubelet/volumes/prepare.js";
import { createVolumeBinder } from "../../../src/kubelet/volumes/pvc-binder.js";
import { createPodSandbox, podIP, removePodSandbox } from "../../../src/runtime/pod-sandbox.js";
import { createContainer, execInContainer, startContainer, type ExecResult } from "../../../src/runtime/containers.js";
import { inspectVolume } from "../../../src/runtime/volumes.js";
import { podmanVolumeName } from "../../../src/runtime/names.js";
import type { RuntimeResult } from "../../../src/runtime/podman-error.js";
import type { RuntimeSession } from "../../../src/runtime/session.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1 } from "../../../src/runtime/test-images.js";
import type { ControlContext } from "../../../src/control/reconciler.js";
import type { JsonObject } from "../../../src/schema/json.js";
import type { Store } from "../../../src/store/index.js";
import { openTestStore } from "../../store/harness.js";

let rt: E2eRuntime;
let session: RuntimeSession;
let store: Store;
let stateDir: string;
let storeDir: string;

function unwrap<T>(r: RuntimeResult<T>, what: string): T {
  if (!r.ok) assert.fail(`${what}: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

const sleeper = (name: string, extra: JsonObject = {}): JsonObject => ({ name, image: BUSYBOX_IMAGE, command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"], ...extra });

function volumeEnv(): VolumeEnvironment {
  return { store, runtime: session, stateDir, labels: rt.labels };
}

interface RunningPod {
  pod: JsonObject;
  ip: string;
  container(name: string): string;
  exec(container: string, command: string): Promise<ExecResult>;
  remove(): Promise<void>;
}

/** Stores the Pod, then does what the kubelet does: sandbox, volumes, containers created and started. */
async function runPod(name: string, spec: JsonObject): Promise<RunningPod> {
  const pod = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app: name } }, spec }, { managedBy: "controller" });
  const sandbox = podSandboxSpec(pod, { project: rt.project, network: rt.network, labels: rt.labels });
  unwrap(await createPodSandbox(rt.podman, sandbox), `pod ${name}`);
  const ip = unwrap(await podIP(rt.podman, sandbox.name, rt.network), `ip of ${name}`);
  const volumes = await preparePodVolumes(pod, volumeEnv());
  if (!volumes.ok) assert.fail(volumes.message);
  const containers = await resolvePodContainers(pod, { store, runtime: { project: rt.project, network: rt.network, labels: rt.labels }, podIP: ip, volumes: volumes.volumes });
  if (!containers.ok) assert.fail(`${containers.container}: ${containers.message}`);
  const names = new Map<string, string>();
  for (const c of containers.app) {
    unwrap(await createContainer(rt.podman, c), `create ${c.name}`);
    unwrap(await startContainer(rt.podman, c.name), `start ${c.name}`);
    names.set(c.name.slice(sandbox.name.length + 1), c.name);
  }
  const uid = String((pod.metadata as JsonObject).uid);
  const container = (c: string) => names.get(c) ?? assert.fail(`no container ${c}`);
  return {
    pod,
    ip,
    container,
    exec: async (c, command) => unwrap(await execInContainer(rt.podman, container(c), ["sh", "-c", command], 20), `exec in ${c}`),
    async remove() {
      unwrap(await removePodSandbox(rt.podman, sandbox.name, sandbox.labels), `remove pod ${name}`);
      await cleanupPodVolumes(uid, stateDir, session);
      await store.delete({ apiVersion: "v1", kind: "Pod", namespace: "default", name });
    },
  };
}

function context(): ControlContext {
  return { store, clock: { now: () => new Date() }, recordEvent: async () => {}, signal: new AbortController().signal, log: () => {} };
}

describe("pod spec on real podman", () => {
  before(async () => {
    rt = await openE2eRuntime("e2e-podspec");
    session = { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" };
    const opened = openTestStore();
    store = opened.store;
    storeDir = opened.dir;
    stateDir = mkdtempSync(join(tmpdir(), "mk-podspec-state-"));
    await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "default" }, data: { MODE: "prod", "app.conf": "version=1" } }, { managedBy: "mkapply" });
    await store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { password: Buffer.from("pw-123").toString("base64") } }, { managedBy: "mkapply" });
  });

  after(async () => {
    const left = await rt.close();
    await store.close();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(storeDir, { recursive: true, force: true });
    assert.deepEqual(left, [], "no podman objects left behind");
  });

  test("env from a ConfigMap, a Secret and fieldRefs is visible inside the container; $(VAR) in args expanded", async () => {
    const p = await runPod("envpod", {
      containers: [
        sleeper("main", {
          envFrom: [{ configMapRef: { name: "settings" } }],
          env: [
            { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
            { name: "URL", value: "http://$(POD_NAME):80/$(MODE)" },
          ],
          command: ["sh", "-c", "echo $(MODE)-$(POD_NAME) > /tmp/arg; trap 'exit 0' TERM; while true; do sleep 1; done"],
        }),
      ],
    });
    try {
      const env = await p.exec("main", "env");
      const vars = Object.fromEntries(env.stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      assert.equal(vars.MODE, "prod");
      assert.equal(vars.DB_PASSWORD, "pw-123");
      assert.equal(vars.POD_NAME, "envpod");
      assert.equal(vars.POD_IP, p.ip);
      assert.match(p.ip, /^\d+\.\d+\.\d+\.\d+$/);
      assert.equal(vars.APP, "envpod");
      assert.equal(vars.URL, "http://envpod:80/prod");
      const arg = await pollUntil(async () => {
        const r = await p.exec("main", "cat /tmp/arg");
        return r.exitCode === 0 ? r.stdout.trim() : undefined;
      }, { timeoutMs: 10_000, what: "the container to write /tmp/arg" });
      assert.equal(arg, "prod-envpod");
    } finally {
      await p.remove();
    }
  });

  test("a configMap volume's file changes inside the running container after refreshPodVolumes; the mount is read-only", async () => {
    const p = await runPod("cfgpod", {
      volumes: [{ name: "conf", configMap: { name: "settings", items: [{ key: "app.conf", path: "app.conf" }] } }, { name: "creds", secret: { secretName: "db", defaultMode: 0o400 } }],
      containers: [
        sleeper("main", {
          volumeMounts: [
            { name: "conf", mountPath: "/etc/app" },
            { name: "conf", mountPath: "/etc/single.conf", subPath: "app.conf" },
            { name: "creds", mountPath: "/var/run/creds" },
          ],
        }),
      ],
    });
    try {
      assert.equal((await p.exec("main", "cat /etc/app/app.conf")).stdout, "version=1");
      assert.equal((await p.exec("main", "cat /etc/single.conf")).stdout, "version=1", "a subPath mounts one key as a file");
      assert.equal((await p.exec("main", "cat /var/run/creds/password")).stdout, "pw-123");
      assert.equal((await p.exec("main", "stat -L -c %a /var/run/creds/password")).stdout.trim(), "400");
      const refused = await p.exec("main", "echo x > /etc/app/new 2>&1");
      assert.notEqual(refused.exitCode, 0);
      assert.match(refused.stdout + refused.stderr, /Read-only file system/);
      const cm = await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "settings" });
      assert.ok(cm);
      await store.update({ ...cm, data: { ...(cm.data as JsonObject), "app.conf": "version=2" } });
      assert.equal(await refreshPodVolumes(p.pod, volumeEnv()), true);
      const seen = await pollUntil(async () => {
        const r = await p.exec("main", "cat /etc/app/app.conf");
        return r.stdout === "version=2" ? r.stdout : undefined;
      }, { timeoutMs: 10_000, what: "the new content inside the container" });
      assert.equal(seen, "version=2");
      assert.equal(await refreshPodVolumes(p.pod, volumeEnv()), false, "no change the second time");
      assert.equal((await p.exec("main", "cat /etc/single.conf")).stdout, "version=1", "subPath mounts are not updated, as in Kubernetes");
    } finally {
      await p.remove();
    }
  });

  test("emptyDir (disk and memory) is shared by two containers; a readOnly mount refuses writes", async () => {
    const p = await runPod("sharepod", {
      shareProcessNamespace: true,
      hostAliases: [{ ip: "10.1.2.3", hostnames: ["db.local"] }],
      volumes: [{ name: "shared", emptyDir: {} }, { name: "mem", emptyDir: { medium: "Memory" } }],
      containers: [
        sleeper("writer", { volumeMounts: [{ name: "shared", mountPath: "/shared" }, { name: "mem", mountPath: "/mem" }] }),
        sleeper("reader", { volumeMounts: [{ name: "shared", mountPath: "/shared", readOnly: true }, { name: "mem", mountPath: "/mem" }] }),
      ],
    });
    unwrap(await inspectVolume(rt.podman, memoryVolumeName(rt.project, p.pod, "mem")), "the memory volume");
    try {
      assert.equal((await p.exec("writer", "echo hello > /shared/greeting && echo fast > /mem/m")).exitCode, 0);
      assert.equal((await p.exec("reader", "cat /shared/greeting")).stdout.trim(), "hello");
      assert.equal((await p.exec("reader", "cat /mem/m")).stdout.trim(), "fast");
      const refused = await p.exec("reader", "echo x > /shared/other 2>&1");
      assert.notEqual(refused.exitCode, 0);
      assert.match(refused.stdout + refused.stderr, /Read-only file system/);
      assert.match((await p.exec("reader", "cat /etc/hosts")).stdout, /10\.1\.2\.3\s+db\.local/);
      const ps = await p.exec("reader", "ps");
      assert.ok((ps.stdout.match(/while true/g) ?? []).length >= 2, `both containers' processes are visible:\n${ps.stdout}`);
    } finally {
      await p.remove();
    }
    const memory = memoryVolumeName(rt.project, p.pod, "mem");
    const gone = await inspectVolume(rt.podman, memory);
    assert.ok(!gone.ok && gone.error.kind === "not-found", `${memory} is removed with the pod`);
  });

  test("securityContext: the pod's user, a read-only root, and an emptyDir a non-root user can write", async () => {
    const p = await runPod("secpod", {
      securityContext: { runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [4000] },
      volumes: [{ name: "scratch", emptyDir: {} }],
      containers: [sleeper("main", { securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }, volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] })],
    });
    try {
      assert.equal((await p.exec("main", "id -u")).stdout.trim(), "1000");
      assert.equal((await p.exec("main", "id -g")).stdout.trim(), "3000");
      assert.match((await p.exec("main", "id -G")).stdout, /\b4000\b/);
      const refused = await p.exec("main", "echo x > /rootfile 2>&1");
      assert.notEqual(refused.exitCode, 0);
      assert.match(refused.stdout + refused.stderr, /Read-only file system/);
      assert.equal((await p.exec("main", "echo ok > /scratch/f && cat /scratch/f")).stdout.trim(), "ok");
    } finally {
      await p.remove();
    }
  });

  test("a container port with a hostPort is published on the host; a configMap file replaces the web root's page", async () => {
    const hostPort = await freePort();
    await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "page", namespace: "default" }, data: { "index.html": "from a ConfigMap\n" } }, { managedBy: "mkapply" });
    const p = await runPod("webpod", {
      volumes: [{ name: "www", configMap: { name: "page" } }],
      containers: [{ name: "web", image: WEB_IMAGE_V1, ports: [{ containerPort: 80, hostPort }], volumeMounts: [{ name: "www", mountPath: "/www" }] }],
    });
    try {
      const body = await pollUntil(async () => {
        const r = await httpGet(`http://127.0.0.1:${hostPort}/`).catch(() => undefined);
        return r?.status === 200 ? r.body : undefined;
      }, { timeoutMs: 20_000, what: `the pod's page on host port ${hostPort}` });
      assert.equal(body, "from a ConfigMap\n");
    } finally {
      await p.remove();
    }
  });

  test("a PVC's podman volume keeps data across removal and re-creation of the pod; deleting the claim removes it", async () => {
    const binder = createVolumeBinder({ session, labels: rt.labels, retryMs: 50 });
    const claimRef = { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: "default", name: "data" };
    await store.create({ ...claimRef, metadata: { name: "data", namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }, { managedBy: "mkapply" });
    await binder.reconcile(claimRef, context());
    const claim = await store.get(claimRef);
    assert.equal((claim?.status as JsonObject).phase, "Bound");
    const volumeName = podmanVolumeName(rt.project, "default", "data");
    unwrap(await inspectVolume(rt.podman, volumeName), "the claim's podman volume");
    const spec = { volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }], containers: [sleeper("main", { volumeMounts: [{ name: "d", mountPath: "/data" }, { name: "d", mountPath: "/logs", subPath: "logs" }] })] };

    const first = await runPod("db-0", spec);
    try {
      assert.equal((await first.exec("main", "echo kept > /data/file && echo line > /logs/l")).exitCode, 0);
    } finally {
      await first.remove();
    }
    unwrap(await inspectVolume(rt.podman, volumeName), "the volume after the pod is gone");
    const second = await runPod("db-0", spec);
    try {
      assert.notEqual((second.pod.metadata as JsonObject).uid, (first.pod.metadata as JsonObject).uid);
      assert.equal((await second.exec("main", "cat /data/file")).stdout.trim(), "kept");
      assert.equal((await second.exec("main", "cat /data/logs/l")).stdout.trim(), "line");
      await store.delete(claimRef);
      assert.deepEqual(await binder.reconcile(claimRef, context()), { requeueAfterMs: 50 }, "in use: the claim waits");
      unwrap(await inspectVolume(rt.podman, volumeName), "the volume while in use");
    } finally {
      await second.remove();
    }
    await binder.reconcile(claimRef, context());
    assert.equal(await store.get(claimRef), undefined);
    const removed = await inspectVolume(rt.podman, volumeName);
    assert.ok(!removed.ok && removed.error.kind === "not-found");
  });
});
