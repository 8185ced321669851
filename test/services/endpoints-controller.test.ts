import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { openStore } from "../../src/store/open.js";
import { systemClock, type Store } from "../../src/store/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import type { ControlContext, Reconciler } from "../../src/control/reconciler.js";
import { createEndpointsController } from "../../src/services/endpoints-controller.js";
import { NODE_PORT_RANGE } from "../../src/services/node-ports.js";
import { RecordingPodman } from "../runtime/recording-podman.js";
import { freePort } from "../e2e-support/net.js";
import { pod, service } from "./fixtures.js";

let dir: string;
let store: Store;
let ctx: ControlContext;
const logs: string[] = [];

/** No podman objects at all: DNS sync lists nothing and changes nothing. */
const emptyPodman = () => new RecordingPodman([{ prefix: ["ps"], stdout: "[]" }]);
const session = (podman: RecordingPodman) => ({ podman, project: "proj", network: "mk-proj", containersConf: "" });
const ref = (name: string) => ({ apiVersion: "v1", kind: "Service", namespace: "default", name });

async function put(object: JsonObject): Promise<JsonObject> {
  const { status, ...rest } = object;
  const created = await store.create(rest, { managedBy: "mkapply" });
  return status ? store.updateStatus({ ...created, status }) : created;
}

function podKeys(controller: Reconciler, object: JsonObject) {
  const watch = controller.watches.find((w) => w.kind === "Pod");
  assert.ok(watch?.keys);
  return watch.keys(object, ctx);
}

describe("endpoint-controller (real store, no podman objects)", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mk-endpoints-"));
    store = openStore({ path: join(dir, "state.db") });
    ctx = {
      store,
      clock: systemClock,
      recordEvent: async (e) => {
        await store.recordEvent(e);
      },
      signal: new AbortController().signal,
      log: (m) => logs.push(m),
    };
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a Pod wakes the Services selecting it now, and those it matched before a label change", async () => {
    const controller = createEndpointsController({ session: session(emptyPodman()) });
    assert.equal(controller.name, "endpoint-controller");
    await put(service("web"));
    await put(service("db", { selector: { app: "db" } }));
    await put(service("other-ns", { namespace: "other" }));
    const p = await put(pod("p1", { labels: { app: "web" } }));
    assert.deepEqual((await podKeys(controller, p)).map((k) => k.name), ["web"]);
    const relabelled = { ...p, metadata: { ...(p.metadata as JsonObject), labels: { app: "db" } } };
    assert.deepEqual((await podKeys(controller, relabelled)).map((k) => k.name).sort(), ["db", "web"]);
    assert.deepEqual((await podKeys(controller, relabelled)).map((k) => k.name), ["db"], "the old Service is woken once");
  });

  test("NodePort: a free node port is written into the Service once; the proxy listens there until stopped", async () => {
    const controller = createEndpointsController({ session: session(emptyPodman()), random: () => 0 });
    const stop = controller.start?.(ctx, () => undefined);
    await put(service("np", { type: "NodePort", ports: [{ name: "http", port: 80 }] }));
    await controller.reconcile(ref("np"), ctx);
    const first = await store.get(ref("np"));
    const nodePort = (((first?.spec as JsonObject).ports as JsonObject[])[0].nodePort) as number;
    assert.ok(nodePort >= NODE_PORT_RANGE.min && nodePort <= NODE_PORT_RANGE.max);
    await controller.reconcile(ref("np"), ctx);
    const second = await store.get(ref("np"));
    assert.equal((second?.metadata as JsonObject).resourceVersion, (first?.metadata as JsonObject).resourceVersion, "no second write");
    // Something listens on the node port now (the proxy; with no endpoint it closes connections).
    const probe = createServer();
    const taken = await new Promise<boolean>((resolve) => {
      probe.once("error", () => resolve(true));
      probe.listen(nodePort, "127.0.0.1", () => probe.close(() => resolve(false)));
    });
    assert.equal(taken, true, `the proxy holds 127.0.0.1:${nodePort}`);
    await stop?.();
    const free = await new Promise<boolean>((resolve) => {
      const again = createServer();
      again.once("error", () => resolve(false));
      again.listen(nodePort, "127.0.0.1", () => again.close(() => resolve(true)));
    });
    assert.equal(free, true, "stopping the controller frees the port");
  });

  test("a node port in use: one Warning Event, and a retry is requested", async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    const controller = createEndpointsController({ session: session(emptyPodman()), retryMs: 1234 });
    const stop = controller.start?.(ctx, () => undefined);
    try {
      const svc = await put(service("busy", { type: "NodePort", ports: [{ port: 80, nodePort: port }] }));
      assert.deepEqual(await controller.reconcile(ref("busy"), ctx), { requeueAfterMs: 1234 });
      assert.deepEqual(await controller.reconcile(ref("busy"), ctx), { requeueAfterMs: 1234 });
      const events = await store.listEvents({ involvedUid: String((svc.metadata as JsonObject).uid) });
      const warnings = events.items.filter((e) => e.reason === "NodePortUnavailable");
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0].count ?? 1, 1, "recorded once, not repeated");
      assert.match(String(warnings[0].message), /address already in use/);
    } finally {
      await stop?.();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test("port ≠ targetPort: one Warning per Service, even from a new controller (after a restart)", async () => {
    const svc = await put(service("remap", { ports: [{ port: 80, targetPort: 8080 }] }));
    for (const controller of [createEndpointsController({ session: session(emptyPodman()) }), createEndpointsController({ session: session(emptyPodman()) })]) {
      await controller.reconcile(ref("remap"), ctx);
      await controller.reconcile(ref("remap"), ctx);
    }
    const events = await store.listEvents({ involvedUid: String((svc.metadata as JsonObject).uid) });
    const warnings = events.items.filter((e) => e.reason === "TargetPortDiffers");
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].count ?? 1, 1);
    assert.equal(warnings[0].type, "Warning");
    assert.equal((warnings[0].source as JsonObject).component, "endpoint-controller");
  });

  test("a UDP port on a NodePort Service: a Warning, no listener", async () => {
    const controller = createEndpointsController({ session: session(emptyPodman()) });
    const svc = await put(service("dns", { type: "NodePort", ports: [{ port: 53, protocol: "UDP", nodePort: 30053 }] }));
    assert.equal(await controller.reconcile(ref("dns"), ctx), undefined);
    const events = await store.listEvents({ involvedUid: String((svc.metadata as JsonObject).uid) });
    assert.deepEqual(events.items.map((e) => e.reason), ["NodePortUnsupported"]);
    assert.match(String(events.items[0].message), /UDP: mk forwards node ports for TCP only/);
  });

  test("a deleted Service closes its proxy and still syncs the namespace's DNS", async () => {
    const podman = emptyPodman();
    const controller = createEndpointsController({ session: session(podman) });
    const stop = controller.start?.(ctx, () => undefined);
    const port = await freePort();
    await put(service("gone", { type: "NodePort", ports: [{ port: 80, nodePort: port }] }));
    await controller.reconcile(ref("gone"), ctx);
    await store.delete(ref("gone"));
    const calls = podman.calls.length;
    assert.equal(await controller.reconcile(ref("gone"), ctx), undefined);
    assert.ok(podman.argv.slice(calls).some((a) => a[0] === "ps"), "the namespace's pods were looked at");
    const free = await new Promise<boolean>((resolve) => {
      const again = createServer();
      again.once("error", () => resolve(false));
      again.listen(port, "127.0.0.1", () => again.close(() => resolve(true)));
    });
    assert.equal(free, true);
    await stop?.();
  });
});
