import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolvePodContainers, type PodContainerEnvironment } from "../../../src/kubelet/pod-spec/containers.js";
import type { ResolvedVolumes } from "../../../src/kubelet/volumes/resolved.js";
import { containerCreateArgs, type ContainerSpec } from "../../../src/runtime/container-spec.js";
import { LABEL } from "../../../src/runtime/labels.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openTestStore } from "../../store/harness.js";

const runtime = { project: "p-1", network: "mk-p-1" };
const node = { cpuMillis: 4000, memoryBytes: 8 * 1024 ** 3 };

function pod(spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", uid: "pod-uid-1", labels: { app: "web", tier: "front" }, annotations: { note: "a \"quoted\" one" }, ...metadata }, spec: { nodeName: "devbox", ...spec }, status: { hostIP: "192.168.1.5" } };
}

async function setup(volumes: ResolvedVolumes = {}) {
  const { store } = openTestStore();
  await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, data: { MODE: "prod", LEVEL: "3", "bad key": "x", "1st": "y" } }, { managedBy: "mkapply" });
  await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "other", namespace: "default" }, data: { MODE: "override" } }, { managedBy: "mkapply" });
  await store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { password: Buffer.from("s3cr3t-value").toString("base64") } }, { managedBy: "mkapply" });
  const env: PodContainerEnvironment = { store, runtime, podIP: "10.89.0.7", volumes, node };
  return { store, env };
}

function envOf(spec: ContainerSpec): Record<string, string> {
  return Object.fromEntries((spec.env ?? []).map((e) => [e.name, e.value]));
}

async function app(containers: JsonObject[], extra: JsonObject = {}, volumes: ResolvedVolumes = {}) {
  const { env } = await setup(volumes);
  const r = await resolvePodContainers(pod({ containers, ...extra }), env);
  return r;
}


test("env: envFrom merging, prefix, overriding and $(VAR) expansion against earlier variables only", async () => {
  const r = await app([
    {
      name: "c",
      image: "localhost/mk/busybox:1",
      envFrom: [{ configMapRef: { name: "cfg" } }, { configMapRef: { name: "other" } }, { prefix: "S_", secretRef: { name: "db" } }],
      env: [{ name: "URL", value: "http://$(MODE):$(LEVEL)/$(LATER)" }, { name: "LEVEL", value: "9" }, { name: "LATER", value: "x" }],
    },
  ]);
  assert.ok(r.ok, JSON.stringify(r));
  const e = envOf(r.app[0]!);
  assert.equal(e.MODE, "override");
  assert.equal(e.LEVEL, "9");
  assert.equal(e.S_password, "s3cr3t-value");
  assert.equal(e["bad key"], undefined);
  assert.equal(e["1st"], undefined);
  assert.equal(e.URL, "http://override:3/$(LATER)");
  assert.deepEqual(r.warnings, ["Keys [1st, bad key] from the EnvFrom configMap default/cfg were skipped since they are considered invalid environment variable names."]);
});

