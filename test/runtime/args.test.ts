import { test } from "node:test";
import assert from "node:assert/strict";
import { containerCreateArgs, cpuShares, millisToCpus, type ContainerSpec } from "../../src/runtime/container-spec.js";
import { podCreateArgs, publishArg } from "../../src/runtime/pod-sandbox.js";
import { containerLabels, labelArgs, labelFilterArgs, LABEL, matchesSelector, objectLabels } from "../../src/runtime/labels.js";

const pod = { uid: "0b7c-uid", namespace: "shop", name: "web-0", kind: "Pod", ownerUid: "sts-uid" };

function valuesAfter(args: readonly string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
}

test("containerCreateArgs: command and args stay whole arguments, never a shell string", () => {
  const spec: ContainerSpec = {
    name: "p_shop_web-0_main",
    pod: "p_shop_web-0",
    labels: containerLabels("p", pod, "main"),
    image: "localhost/mk/busybox:1",
    command: ["sh", "-c"],
    args: ["echo 'a b' && exit 3", "--not-a-podman-flag"],
  };
  const args = containerCreateArgs(spec);
  assert.equal(args[0], "create");
  assert.deepEqual(JSON.parse(valuesAfter(args, "--entrypoint")[0]), ["sh", "-c"]);
  const imageAt = args.indexOf("localhost/mk/busybox:1");
  assert.deepEqual(args.slice(imageAt + 1), ["echo 'a b' && exit 3", "--not-a-podman-flag"], "args follow the image verbatim");
  assert.deepEqual(valuesAfter(args, "--pull"), ["never"], "images are never pulled by create");
  assert.deepEqual(valuesAfter(args, "--pod"), ["p_shop_web-0"]);
});

test("containerCreateArgs: args alone keep the image's entrypoint; nothing adds an entrypoint", () => {
  const args = containerCreateArgs({ name: "c", pod: "p", labels: { [LABEL.project]: "p" }, image: "img:1", args: ["-f", "x"] });
  assert.ok(!args.includes("--entrypoint"));
  assert.deepEqual(args.slice(args.indexOf("img:1")), ["img:1", "-f", "x"]);
  const bare = containerCreateArgs({ name: "c", pod: "p", labels: { [LABEL.project]: "p" }, image: "img:1", command: [] });
  assert.equal(bare.at(-1), "img:1", "an empty command is no command");
});

test("containerCreateArgs: every mk label is passed, sorted, one --label each", () => {
  const labels = containerLabels("proj-1", pod, "main");
  const args = containerCreateArgs({ name: "c", pod: "p", labels, image: "img:1" });
  assert.deepEqual(valuesAfter(args, "--label"), [
    "io.mk.container=main",
    "io.mk.kind=Pod",
    "io.mk.name=web-0",
    "io.mk.namespace=shop",
    "io.mk.owner-uid=sts-uid",
    "io.mk.project=proj-1",
    "io.mk.uid=0b7c-uid",
  ]);
});

test("containerCreateArgs: env, working dir, resources and security context", () => {
  const args = containerCreateArgs({
    name: "c",
    pod: "p",
    labels: { [LABEL.project]: "p" },
    image: "img:1",
    env: [
      { name: "A", value: "x=y, z" },
      { name: "EMPTY", value: "" },
    ],
    workingDir: "/srv",
    resources: { memoryLimitBytes: 67108864, memoryRequestBytes: 33554432, cpuLimitMillis: 500, cpuRequestMillis: 250 },
    securityContext: { runAsUser: 1000, runAsGroup: 3000, privileged: true, readOnlyRootFilesystem: true },
    stopTimeoutSeconds: 30,
  });
  assert.deepEqual(valuesAfter(args, "--env"), ["A=x=y, z", "EMPTY="], "always NAME=VALUE (a bare NAME would copy the host's variable)");
  assert.deepEqual(valuesAfter(args, "--workdir"), ["/srv"]);
  assert.deepEqual(valuesAfter(args, "--memory"), ["67108864"]);
  assert.deepEqual(valuesAfter(args, "--memory-swap"), ["67108864"], "no swap beyond the limit");
  assert.deepEqual(valuesAfter(args, "--memory-reservation"), ["33554432"]);
  assert.deepEqual(valuesAfter(args, "--cpus"), ["0.5"]);
  assert.deepEqual(valuesAfter(args, "--cpu-shares"), ["256"]);
  assert.deepEqual(valuesAfter(args, "--user"), ["1000:3000"]);
  assert.ok(args.includes("--privileged"));
  assert.ok(args.includes("--read-only") && args.includes("--read-only-tmpfs=false"));
  assert.deepEqual(valuesAfter(args, "--stop-timeout"), ["30"]);
  assert.ok(args.indexOf("img:1") > args.indexOf("--read-only"), "options come before the image");
});

