/**
 * Lifecycle hooks and graceful termination on real podman: postStart-style handlers (exec,
 * httpGet, sleep), preStop before SIGTERM (proved by the order of lines in the container's log),
 * the grace period against a container that ignores SIGTERM (measured), grace 0, a preStop that
 * fails or overruns the grace period.
 */
import { after, before, describe, test } from "node:test";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import assert from "node:assert/strict";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1 } from "../../../src/runtime/test-images.js";
import { containerLogs, execInContainer, inspectContainer } from "../../../src/runtime/containers.js";
import { runLifecycleHandler } from "../../../src/kubelet/hooks/run-handler.js";
import { terminateContainer } from "../../../src/kubelet/hooks/terminate.js";
import { makePod, unwrap, type E2ePod } from "../probes/e2e-pod.js";

let rt: E2eRuntime;
let pod: E2ePod;

/** A shell that logs "TERM" and exits 0 on SIGTERM (sleeping in short steps so the trap runs at once). */
const TRAPS_TERM = ["sh", "-c", "trap 'echo TERM; exit 0' TERM; echo up; while true; do sleep 0.1; done"];
/** PID 1 without a handler: SIGTERM is ignored, only SIGKILL ends it. */
const IGNORES_TERM = ["sleep", "3600"];

async function waitForLog(container: string, text: string): Promise<string> {
  return pollUntil(async () => {
    const logs = await containerLogs(rt.podman, container);
    return logs.ok && logs.value.includes(text) ? logs.value : undefined;
  }, { timeoutMs: 20_000, what: `"${text}" in the log of ${container}` });
}

