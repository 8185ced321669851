import { test } from "node:test";
import assert from "node:assert/strict";
import { podSandboxSpec } from "../../../src/kubelet/pod-spec/sandbox.js";
import { podCreateArgs } from "../../../src/runtime/pod-sandbox.js";
import { LABEL } from "../../../src/runtime/labels.js";
import type { JsonObject } from "../../../src/schema/json.js";

const runtime = { project: "shop-1234abcd", network: "mk-shop-1234abcd" };

function pod(spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web-0", namespace: "prod", uid: "u-1", ...metadata }, spec };
}

test("a plain pod: podman pod name, labels with the controller owner, its name as alias and hostname", () => {
  const owner = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "ss-9", controller: true };
  const s = podSandboxSpec(pod({ containers: [{ name: "c", image: "i" }] }, { ownerReferences: [owner] }), runtime);
  assert.equal(s.name, "shop-1234abcd_prod_web-0");
  assert.equal(s.network, runtime.network);
  assert.deepEqual(s.aliases, ["web-0"]);
  assert.equal(s.hostname, "web-0");
  assert.equal(s.labels[LABEL.uid], "u-1");
  assert.equal(s.labels[LABEL.ownerUid], "ss-9");
  assert.equal(s.labels[LABEL.kind], "Pod");
  assert.equal(s.ports, undefined);
  assert.equal(s.hostAliases, undefined);
  assert.equal(s.shareProcessNamespace, undefined);
});

test("hostname + subdomain add the headless Service name `web-0.nginx`; hostname alone does not", () => {
  const both = podSandboxSpec(pod({ hostname: "web-0", subdomain: "nginx", containers: [] }), runtime);
  assert.deepEqual(both.aliases, ["web-0", "web-0.nginx"]);
  const hostOnly = podSandboxSpec(pod({ hostname: "db", containers: [] }), runtime);
  assert.deepEqual(hostOnly.aliases, ["web-0"]);
  assert.equal(hostOnly.hostname, "db");
});

test("every container port with a hostPort is published once; ports without one are not", () => {
  const s = podSandboxSpec(
    pod({
      containers: [
        { name: "a", image: "i", ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 9090 }] },
        { name: "b", image: "i", ports: [{ containerPort: 53, hostPort: 5353, protocol: "UDP", hostIP: "127.0.0.1" }, { containerPort: 80, hostPort: 8080 }] },
      ],
    }),
    runtime,
  );
  assert.deepEqual(s.ports, [
    { containerPort: 80, hostPort: 8080, protocol: "TCP" },
    { containerPort: 53, hostPort: 5353, protocol: "UDP", hostIP: "127.0.0.1" },
  ]);
  const args = podCreateArgs(s);
  assert.ok(args.includes("8080:80/tcp"));
  assert.ok(args.includes("127.0.0.1:5353:53/udp"));
});

test("hostAliases become --add-host lines and shareProcessNamespace shares the pid namespace", () => {
  const s = podSandboxSpec(pod({ shareProcessNamespace: true, hostAliases: [{ ip: "10.1.2.3", hostnames: ["foo.local", "bar.local"] }, { ip: "", hostnames: ["x"] }], containers: [] }), runtime);
  assert.deepEqual(s.hostAliases, [{ ip: "10.1.2.3", hostnames: ["foo.local", "bar.local"] }]);
  const args = podCreateArgs(s);
  assert.deepEqual(
    args.flatMap((a, i) => (a === "--add-host" ? [args[i + 1]] : [])),
    ["foo.local:10.1.2.3", "bar.local:10.1.2.3"],
  );
  assert.equal(args[args.indexOf("--share") + 1], "ipc,net,uts,pid");
});

test("extra runtime labels are added but never replace mk's own", () => {
  const s = podSandboxSpec(pod({ containers: [] }), { ...runtime, labels: { "io.mk.transient": "e2e", [LABEL.uid]: "forged" } });
  assert.equal(s.labels["io.mk.transient"], "e2e");
  assert.equal(s.labels[LABEL.uid], "u-1");
});

test("a pod name longer than 63 characters is cut to a valid hostname, as the kubelet cuts it", () => {
  const long = `${"a".repeat(62)}-bcd`;
  const s = podSandboxSpec(pod({ containers: [] }, { name: long }), runtime);
  assert.equal(s.hostname, "a".repeat(62));
  assert.deepEqual(s.aliases, [long]);
});
