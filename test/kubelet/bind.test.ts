/** Binding on a real SQLite store (no podman): fits, Unschedulable with the scheduler's message, the kubelet's finalizer. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonObject } from "../../src/schema/json.js";
import { openStore, type Clock } from "../../src/store/index.js";
import type { ControlContext } from "../../src/control/reconciler.js";
import { schedulePod } from "../../src/kubelet/bind.js";
import { ensureNode } from "../../src/kubelet/node.js";

const dir = mkdtempSync(join(tmpdir(), "mk-kubelet-bind-"));
let now = new Date("2025-03-01T10:00:00Z");
const clock: Clock = { now: () => now };
const store = openStore({ path: join(dir, "state.db"), clock });
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
const ctx: ControlContext = { store, clock, recordEvent: async (e) => void (await store.recordEvent(e)), signal: new AbortController().signal, log: () => undefined };
const facts = { name: "box", cpuCount: 2, memoryBytes: 1 << 30, address: "10.0.0.2", arch: "amd64", kernel: "6.1" };

test("ensureNode registers the host once and does not rewrite an unchanged node", async () => {
  const node = await ensureNode(store, clock, facts);
  assert.equal((node.metadata as JsonObject).name, "box");
  assert.equal(((node.status as JsonObject).conditions as JsonObject[])[0].type, "Ready");
  now = new Date("2025-03-01T10:05:00Z");
  const again = await ensureNode(store, clock, facts);
  assert.equal((again.metadata as JsonObject).resourceVersion, (node.metadata as JsonObject).resourceVersion, "no write without a change");
});

test("a pod that fits is bound with the kubelet's finalizer; one that does not is Unschedulable", async () => {
  const node = (await store.get({ apiVersion: "v1", kind: "Node", name: "box" })) as JsonObject;
  const fits = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "ok", namespace: "default" }, spec: { containers: [{ name: "c", image: "i" }] } }, { managedBy: "mkapply" });
  const bound = (await schedulePod(fits, node, "box", ctx)) as JsonObject;
  assert.equal((bound.spec as JsonObject).nodeName, "box");
  assert.deepEqual((bound.metadata as JsonObject).finalizers, ["mk.io/kubelet"]);
  const events = await store.listEvents({ involvedUid: String((fits.metadata as JsonObject).uid) });
  assert.equal(events.items[0]?.message, "Successfully assigned default/ok to box");
  assert.deepEqual(events.items[0]?.source, { component: "default-scheduler" });

  const picky = await store.create(
    { apiVersion: "v1", kind: "Pod", metadata: { name: "picky", namespace: "default" }, spec: { nodeSelector: { disktype: "ssd" }, containers: [{ name: "c", image: "i" }] } },
    { managedBy: "mkapply" },
  );
  assert.equal(await schedulePod(picky, node, "box", ctx), undefined);
  const stored = (await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "picky" })) as JsonObject;
  assert.equal((stored.spec as JsonObject).nodeName, undefined);
  assert.deepEqual((stored.status as JsonObject).conditions, [
    {
      type: "PodScheduled",
      status: "False",
      lastProbeTime: null,
      lastTransitionTime: "2025-03-01T10:05:00Z",
      reason: "Unschedulable",
      message: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
    },
  ]);
  assert.equal((stored.status as JsonObject).phase, "Pending");
  const rv = (stored.metadata as JsonObject).resourceVersion;
  now = new Date("2025-03-01T10:06:00Z");
  assert.equal(await schedulePod(stored, node, "box", ctx), undefined);
  const again = (await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "picky" })) as JsonObject;
  assert.equal((again.metadata as JsonObject).resourceVersion, rv, "still unschedulable: no write");
  const failed = await store.listEvents({ involvedUid: String((picky.metadata as JsonObject).uid) });
  assert.equal(failed.items.find((e) => e.reason === "FailedScheduling")?.type, "Warning");
});

test("a Pod's delete records its grace period (spec.terminationGracePeriodSeconds, default 30)", async () => {
  const make = async (name: string, spec: JsonObject) =>
    store.create({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", finalizers: ["mk.io/kubelet"] }, spec: { containers: [], ...spec } }, { managedBy: "mkapply" });
  await make("g-default", {});
  await make("g-five", { terminationGracePeriodSeconds: 5 });
  await make("g-asked", { terminationGracePeriodSeconds: 5 });
  const grace = async (name: string, options = {}) =>
    ((await store.delete({ apiVersion: "v1", kind: "Pod", namespace: "default", name }, options)).object.metadata as JsonObject).deletionGracePeriodSeconds;
  assert.equal(await grace("g-default"), 30);
  assert.equal(await grace("g-five"), 5);
  assert.equal(await grace("g-asked", { gracePeriodSeconds: 0 }), 0, "--grace-period=0");
});
