import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyPodmanFailure, podmanErrorLine } from "../../src/runtime/podman-error.js";

// podman 4.3.1's own words, captured on this project's machines.
const samples: [string, string, string][] = [
  ["image-not-present", "create", "Error: localhost/mk/nope:1: image not known\n"],
  [
    "image-pull-failed",
    "pull",
    'Trying to pull docker.io/library/nginx:1.14.2...\nError: initializing source docker://nginx:1.14.2: pinging container registry registry-1.docker.io: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host\n',
  ],
  [
    "image-pull-failed",
    "pull",
    'time="2026-11-21T23:56:12Z" level=warning msg="Failed, retrying in 1s ... (1/3). Error: initializing source docker://localhost/mk/nope:1: pinging container registry localhost"\nError: initializing source docker://localhost/mk/nope:1: pinging container registry localhost: Get "https://localhost/v2/": dial tcp 127.0.0.1:443: connect: connection refused\n',
  ],
  [
    "name-in-use",
    "create",
    'Error: creating container storage: the container name "h7web" is already in use by d7f1f374bdca. You have to remove that container to be able to reuse that name: that name is already in use\n',
  ],
  ["name-in-use", "pod", 'Error: adding pod to state: name "h7pod" is in use: pod already exists\n'],
  ["not-found", "start", 'Error: no container with name or ID "nosuchctr" found: no such container\n'],
  ["not-found", "container", "Error: inspecting object: no such container nosuchctr\n"],
  ["not-found", "pod", "Error: no pod with name or ID nosuchpod found: no such pod\n"],
  ["not-found", "network", "Error: inspecting object: network mk-x: unable to find network with name or ID mk-x: network not found\n"],
  ["runtime-missing", "run", 'Error: default OCI runtime "nosuchruntime" not found: invalid argument\n'],
  ["runtime-unsupported", "run", "Error: OCI runtime error: crun: cgroups in hybrid mode not supported\n"],
  [
    "ulimit-denied",
    "run",
    "Error: runc: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: OCI permission denied\n",
  ],
  ["ulimit-denied", "run", "Error: OCI runtime error: runc: setrlimit RLIMIT_NOFILE: Operation not permitted\n"],
  [
    "command-not-found",
    "start",
    'Error: runc: runc create failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found\n',
  ],
  [
    "port-in-use",
    "pod",
    "Error: starting container ec68: cannot listen on the TCP port: listen tcp4 :18282: bind: address already in use\n",
  ],
  ["not-running", "exec", "Error: can only create exec sessions on running containers: container state improper\n"],
  ["failed", "volume", "Error: something new and strange\n"],
];

test("podman's error text becomes a typed error kind", () => {
  for (const [kind, command, stderr] of samples) {
    const error = classifyPodmanFailure([command, "x"], stderr, 125);
    assert.equal(error.kind, kind, stderr);
    assert.ok(error.message.length > 0);
    assert.equal(error.exitCode, 125);
  }
});

test("image errors name the image and say what happened", () => {
  const e = classifyPodmanFailure(["pull", "--quiet", "nginx:1.14.2"], samples[1][2], 125, "nginx:1.14.2");
  assert.equal(e.image, "nginx:1.14.2");
  assert.match(e.message, /^failed to pull image "nginx:1\.14\.2": initializing source/);
  assert.match(classifyPodmanFailure(["run"], samples[9][2], 125).message, /apt-get install -y runc/);
});

test("podmanErrorLine keeps podman's last error without decoration", () => {
  assert.equal(podmanErrorLine("Trying to pull x...\nError: boom\n"), "boom");
  assert.equal(podmanErrorLine('time="t" level=error msg="the \\"thing\\" broke"\n'), 'the "thing" broke');
  assert.equal(podmanErrorLine(""), "");
});

test("an unknown failure keeps podman's words and the command", () => {
  const e = classifyPodmanFailure(["volume", "create", "--label", "a=b", "v"], "Error: something new and strange\n", 125);
  assert.equal(e.message, "podman volume create failed (exit status 125): something new and strange");
});