test("env valueFrom: configMapKeyRef, secretKeyRef, fieldRef and resourceFieldRef", async () => {
  const r = await app([
    {
      name: "c",
      image: "i",
      resources: { limits: { memory: "128Mi", cpu: "500m" }, requests: { cpu: "250m" } },
      env: [
        { name: "MODE", valueFrom: { configMapKeyRef: { name: "cfg", key: "MODE" } } },
        { name: "PW", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        { name: "UID", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } },
        { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: "NOTE", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
        { name: "NONE", valueFrom: { fieldRef: { fieldPath: "metadata.labels['absent']" } } },
        { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        { name: "SA", valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } } },
        { name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "HOST", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
        { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
        { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
        { name: "CPU_M", valueFrom: { resourceFieldRef: { resource: "requests.cpu", divisor: "1m" } } },
        { name: "MEM_REQ", valueFrom: { resourceFieldRef: { resource: "requests.memory" } } },
        { name: "EPH", valueFrom: { resourceFieldRef: { resource: "limits.ephemeral-storage" } } },
      ],
    },
    { name: "d", image: "i", env: [{ name: "NODE_MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Gi" } } }, { name: "NODE_CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } }, { name: "C_MEM", valueFrom: { resourceFieldRef: { containerName: "c", resource: "limits.memory" } } }] },
  ]);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(envOf(r.app[0]!), {
    MODE: "prod",
    PW: "s3cr3t-value",
    POD: "web",
    NS: "default",
    UID: "pod-uid-1",
    APP: "web",
    NOTE: 'a "quoted" one',
    NONE: "",
    NODE: "devbox",
    SA: "default",
    IP: "10.89.0.7",
    HOST: "192.168.1.5",
    MEM: "128",
    CPU: "1",
    CPU_M: "250",
    MEM_REQ: String(128 * 1024 * 1024),
    EPH: "0",
  });
  assert.deepEqual(envOf(r.app[1]!), { NODE_MEM: "8", NODE_CPU: "4", C_MEM: String(128 * 1024 * 1024) });
});

test("missing sources and keys: CreateContainerConfigError with the kubelet's message, naming the container", async () => {
  const cases: [JsonObject, string][] = [
    [{ valueFrom: { configMapKeyRef: { name: "nope", key: "k" } } }, 'configmap "nope" not found'],
    [{ valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }, 'secret "nope" not found'],
    [{ valueFrom: { configMapKeyRef: { name: "cfg", key: "k" } } }, "couldn't find key k in ConfigMap default/cfg"],
    [{ valueFrom: { secretKeyRef: { name: "db", key: "user" } } }, "couldn't find key user in Secret default/db"],
    [{ valueFrom: { fieldRef: { fieldPath: "spec.bogus" } } }, "unsupported fieldPath: spec.bogus"],
  ];
  for (const [ref, message] of cases) {
    const r = await app([{ name: "ok", image: "i" }, { name: "bad", image: "i", env: [{ name: "X", ...ref }] }]);
    assert.deepEqual(r, { ok: false, container: "bad", reason: "CreateContainerConfigError", message });
  }
  const from = await app([{ name: "c", image: "i", envFrom: [{ secretRef: { name: "gone" } }] }]);
  assert.deepEqual(from, { ok: false, container: "c", reason: "CreateContainerConfigError", message: 'secret "gone" not found' });
});

test("optional references to missing objects or keys leave the variable out", async () => {
  const r = await app([
    {
      name: "c",
      image: "i",
      envFrom: [{ configMapRef: { name: "nope", optional: true } }],
      env: [
        { name: "A", valueFrom: { configMapKeyRef: { name: "nope", key: "k", optional: true } } },
        { name: "B", valueFrom: { configMapKeyRef: { name: "cfg", key: "k", optional: true } } },
        { name: "C", valueFrom: { secretKeyRef: { name: "db", key: "k", optional: true } } },
        { name: "D", value: "" },
      ],
    },
  ]);
  assert.ok(r.ok);
  assert.deepEqual(envOf(r.app[0]!), { D: "" });
});

test("errors never carry a secret's value", async () => {
  const r = await app([{ name: "c", image: "i", env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "db", key: "missing" } } }] }]);
  assert.ok(!r.ok);
  assert.ok(!r.message.includes("s3cr3t"));
});

