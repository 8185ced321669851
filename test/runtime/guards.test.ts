import { test } from "node:test";
import assert from "node:assert/strict";
import { RecordingPodman } from "./recording-podman.js";
import { createContainer, removeContainer, stopContainer, execInContainer } from "../../src/runtime/containers.js";
import { removePodSandbox, createPodSandbox } from "../../src/runtime/pod-sandbox.js";
import { removeNetwork, ensureNetwork } from "../../src/runtime/network.js";
import { ensureImage, imageWaitingReason } from "../../src/runtime/images.js";
import { removeLabelled } from "../../src/runtime/cleanup.js";

const ours = { "io.mk.project": "p1" };
const inspectWith = (labels: Record<string, string>) => JSON.stringify([{ Id: "abc123", Name: "c", Config: { Labels: labels }, State: { Status: "running" } }]);

test("removeContainer refuses a container without mk's labels and never calls rm", async () => {
  const podman = new RecordingPodman([{ prefix: ["container", "inspect"], stdout: inspectWith({ "io.mk.project": "someone-else" }) }]);
  const r = await removeContainer(podman, "c", ours);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.kind, "not-owned");
  assert.match(!r.ok ? r.error.message : "", /refusing to remove container c/);
  assert.ok(!podman.argv.some((a) => a[0] === "rm"), JSON.stringify(podman.argv));
});

test("removeContainer removes by id what it inspected, and a missing container is 'absent'", async () => {
  const podman = new RecordingPodman([{ prefix: ["container", "inspect"], stdout: inspectWith({ "io.mk.project": "p1", other: "x" }) }]);
  const r = await removeContainer(podman, "c", ours);
  assert.deepEqual(r, { ok: true, value: "removed" });
  assert.deepEqual(podman.argv.at(-1), ["rm", "--force", "--time", "0", "abc123"]);

  const gone = new RecordingPodman([{ prefix: ["container", "inspect"], stderr: "Error: inspecting object: no such container c\n", exitCode: 125 }]);
  assert.deepEqual(await removeContainer(gone, "c", ours), { ok: true, value: "absent" });
});

test("removePodSandbox and removeNetwork refuse foreign objects", async () => {
  const pod = new RecordingPodman([{ prefix: ["pod", "inspect"], stdout: JSON.stringify({ Id: "pod1", Name: "x", Labels: {} }) }]);
  assert.equal((await removePodSandbox(pod, "x", ours)).ok, false);
  assert.ok(!pod.argv.some((a) => a[1] === "rm"));
  const net = new RecordingPodman([{ prefix: ["network", "inspect"], stdout: JSON.stringify([{ name: "podman", labels: {} }]) }]);
  assert.equal((await removeNetwork(net, "podman", ours)).ok, false);
  assert.ok(!net.argv.some((a) => a[1] === "rm"));
});

test("ensureNetwork will not adopt a same-named network of someone else", async () => {
  const podman = new RecordingPodman([{ prefix: ["network", "inspect"], stdout: JSON.stringify([{ name: "mk-p1", dns_enabled: true, labels: { owner: "me" } }]) }]);
  const r = await ensureNetwork(podman, "mk-p1", ours);
  assert.equal(!r.ok && r.error.kind, "not-owned");
  assert.ok(!podman.argv.some((a) => a[1] === "create"));
});

test("removeLabelled needs a project selector", async () => {
  await assert.rejects(() => removeLabelled(new RecordingPodman(), { "io.mk.kind": "Pod" }), /io\.mk\.project/);
});

test("every call has a time limit; stop waits for its grace period plus slack", async () => {
  const podman = new RecordingPodman();
  await stopContainer(podman, "c", 45);
  assert.deepEqual(podman.calls[0].args, ["stop", "--time", "45", "c"]);
  assert.ok(podman.calls[0].timeoutMs > 45_000);
  await execInContainer(podman, "c", ["cat", "/tmp/ready"], 3);
  assert.deepEqual(podman.calls[1].args, ["exec", "c", "cat", "/tmp/ready"]);
  assert.equal(podman.calls[1].timeoutMs, 3000);
  for (const call of podman.calls) assert.ok(Number.isFinite(call.timeoutMs) && call.timeoutMs > 0);
});

test("a failed pod create removes the half-made pod podman 4.3 can leave behind, when it is ours", async () => {
  const podman = new RecordingPodman([
    { prefix: ["pod", "create"], stderr: "Error: unable to find network with name or ID mk-x: network not found\n", exitCode: 125 },
    { prefix: ["pod", "inspect"], stdout: JSON.stringify({ Id: "half", Name: "p", Labels: ours }) },
  ]);
  const r = await createPodSandbox(podman, { name: "p", labels: ours, network: "mk-x", aliases: [] });
  assert.equal(!r.ok && r.error.kind, "not-found");
  assert.deepEqual(podman.argv.at(-1), ["pod", "rm", "--force", "--time", "0", "half"]);
});

test("ensureImage follows imagePullPolicy", async () => {
  const present = new RecordingPodman([{ prefix: ["image", "exists"], exitCode: 0 }]);
  assert.deepEqual(await ensureImage(present, "img:1", "IfNotPresent"), { ok: true, value: { pulled: false } });
  assert.ok(!present.argv.some((a) => a[0] === "pull"));

  const absent = new RecordingPodman([{ prefix: ["image", "exists"], exitCode: 1 }]);
  const never = await ensureImage(absent, "img:1", "Never");
  assert.equal(!never.ok && imageWaitingReason(never.error)?.message, 'Container image "img:1" is not present with pull policy of Never');
  assert.ok(!absent.argv.some((a) => a[0] === "pull"));

  const always = new RecordingPodman([{ prefix: ["pull"], stderr: 'Error: initializing source docker://img:1: reading manifest 1 in docker.io/library/img: manifest unknown\n', exitCode: 125 }]);
  const pulled = await ensureImage(always, "img:1", "Always");
  assert.deepEqual(always.argv, [["pull", "--quiet", "img:1"]], "Always pulls without looking first");
  assert.equal(!pulled.ok && imageWaitingReason(pulled.error)?.reason, "ErrImagePull");
});

test("createContainer passes the image so that image failures name it", async () => {
  const podman = new RecordingPodman([{ prefix: ["create"], stderr: "Error: localhost/mk/nope:1: image not known\n", exitCode: 125 }]);
  const r = await createContainer(podman, { name: "c", pod: "p", labels: ours, image: "localhost/mk/nope:1" });
  assert.equal(!r.ok && r.error.kind, "image-not-present");
  assert.equal(!r.ok && r.error.image, "localhost/mk/nope:1");
});
