/**
 * httpGet and tcpSocket probes against a local HTTP server (no podman): status ranges, headers,
 * the kubelet's redirect rules, time limits, refused connections, and the hook runner's httpGet.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { runProbe } from "../../../src/kubelet/probes/run-probe.js";
import { runLifecycleHandler } from "../../../src/kubelet/hooks/run-handler.js";
import type { Podman } from "../../../src/runtime/podman.js";
import { freePort } from "../../e2e-support/net.js";

const noPodman: Podman = { run: () => Promise.reject(new Error("no podman in this test")) };
let server: Server;
let port: number;
let lastHeaders: IncomingHttpHeaders = {};

function target(p = port) {
  return { podUid: "uid-1", containerName: "web", podmanContainer: "c", podIP: "127.0.0.1", ports: [{ name: "http", containerPort: p }], pod: { namespace: "default", name: "web" } };
}

describe("httpGet and tcpSocket probes (local server)", () => {
  before(async () => {
    server = createServer((req, res) => {
      lastHeaders = req.headers;
      const path = req.url ?? "/";
      if (path === "/ok") return void res.writeHead(200).end("fine");
      if (path === "/created") return void res.writeHead(204).end();
      if (path === "/bad") return void res.writeHead(500).end("bad");
      if (path === "/to-ok") return void res.writeHead(302, { Location: "/ok" }).end();
      if (path === "/to-bad") return void res.writeHead(301, { Location: `http://127.0.0.1:${port}/bad` }).end();
      if (path === "/elsewhere") return void res.writeHead(302, { Location: "http://example.invalid/bad" }).end();
      if (path.startsWith("/loop")) return void res.writeHead(302, { Location: `/loop${path.length}` }).end();
      if (path === "/hang") return; // never answers
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("2xx is success; headers carry the kube-probe User-Agent and the probe's httpHeaders", async () => {
    const ok = await runProbe({ httpGet: { path: "/ok", port: "http", httpHeaders: [{ name: "X-Check", value: "yes" }, { name: "Host", value: "web.local" }] } }, target(), noPodman);
    assert.deepEqual(ok, { result: "success" });
    assert.equal(lastHeaders["user-agent"], "kube-probe/mk");
    assert.equal(lastHeaders["x-check"], "yes");
    assert.equal(lastHeaders.host, "web.local");
    assert.deepEqual(await runProbe({ httpGet: { path: "created", port } }, target(), noPodman), { result: "success" }, "a path without its slash");
  });

  test("4xx and 5xx fail with the status code", async () => {
    assert.deepEqual(await runProbe({ httpGet: { path: "/bad", port } }, target(), noPodman), { result: "failure", message: "HTTP probe failed with statuscode: 500" });
    assert.deepEqual(await runProbe({ httpGet: { path: "/nothing", port } }, target(), noPodman), { result: "failure", message: "HTTP probe failed with statuscode: 404" });
  });

  test("redirects: followed on the same host, not to another host (the 3xx is the answer), at most 10", async () => {
    assert.deepEqual(await runProbe({ httpGet: { path: "/to-ok", port } }, target(), noPodman), { result: "success" });
    assert.deepEqual(await runProbe({ httpGet: { path: "/to-bad", port } }, target(), noPodman), { result: "failure", message: "HTTP probe failed with statuscode: 500" });
    assert.deepEqual(await runProbe({ httpGet: { path: "/elsewhere", port } }, target(), noPodman), { result: "success" });
    const loop = await runProbe({ httpGet: { path: "/loop", port } }, target(), noPodman);
    assert.equal(loop.result, "failure");
    assert.match(loop.message ?? "", /^Get "http:\/\/127\.0\.0\.1:\d+\/loop\d+": stopped after 10 redirects$/);
  });

  test("a server that does not answer within timeoutSeconds fails with Go's deadline message", async () => {
    const started = Date.now();
    const r = await runProbe({ httpGet: { path: "/hang", port }, timeoutSeconds: 1 }, target(), noPodman);
    assert.deepEqual(r, { result: "failure", message: `Get "http://127.0.0.1:${port}/hang": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
    const took = Date.now() - started;
    assert.ok(took >= 950 && took < 5000, `about one second (${took} ms)`);
  });

  test("tcpSocket: open port succeeds, a closed port is refused", async () => {
    assert.deepEqual(await runProbe({ tcpSocket: { port: "http" } }, target(), noPodman), { result: "success" });
    const closed = await freePort();
    assert.deepEqual(await runProbe({ tcpSocket: { port: closed } }, target(), noPodman), { result: "failure", message: `dial tcp 127.0.0.1:${closed}: connect: connection refused` });
    const r = await runProbe({ httpGet: { path: "/", port: closed } }, target(), noPodman);
    assert.deepEqual(r, { result: "failure", message: `Get "http://127.0.0.1:${closed}/": dial tcp 127.0.0.1:${closed}: connect: connection refused` });
  });

  test("a lifecycle httpGet succeeds whatever the status (the kubelet ignores it) and fails only when the request fails", async () => {
    assert.deepEqual(await runLifecycleHandler({ httpGet: { path: "/bad", port } }, target(), noPodman, 2000), { ok: true });
    assert.equal(lastHeaders["user-agent"], "kube-lifecycle/mk");
    const closed = await freePort();
    const r = await runLifecycleHandler({ httpGet: { path: "/stop", port: closed } }, target(), noPodman, 2000);
    assert.deepEqual(r, {
      ok: false,
      message: `HTTP lifecycle hook (/stop) for Container "web" in Pod "web_default(uid-1)" failed - error: Get "http://127.0.0.1:${closed}/stop": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
  });
});