test("command and args: $(VAR) expanded with the container's env; names, labels, image, workingDir, grace", async () => {
  const r = await app(
    [{ name: "main", image: "localhost/mk/busybox:1", workingDir: "/srv", env: [{ name: "MSG", value: "hi" }], command: ["sh", "-c"], args: ["echo $(MSG) $$(MSG) $(UNSET)"] }],
    { terminationGracePeriodSeconds: 5, initContainers: [{ name: "setup", image: "localhost/mk/busybox:1", command: ["true"] }] },
  );
  assert.ok(r.ok);
  const main = r.app[0]!;
  assert.deepEqual(main.command, ["sh", "-c"]);
  assert.deepEqual(main.args, ["echo hi $(MSG) $(UNSET)"]);
  assert.equal(main.name, "p-1_default_web_main");
  assert.equal(main.pod, "p-1_default_web");
  assert.equal(main.labels[LABEL.container], "main");
  assert.equal(main.labels[LABEL.uid], "pod-uid-1");
  assert.equal(main.workingDir, "/srv");
  assert.equal(main.stopTimeoutSeconds, 5);
  assert.equal(r.init.length, 1);
  assert.equal(r.init[0]!.name, "p-1_default_web_setup");
  assert.equal(r.init[0]!.stopTimeoutSeconds, 5);
  const args = containerCreateArgs(main);
  assert.deepEqual(args.slice(-2), ["localhost/mk/busybox:1", "echo hi $(MSG) $(UNSET)"], "image, then args");
  assert.equal(args[args.indexOf("--entrypoint") + 1], '["sh","-c"]');
  const none = await app([{ name: "c", image: "i" }]);
  assert.ok(none.ok);
  assert.equal(none.app[0]!.command, undefined);
  assert.equal(none.app[0]!.stopTimeoutSeconds, 30);
});

test("resources: quantities to bytes and millicores, requests default to limits", async () => {
  const r = await app([
    { name: "a", image: "i", resources: { limits: { memory: "1Gi", cpu: "1.5" }, requests: { memory: "100M", cpu: "100m" } } },
    { name: "b", image: "i", resources: { limits: { memory: "64Mi", cpu: 2 } } },
    { name: "c", image: "i" },
  ]);
  assert.ok(r.ok);
  assert.deepEqual(r.app[0]!.resources, { memoryLimitBytes: 1024 ** 3, cpuLimitMillis: 1500, memoryRequestBytes: 100_000_000, cpuRequestMillis: 100 });
  assert.deepEqual(r.app[1]!.resources, { memoryLimitBytes: 64 * 1024 ** 2, cpuLimitMillis: 2000, memoryRequestBytes: 64 * 1024 ** 2, cpuRequestMillis: 2000 });
  assert.deepEqual(r.app[2]!.resources, {});
  const args = containerCreateArgs(r.app[0]!);
  assert.equal(args[args.indexOf("--memory") + 1], String(1024 ** 3));
  assert.equal(args[args.indexOf("--cpus") + 1], "1.5");
});

