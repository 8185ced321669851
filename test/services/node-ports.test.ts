import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect, createServer } from "node:net";
import { allocateNodePorts, NODE_PORT_RANGE, usedNodePorts } from "../../src/services/node-ports.js";
import { NodePortProxy } from "../../src/services/tcp-proxy.js";
import { freePort } from "../e2e-support/net.js";
import { mulberry32 } from "../support/prng.js";
import { service } from "./fixtures.js";

const nodePorts = (s: { spec?: unknown }) => ((s.spec as { ports: { nodePort?: number }[] }).ports ?? []).map((p) => p.nodePort);

describe("node port allocation", () => {
  test("ports without nodePort get free ones from the range; given ones are kept", () => {
    const svc = service("web", { type: "NodePort", ports: [{ name: "a", port: 80 }, { name: "b", port: 81, nodePort: 30500 }] });
    const r = allocateNodePorts(svc, new Set([30500]), () => 0);
    assert.ok(r.ok);
    assert.deepEqual(nodePorts(r.service), [30000, 30500]);
    assert.deepEqual(r.allocated, [30000]);
    assert.equal(nodePorts(svc)[0], undefined, "the input is not changed");
  });

  test("taken ports are skipped, two ports of one Service never share one", () => {
    const svc = service("web", { type: "NodePort", ports: [{ name: "a", port: 80 }, { name: "b", port: 81 }] });
    const r = allocateNodePorts(svc, new Set([30000, 30001]), () => 0);
    assert.ok(r.ok);
    assert.deepEqual(nodePorts(r.service), [30002, 30003]);
  });

  test("random allocations stay in the range and avoid every used port", () => {
    const random = mulberry32(7);
    const used = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const r = allocateNodePorts(service(`s${i}`, { type: "NodePort" }), used, random);
      assert.ok(r.ok);
      const [port] = r.allocated;
      assert.ok(port >= NODE_PORT_RANGE.min && port <= NODE_PORT_RANGE.max, String(port));
      assert.equal(used.has(port), false);
      used.add(port);
    }
    assert.equal(usedNodePorts([]).size, 0);
  });

  test("a full range is an error", () => {
    const all = new Set<number>();
    for (let p = NODE_PORT_RANGE.min; p <= NODE_PORT_RANGE.max; p++) all.add(p);
    const r = allocateNodePorts(service("web", { type: "NodePort" }), all, () => 0.5);
    assert.equal(r.ok, false);
  });
});

/** A TCP server on 127.0.0.1 that answers every connection with `reply` and closes. */
async function replyServer(reply: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((s) => s.end(reply));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function fetchReply(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (data += d));
    socket.on("close", () => resolve(data));
    socket.on("error", reject);
  });
}


describe("NodePortProxy", () => {
  test("forwards connections round-robin over the backends; closes them when there is none", async () => {
    const one = await replyServer("one");
    const two = await replyServer("two");
    const proxy = new NodePortProxy("127.0.0.1", await freePort());
    try {
      assert.deepEqual(await proxy.listen(), { ok: true });
      assert.equal(await fetchReply(proxy.port), "", "no backend: closed at once");
      proxy.setBackends([{ ip: "127.0.0.1", port: one.port }, { ip: "127.0.0.1", port: two.port }]);
      const replies = [];
      for (let i = 0; i < 4; i++) replies.push(await fetchReply(proxy.port));
      assert.deepEqual(replies, ["one", "two", "one", "two"]);
      proxy.setBackends([{ ip: "127.0.0.1", port: two.port }]);
      assert.equal(await fetchReply(proxy.port), "two");
    } finally {
      await proxy.close();
      await one.close();
      await two.close();
    }
  });

  test("a port in use is reported, not thrown", async () => {
    const busy = await replyServer("busy");
    const proxy = new NodePortProxy("127.0.0.1", busy.port);
    try {
      const r = await proxy.listen();
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.code === "EADDRINUSE");
      assert.ok(!r.ok && r.message.includes("address already in use"));
    } finally {
      await proxy.close();
      await busy.close();
    }
  });
});