test("cpu conversions follow the kubelet", () => {
  assert.equal(millisToCpus(1500), "1.5");
  assert.equal(millisToCpus(250), "0.25");
  assert.equal(cpuShares(1000), 1024);
  assert.equal(cpuShares(1), 2, "at least 2 shares");
});

test("podCreateArgs: infra name, labels, network, aliases, published ports, exit policy", () => {
  const args = podCreateArgs({
    name: "p_shop_web-0",
    labels: objectLabels("p", pod),
    network: "mk-p",
    aliases: ["web-0", "web-0.nginx"],
    hostname: "x".repeat(80),
    ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 5353, protocol: "UDP", hostIP: "127.0.0.1" }],
  });
  assert.deepEqual(args.slice(0, 2), ["pod", "create"]);
  assert.deepEqual(valuesAfter(args, "--infra-name"), ["p_shop_web-0-infra"]);
  assert.deepEqual(valuesAfter(args, "--network"), ["mk-p"]);
  assert.deepEqual(valuesAfter(args, "--network-alias"), ["web-0", "web-0.nginx"]);
  assert.deepEqual(valuesAfter(args, "--publish"), ["8080:80/tcp", "127.0.0.1:5353:53/udp"]);
  assert.equal(valuesAfter(args, "--hostname")[0].length, 63);
  assert.deepEqual(valuesAfter(args, "--exit-policy"), ["continue"]);
  assert.equal(valuesAfter(args, "--label").length, 6);
  assert.equal(publishArg({ containerPort: 80, hostPort: 80, hostIP: "::1" }), "[::1]:80:80/tcp");
});

test("labels: filters are ANDed label filters; commas and empty selectors are refused", () => {
  assert.deepEqual(labelFilterArgs({ "io.mk.uid": "u", "io.mk.project": "p" }), ["--filter", "label=io.mk.project=p", "--filter", "label=io.mk.uid=u"]);
  assert.throws(() => labelFilterArgs({}), /every podman object/);
  assert.throws(() => labelFilterArgs({ "io.mk.name": "a,b" }), /comma/);
  assert.deepEqual(labelArgs({ b: "2", a: "1" }), ["--label", "a=1", "--label", "b=2"]);
});

test("labels: objectLabels tie the object to its store object and project", () => {
  const labels = objectLabels("proj", { uid: "u1", namespace: "", name: "data", kind: "PersistentVolumeClaim" });
  assert.deepEqual(labels, {
    "io.mk.project": "proj",
    "io.mk.uid": "u1",
    "io.mk.namespace": "",
    "io.mk.name": "data",
    "io.mk.kind": "PersistentVolumeClaim",
    "io.mk.owner-uid": "",
  });
  assert.equal(matchesSelector(labels, { "io.mk.project": "proj" }), true);
  assert.equal(matchesSelector(labels, { "io.mk.project": "other" }), false);
  assert.equal(matchesSelector(undefined, { "io.mk.project": "proj" }), false);
  assert.equal(matchesSelector(labels, {}), false, "an empty selector owns nothing");
});