test("securityContext: the container's fields win over the pod's; runAsNonRoot with user 0 refuses", async () => {
  const r = await app(
    [
      { name: "a", image: "i", securityContext: { runAsUser: 1000, privileged: true, readOnlyRootFilesystem: true } },
      { name: "b", image: "i" },
    ],
    { securityContext: { runAsUser: 2000, runAsGroup: 3000 } },
  );
  assert.ok(r.ok);
  assert.deepEqual(r.app[0]!.securityContext, { runAsUser: 1000, runAsGroup: 3000, privileged: true, readOnlyRootFilesystem: true });
  assert.deepEqual(r.app[1]!.securityContext, { runAsUser: 2000, runAsGroup: 3000 });
  const args = containerCreateArgs(r.app[0]!);
  assert.equal(args[args.indexOf("--user") + 1], "1000:3000");
  assert.ok(args.includes("--privileged") && args.includes("--read-only"));
  const caps = await app([{ name: "a", image: "i", securityContext: { capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] }, allowPrivilegeEscalation: false } }], { securityContext: { supplementalGroups: [10, 20], fsGroup: 20 } });
  assert.ok(caps.ok);
  assert.deepEqual(caps.app[0]!.securityContext, { capabilitiesAdd: ["NET_ADMIN"], capabilitiesDrop: ["ALL"], noNewPrivileges: true, supplementalGroups: [10, 20] });
  const capArgs = containerCreateArgs(caps.app[0]!);
  assert.deepEqual(capArgs.slice(capArgs.indexOf("--cap-drop"), capArgs.indexOf("--cap-drop") + 10), ["--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "--security-opt", "no-new-privileges", "--group-add", "10", "--group-add", "20"]);
  const root = await app([{ name: "a", image: "i", securityContext: { runAsUser: 0 } }], { securityContext: { runAsNonRoot: true } });
  assert.ok(!root.ok);
  assert.match(root.message, /container's runAsUser breaks non-root policy/);
});

test("volumeMounts: host folders bound, podman volumes named, readOnly from mount or volume, subPath made and bound", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-mounts-"));
  const volumes: ResolvedVolumes = {
    cache: { kind: "host", path: join(dir, "cache"), readOnly: false, source: "emptyDir" },
    cfg: { kind: "host", path: join(dir, "cfg"), readOnly: true, source: "configMap" },
    data: { kind: "podman", volume: "p-1_default_data", mountpoint: join(dir, "vol"), readOnly: false, source: "persistentVolumeClaim" },
  };
  const r = await app(
    [
      {
        name: "c",
        image: "i",
        env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        volumeMounts: [
          { name: "cache", mountPath: "/cache" },
          { name: "cache", mountPath: "/ro-cache", readOnly: true },
          { name: "cfg", mountPath: "/etc/app" },
          { name: "data", mountPath: "/data" },
          { name: "data", mountPath: "/logs", subPathExpr: "logs/$(POD)" },
          { name: "cache", mountPath: "/sub", subPath: "a/b" },
        ],
      },
    ],
    {},
    volumes,
  );
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.app[0]!.mounts, [
    { type: "bind", source: join(dir, "cache"), target: "/cache", readOnly: false },
    { type: "bind", source: join(dir, "cache"), target: "/ro-cache", readOnly: true },
    { type: "bind", source: join(dir, "cfg"), target: "/etc/app", readOnly: true },
    { type: "volume", source: "p-1_default_data", target: "/data", readOnly: false },
    { type: "bind", source: join(dir, "vol", "logs", "web"), target: "/logs", readOnly: false },
    { type: "bind", source: join(dir, "cache", "a", "b"), target: "/sub", readOnly: false },
  ]);
  assert.ok(statSync(join(dir, "vol", "logs", "web")).isDirectory());
  const args = containerCreateArgs(r.app[0]!);
  assert.ok(args.includes(`type=bind,source=${join(dir, "cfg")},destination=/etc/app,ro=true`));
  assert.ok(args.includes("type=volume,source=p-1_default_data,destination=/data"));
});

test("volumeMounts: a subPath naming an existing file (a configMap key) binds that file and creates nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-mounts-"));
  writeFileSync(join(dir, "app.conf"), "x");
  const volumes: ResolvedVolumes = { cfg: { kind: "host", path: dir, readOnly: true, source: "configMap" } };
  const r = await app([{ name: "c", image: "i", volumeMounts: [{ name: "cfg", mountPath: "/etc/app.conf", subPath: "app.conf" }] }], {}, volumes);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.app[0]!.mounts, [{ type: "bind", source: join(dir, "app.conf"), target: "/etc/app.conf", readOnly: true }]);
  assert.ok(statSync(join(dir, "app.conf")).isFile());
});

test("volumeMounts: an unknown volume or a subPath leaving its volume is a config error", async () => {
  const volumes: ResolvedVolumes = { cache: { kind: "host", path: "/tmp/x", readOnly: false, source: "emptyDir" } };
  const unknown = await app([{ name: "c", image: "i", volumeMounts: [{ name: "nope", mountPath: "/x" }] }], {}, volumes);
  assert.ok(!unknown.ok);
  assert.equal(unknown.message, 'cannot find volume "nope" to mount into container "c"');
  const memory = await app([{ name: "c", image: "i", volumeMounts: [{ name: "mem", mountPath: "/x", subPath: "a" }] }], {}, { mem: { kind: "podman", volume: "v", mountpoint: "/var/lib/v", readOnly: false, source: "emptyDir" } });
  assert.ok(!memory.ok);
  assert.equal(memory.message, 'subPath on the memory-backed emptyDir "mem" is not supported by mk');
  for (const subPath of ["../etc", "/abs", "a/../../b"]) {
    const r = await app([{ name: "c", image: "i", volumeMounts: [{ name: "cache", mountPath: "/x", subPath }] }], {}, volumes);
    assert.ok(!r.ok, subPath);
    assert.match(r.message, /must be a relative path inside the volume/);
  }
});
