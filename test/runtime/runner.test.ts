import { test } from "node:test";
import assert from "node:assert/strict";
import { createPodman, type PodmanCall } from "../../src/runtime/podman.js";

// The real execa runner, with node standing in for the podman program: argument arrays, the
// CONTAINERS_CONF variable, time limits and exit statuses, without needing podman.
const fake = createPodman({ containersConf: "/tmp/mk-test/containers.conf", binary: process.execPath });
const script = (code: string, extra: Partial<PodmanCall> = {}): PodmanCall => ({ args: ["-e", code], timeoutMs: 10_000, ...extra });

test("every call selects mk's containers.conf with CONTAINERS_CONF", async () => {
  const r = await fake.run(script("process.stdout.write(process.env.CONTAINERS_CONF)"));
  assert.deepEqual(r.ok && r.value.stdout, "/tmp/mk-test/containers.conf");
});

test("arguments arrive as given: no shell in between", async () => {
  const tricky = ["a b", "$HOME", "'quoted'", "; rm -rf /", "*"];
  const r = await fake.run({ args: ["-e", "process.stdout.write(JSON.stringify(process.argv.slice(1)))", ...tricky], timeoutMs: 10_000 });
  assert.deepEqual(r.ok && JSON.parse(r.value.stdout), tricky);
});

test("a call that outlives its time limit is killed and reported as a timeout", async () => {
  const started = Date.now();
  const r = await fake.run(script("setTimeout(() => {}, 60000)", { timeoutMs: 300 }));
  assert.equal(!r.ok && r.error.kind, "timeout");
  assert.ok(Date.now() - started < 10_000);
});

test("podman's failure text and status become a typed error", async () => {
  const r = await fake.run(script('process.stderr.write("Error: no container with name or ID \\"x\\" found: no such container\\n"); process.exit(125)'));
  assert.equal(!r.ok && r.error.kind, "not-found");
  assert.equal(!r.ok && r.error.exitCode, 125);
});

test("exec-style calls: the command's status is the result, podman's own failures are errors", async () => {
  const three = await fake.run(script("process.exit(3)", { exitCodeIsResult: true }));
  assert.equal(three.ok && three.value.exitCode, 3);
  const stopped = await fake.run(
    script('process.stderr.write("Error: can only create exec sessions on running containers: container state improper\\n"); process.exit(255)', { exitCodeIsResult: true }),
  );
  assert.equal(!stopped.ok && stopped.error.kind, "not-running");
  const plain255 = await fake.run(script('process.stderr.write("my probe says no\\n"); process.exit(255)', { exitCodeIsResult: true }));
  assert.equal(plain255.ok && plain255.value.exitCode, 255, "a command's own 255 is a result");
  const own = await fake.run(script("process.exit(125)", { exitCodeIsResult: true }));
  assert.equal(own.ok, false);
});

test("a missing podman program is a podman-missing error with the install command", async () => {
  const missing = createPodman({ containersConf: "/tmp/x.conf", binary: "/nonexistent/podman" });
  const r = await missing.run({ args: ["ps"], timeoutMs: 5000 });
  assert.equal(!r.ok && r.error.kind, "podman-missing");
  assert.match(!r.ok ? r.error.message : "", /apt-get install -y podman runc/);
});
