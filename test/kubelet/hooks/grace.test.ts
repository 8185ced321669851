import { test } from "node:test";
import assert from "node:assert/strict";
import { secondsUntilKill } from "../../../src/kubelet/hooks/grace.js";
import { resolvePort } from "../../../src/kubelet/probes/container-port.js";

test("the grace period left for SIGTERM after preStop, at least 2 s; 0 kills at once", () => {
  assert.equal(secondsUntilKill(30), 30);
  assert.equal(secondsUntilKill(30, 4_500), 26, "whole seconds of the hook are subtracted");
  assert.equal(secondsUntilKill(5, 5_000), 2, "a hook that used the whole grace period gets the 2 s extension");
  assert.equal(secondsUntilKill(5, 60_000), 2);
  assert.equal(secondsUntilKill(1), 2, "the kubelet's minimal shutdown window");
  assert.equal(secondsUntilKill(0), 0);
  assert.equal(secondsUntilKill(0, 1000), 0);
});

test("a probe's port: number, numeric string, or a container port's name", () => {
  const target = { podUid: "u", containerName: "web", podmanContainer: "c", podIP: "10.0.0.2", ports: [{ name: "http", containerPort: 8080 }] };
  assert.deepEqual(resolvePort(80, target), { port: 80 });
  assert.deepEqual(resolvePort("http", target), { port: 8080 });
  assert.deepEqual(resolvePort("9090", target), { port: 9090 });
  assert.deepEqual(resolvePort("metrics", target), { error: "couldn't find port: metrics in container web" });
  assert.ok("error" in resolvePort(70000, target));
  assert.ok("error" in resolvePort(undefined, target));
});