describe("lifecycle hooks and termination on real podman", () => {
  before(async () => {
    rt = await openE2eRuntime("e2e-hooks");
    pod = await makePod(rt, "hooked");
  });

  after(async () => {
    if (!rt) return;
    assert.deepEqual(await rt.close(), [], "everything the tests created is removed");
  });

  test("handlers: exec runs in the container, httpGet reaches the pod, sleep waits; failures carry the kubelet's messages", async () => {
    const web = await pod.run("web", { image: WEB_IMAGE_V1 });
    const ok = await runLifecycleHandler({ exec: { command: ["sh", "-c", "echo started > /tmp/poststart"] } }, web, rt.podman, 10_000);
    assert.deepEqual(ok, { ok: true });
    const written = unwrap(await execInContainer(rt.podman, web.podmanContainer, ["cat", "/tmp/poststart"], 10), "cat");
    assert.equal(written.stdout.trim(), "started");

    const failed = await runLifecycleHandler({ exec: { command: ["sh", "-c", "echo oops; exit 2"] } }, web, rt.podman, 10_000);
    assert.deepEqual(failed, {
      ok: false,
      message: `Exec lifecycle hook ([sh -c echo oops; exit 2]) for Container "web" in Pod "hooked_default(${web.podUid})" failed - error: command 'sh -c echo oops; exit 2' exited with 2: oops, message: "oops"`,
    });

    await pollUntil(async () => ((await runLifecycleHandler({ httpGet: { path: "/", port: 80 } }, web, rt.podman, 2000)).ok ? true : undefined), {
      timeoutMs: 20_000,
      what: "the httpGet hook reaching the web server",
    });
    const refused = await runLifecycleHandler({ httpGet: { path: "/hook", port: 81 } }, web, rt.podman, 2000);
    assert.deepEqual(refused, {
      ok: false,
      message: `HTTP lifecycle hook (/hook) for Container "web" in Pod "hooked_default(${web.podUid})" failed - error: Get "http://${web.podIP}:81/hook": dial tcp ${web.podIP}:81: connect: connection refused`,
    });

    const started = Date.now();
    assert.deepEqual(await runLifecycleHandler({ sleep: { seconds: 1 } }, web, rt.podman, 10_000), { ok: true });
    assert.ok(Date.now() - started >= 950, "sleep waited its second");
    const tcp = await runLifecycleHandler({ tcpSocket: { port: 80 } }, web, rt.podman, 1000);
    assert.equal(tcp.ok, false);
  });

  test("preStop runs before SIGTERM: its line precedes the TERM line in the container's log; the container ends on SIGTERM", async () => {
    const c = await pod.run("graceful", { image: BUSYBOX_IMAGE, command: TRAPS_TERM });
    await waitForLog(c.podmanContainer, "up");
    const result = await terminateContainer(rt.podman, {
      target: c,
      // Writes to PID 1's standard output: the container's log.
      preStop: { exec: { command: ["sh", "-c", "echo prestop > /proc/1/fd/1"] } },
      gracePeriodSeconds: 20,
    });
    assert.deepEqual(result.preStop, { ok: true });
    assert.equal(result.killed, false, "the trap ended it on SIGTERM, no SIGKILL");
    assert.ok(result.stoppedAfterMs < 10_000, `stopped soon after SIGTERM (${result.stoppedAfterMs} ms), not after the 20 s grace`);
    const lines = (await waitForLog(c.podmanContainer, "TERM")).split("\n").map((l) => l.trim()).filter((l) => l !== "");
    assert.deepEqual(lines, ["up", "prestop", "TERM"]);
    const state = unwrap(await inspectContainer(rt.podman, c.podmanContainer), "inspect");
    assert.equal(state.running, false);
    assert.equal(state.exitCode, 0);
  });

  test("an httpGet preStop (to a host server, via `host`) is sent while the container still runs", async () => {
    const c = await pod.run("webstop", { image: BUSYBOX_IMAGE, command: TRAPS_TERM });
    await waitForLog(c.podmanContainer, "up");
    const received: { path: string; at: number }[] = [];
    const server = createServer((req, res) => {
      received.push({ path: req.url ?? "", at: Date.now() });
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await terminateContainer(rt.podman, { target: c, preStop: { httpGet: { host: "127.0.0.1", path: "/prestop-hook", port } }, gracePeriodSeconds: 10 });
      assert.deepEqual(result.preStop, { ok: true });
      assert.equal(result.killed, false);
      const state = unwrap(await inspectContainer(rt.podman, c.podmanContainer), "inspect");
      assert.equal(state.running, false);
      assert.deepEqual(received.map((r) => r.path), ["/prestop-hook"]);
      assert.ok(state.finishedAt && received[0].at <= state.finishedAt.getTime(), "the hook's request came before the container ended");
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("a container that ignores SIGTERM is killed when the grace period runs out", async () => {
    const c = await pod.run("stubborn", { image: BUSYBOX_IMAGE, command: IGNORES_TERM });
    const result = await terminateContainer(rt.podman, { target: c, gracePeriodSeconds: 3 });
    assert.equal(result.killed, true);
    assert.equal(result.preStop, undefined);
    assert.ok(result.stoppedAfterMs >= 2900, `not before the grace period (${result.stoppedAfterMs} ms)`);
    assert.ok(result.stoppedAfterMs < 3000 + 7000, `soon after the grace period (${result.stoppedAfterMs} ms)`);
    assert.equal(unwrap(await inspectContainer(rt.podman, c.podmanContainer), "inspect").exitCode, 137);
  });

  test("grace period 0 kills at once", async () => {
    const c = await pod.run("forced", { image: BUSYBOX_IMAGE, command: IGNORES_TERM });
    const result = await terminateContainer(rt.podman, { target: c, gracePeriodSeconds: 0, preStop: { exec: { command: ["sh", "-c", "echo never > /proc/1/fd/1"] } } });
    assert.equal(result.killed, true);
    assert.equal(result.preStop, undefined, "no time for a preStop hook");
    assert.ok(result.stoppedAfterMs < 2000, `killed at once (${result.stoppedAfterMs} ms)`);
    const logs = unwrap(await containerLogs(rt.podman, c.podmanContainer), "logs");
    assert.ok(!logs.includes("never"));
  });

  test("a failing preStop is reported and termination goes on; a preStop that overruns the grace period gets 2 s more, then SIGKILL", async () => {
    const a = await pod.run("badhook", { image: BUSYBOX_IMAGE, command: TRAPS_TERM });
    await waitForLog(a.podmanContainer, "up");
    const failed = await terminateContainer(rt.podman, { target: a, preStop: { exec: { command: ["false"] } }, gracePeriodSeconds: 10 });
    assert.equal(failed.preStop?.ok, false);
    assert.match(failed.preStop?.message ?? "", /^Exec lifecycle hook \(\[false\]\) for Container "badhook" .* failed - error: command 'false' exited with 1/);
    assert.equal(failed.killed, false);
    assert.equal(unwrap(await inspectContainer(rt.podman, a.podmanContainer), "inspect").running, false);

    const b = await pod.run("slowhook", { image: BUSYBOX_IMAGE, command: IGNORES_TERM });
    const overran = await terminateContainer(rt.podman, { target: b, preStop: { exec: { command: ["sleep", "30"] } }, gracePeriodSeconds: 2 });
    assert.equal(overran.preStop?.ok, false);
    assert.equal(overran.preStop?.timedOut, true);
    assert.equal(overran.killed, true);
    // 2 s of preStop, then the 2 s extension before SIGKILL.
    assert.ok(overran.stoppedAfterMs >= 3900, `the hook's 2 s and the 2 s extension (${overran.stoppedAfterMs} ms)`);
    assert.ok(overran.stoppedAfterMs < 4000 + 7000, `then killed (${overran.stoppedAfterMs} ms)`);
  });

  test("terminating a container that is not running does nothing", async () => {
    const c = await pod.run("done", { image: BUSYBOX_IMAGE, command: ["true"] });
    await pollUntil(async () => {
      const s = await inspectContainer(rt.podman, c.podmanContainer);
      return s.ok && !s.value.running ? true : undefined;
    }, { timeoutMs: 20_000, what: "the container exiting" });
    const result = await terminateContainer(rt.podman, { target: c, preStop: { exec: { command: ["true"] } }, gracePeriodSeconds: 5 });
    assert.deepEqual(result.preStop, undefined);
    assert.equal(result.killed, false);
    assert.equal(unwrap(await inspectContainer(rt.podman, c.podmanContainer), "inspect").exitCode, 0);
  });
});
