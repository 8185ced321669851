/**
 * Probes on real podman: exec (podman exec), httpGet (from the host to the pod's IP, against the
 * web test image that serves its version), tcpSocket, and the ProbeManager's liveness and
 * readiness results over time. Periods are scaled (timeScale) so the test runs in seconds.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";
import { httpGet } from "../../e2e-support/net.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1 } from "../../../src/runtime/test-images.js";
import { execInContainer } from "../../../src/runtime/containers.js";
import { runProbe } from "../../../src/kubelet/probes/run-probe.js";
import { ProbeManager } from "../../../src/kubelet/probes/probe-manager.js";
import type { ProbeTarget } from "../../../src/kubelet/probes/probe-target.js";
import type { EventInput } from "../../../src/store/index.js";
import { makePod, unwrap } from "./e2e-pod.js";

let rt: E2eRuntime;
let web: ProbeTarget & { startedAt: Date };
let shell: ProbeTarget & { startedAt: Date };

describe("probes on real podman", () => {
  before(async () => {
    rt = await openE2eRuntime("e2e-probes");
    const pod = await makePod(rt, "probed");
    web = await pod.run("web", { image: WEB_IMAGE_V1 }, [{ name: "http", containerPort: 80 }]);
    shell = await pod.run("shell", { image: BUSYBOX_IMAGE, command: ["sleep", "3600"] });
    // The web server is up (a GET from the host to the pod's IP answers with its version).
    const body = await pollUntil(async () => (await httpGet(`http://${web.podIP}:80/`, 1000).catch(() => undefined))?.body, {
      timeoutMs: 20_000,
      what: "the web container answering on the pod IP",
    });
    assert.equal(body.trim(), "v1");
  });

  after(async () => {
    if (!rt) return;
    assert.deepEqual(await rt.close(), [], "everything the tests created is removed");
  });

  test("exec: exit 0 is success; another status is a failure carrying the output; a slow command times out", async () => {
    assert.deepEqual(await runProbe({ exec: { command: ["true"] } }, shell, rt.podman), { result: "success" });
    assert.deepEqual(await runProbe({ exec: { command: ["sh", "-c", "echo not healthy; exit 3"] } }, shell, rt.podman), {
      result: "failure",
      message: "not healthy",
    });
    assert.deepEqual(await runProbe({ exec: { command: ["false"] } }, shell, rt.podman), { result: "failure", message: 'command "false" exited with 1' });
    const started = Date.now();
    const slow = await runProbe({ exec: { command: ["sleep", "30"] }, timeoutSeconds: 1 }, shell, rt.podman);
    assert.deepEqual(slow, { result: "failure", message: 'command "sleep 30" timed out' });
    assert.ok(Date.now() - started < 10_000, "the timeout ended the probe long before the command would have");
  });

  test("httpGet: 200 from the web image by port number and by port name; 404 and a closed port fail with Kubernetes' messages", async () => {
    assert.deepEqual(await runProbe({ httpGet: { path: "/", port: 80 } }, web, rt.podman), { result: "success" });
    assert.deepEqual(await runProbe({ httpGet: { path: "/index.html", port: "http", httpHeaders: [{ name: "X-Probe", value: "1" }] } }, web, rt.podman), {
      result: "success",
    });
    assert.deepEqual(await runProbe({ httpGet: { path: "/missing", port: 80 } }, web, rt.podman), {
      result: "failure",
      message: "HTTP probe failed with statuscode: 404",
    });
    assert.deepEqual(await runProbe({ httpGet: { path: "/", port: 81 } }, web, rt.podman), {
      result: "failure",
      message: `Get "http://${web.podIP}:81/": dial tcp ${web.podIP}:81: connect: connection refused`,
    });
    assert.deepEqual(await runProbe({ httpGet: { port: "metrics" } }, web, rt.podman), { result: "failure", message: "couldn't find port: metrics in container web" });
  });

  test("tcpSocket: an open port succeeds, a closed one fails; grpc is reported as unsupported", async () => {
    assert.deepEqual(await runProbe({ tcpSocket: { port: 80 } }, web, rt.podman), { result: "success" });
    assert.deepEqual(await runProbe({ tcpSocket: { port: 81 } }, web, rt.podman), {
      result: "failure",
      message: `dial tcp ${web.podIP}:81: connect: connection refused`,
    });
    const grpc = await runProbe({ grpc: { port: 80 } }, web, rt.podman);
    assert.equal(grpc.result, "failure");
    assert.match(grpc.message ?? "", /not supported/);
  });

  test("exec into a container that has exited is a probe error (not counted), not a failure", async () => {
    const pod = await makePod(rt, "exited");
    const done = await pod.run("done", { image: BUSYBOX_IMAGE, command: ["true"] });
    await pollUntil(async () => {
      const r = await runProbe({ exec: { command: ["true"] } }, done, rt.podman);
      return r.errored ? r : undefined;
    }, { timeoutMs: 20_000, what: "the exec probe erroring once the container exited" });
  });

  test("ProbeManager: readiness follows a file in the container (ready, then not) and calls onChange; liveness crosses failureThreshold", async () => {
    const changes: string[] = [];
    const events: EventInput[] = [];
    const m = new ProbeManager({ podman: rt.podman, onChange: (uid) => changes.push(uid), recordEvent: async (e) => void events.push(e), timeScale: 0.2 });
    const tracked = { ...shell, pod: { namespace: "default", name: "probed", uid: shell.podUid } };
    try {
      m.track(tracked, {
        readiness: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 1, failureThreshold: 1 },
        liveness: { httpGet: { path: "/", port: 80 }, periodSeconds: 1, failureThreshold: 2 },
      });
      assert.equal(m.results(shell.podUid, "shell").ready, false);
      unwrap(await execInContainer(rt.podman, shell.podmanContainer, ["touch", "/tmp/ready"], 10), "touch");
      await pollUntil(async () => (m.results(shell.podUid, "shell").ready ? true : undefined), { timeoutMs: 20_000, what: "ready" });
      assert.ok(changes.length >= 1 && changes.every((u) => u === shell.podUid));
      const seen = changes.length;
      unwrap(await execInContainer(rt.podman, shell.podmanContainer, ["rm", "/tmp/ready"], 10), "rm");
      await pollUntil(async () => (m.results(shell.podUid, "shell").ready ? undefined : true), { timeoutMs: 20_000, what: "not ready again" });
      assert.ok(changes.length > seen, "onChange fired when readiness flipped back");
      const unhealthy = events.find((e) => e.reason === "Unhealthy");
      assert.match(unhealthy?.message ?? "", /^Readiness probe failed: cat: can't open '\/tmp\/ready': No such file or directory/);
      // The liveness probe (the web server, shared network namespace) stays healthy meanwhile.
      assert.equal(m.results(shell.podUid, "shell").livenessFailed, undefined);

      // A liveness probe against a port nobody serves fails twice and reports livenessFailed.
      m.track({ ...web, pod: { namespace: "default", name: "probed", uid: web.podUid } }, {
        liveness: { tcpSocket: { port: 8081 }, periodSeconds: 1, failureThreshold: 2 },
      });
      const failed = await pollUntil(async () => m.results(web.podUid, "web").livenessFailed, { timeoutMs: 20_000, what: "liveness failure" });
      assert.deepEqual(failed, { probe: "liveness", message: `dial tcp ${web.podIP}:8081: connect: connection refused` });
      const killing = events.filter((e) => e.reason === "Killing");
      assert.deepEqual(killing.map((e) => e.message), ["Container web failed liveness probe, will be restarted"]);
      assert.equal(killing[0].involvedObject.fieldPath, "spec.containers{web}");
    } finally {
      await m.stop();
    }
  });
});
