import { test } from "node:test";
import assert from "node:assert/strict";
import { createVolumeBinder, PROVISIONER } from "../../../src/kubelet/volumes/pvc-binder.js";
import { PVC_PROTECTION_FINALIZER } from "../../../src/kubelet/volumes/claim-status.js";
import type { ControlContext } from "../../../src/control/reconciler.js";
import type { EventInput, Store } from "../../../src/store/index.js";
import { LABEL } from "../../../src/runtime/labels.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openTestStore } from "../../store/harness.js";
import { FakeVolumePodman, fakeSession } from "./fake-volumes.js";

const claimRef = { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: "default", name: "data-web-0" };

function context(store: Store, events: EventInput[]): ControlContext {
  return { store, clock: { now: () => new Date("2026-01-01T00:00:00Z") }, recordEvent: async (e) => void events.push(e), signal: new AbortController().signal, log: () => {} };
}

async function setup() {
  const { store } = openTestStore();
  const podman = new FakeVolumePodman();
  const events: EventInput[] = [];
  const binder = createVolumeBinder({ session: fakeSession(podman), labels: { "io.mk.transient": "unit" }, retryMs: 123 });
  const ctx = context(store, events);
  await store.create({ ...claimRef, metadata: { name: claimRef.name, namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "standard", resources: { requests: { storage: "2Gi" } } } }, { managedBy: "mkapply" });
  return { store, podman, events, binder, ctx };
}

const usingPod = (phase = "Running"): JsonObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-0", namespace: "default" },
  spec: { containers: [{ name: "c", image: "i" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: claimRef.name } }] },
  status: { phase },
});

test("a claim gets the protection finalizer, a labelled podman volume and status Bound with its requested capacity", async () => {
  const { store, podman, events, binder, ctx } = await setup();
  await binder.reconcile(claimRef, ctx);
  const claim = await store.get(claimRef);
  assert.ok(claim);
  assert.deepEqual((claim.metadata as JsonObject).finalizers, [PVC_PROTECTION_FINALIZER]);
  assert.deepEqual(claim.status, { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "2Gi" } });
  const volume = podman.volumes.get("p-1_default_data-web-0");
  assert.ok(volume);
  assert.equal(volume.labels[LABEL.uid], (claim.metadata as JsonObject).uid);
  assert.equal(volume.labels[LABEL.kind], "PersistentVolumeClaim");
  assert.equal(volume.labels["io.mk.transient"], "unit");
  assert.deepEqual(events.map((e) => [e.type, e.reason, e.message]), [["Normal", "ProvisioningSucceeded", `Successfully provisioned volume pvc-${String((claim.metadata as JsonObject).uid)} using ${PROVISIONER}`]]);

  const version = (claim.metadata as JsonObject).resourceVersion;
  await binder.reconcile(claimRef, ctx);
  assert.equal(((await store.get(claimRef))?.metadata as JsonObject).resourceVersion, version, "a second pass writes nothing");
  assert.equal(events.length, 1);
});

test("a deleted claim stays while a running pod uses it; then its volume is removed and the claim goes", async () => {
  const { store, podman, binder, ctx } = await setup();
  await binder.reconcile(claimRef, ctx);
  await store.create(usingPod(), { managedBy: "controller" });
  const deleted = await store.delete(claimRef);
  assert.equal(deleted.removed, false, "the finalizer holds it");
  assert.deepEqual(await binder.reconcile(claimRef, ctx), { requeueAfterMs: 123 });
  assert.ok(await store.get(claimRef), "still Terminating while in use");
  assert.ok(podman.volumes.has("p-1_default_data-web-0"));

  const pod = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "web-0" });
  assert.ok(pod);
  await store.updateStatus({ ...pod, status: { phase: "Succeeded" } });
  await binder.reconcile(claimRef, ctx);
  assert.equal(await store.get(claimRef), undefined);
  assert.equal(podman.volumes.has("p-1_default_data-web-0"), false);
});

test("the binder never removes a same-named podman volume that is not this claim's", async () => {
  const { store, podman, binder, ctx } = await setup();
  await binder.reconcile(claimRef, ctx);
  const volume = podman.volumes.get("p-1_default_data-web-0");
  assert.ok(volume);
  volume.labels[LABEL.uid] = "someone-else";
  await store.delete(claimRef);
  await binder.reconcile(claimRef, ctx);
  assert.ok(podman.volumes.has("p-1_default_data-web-0"));
  assert.equal(await store.get(claimRef), undefined, "the claim is released anyway");
});

test("a provisioning failure is a ProvisioningFailed warning naming the class, retried", async () => {
  const { podman, events, binder, ctx } = await setup();
  podman.volumes.set("p-1_default_data-web-0", { name: "p-1_default_data-web-0", labels: { foreign: "yes" }, options: [] });
  assert.deepEqual(await binder.reconcile(claimRef, ctx), { requeueAfterMs: 123 });
  assert.equal(events[0]?.reason, "ProvisioningFailed");
  assert.match(events[0]?.message ?? "", /^Failed to provision volume with StorageClass "standard": podman volume p-1_default_data-web-0 exists but was not created by mk/);
});

test("a claim's podman volume removed behind mk's back is made again on the next pass (the binder resyncs)", async () => {
  const { podman, binder, ctx, events } = await setup();
  await binder.reconcile(claimRef, ctx);
  podman.volumes.clear();
  await binder.reconcile(claimRef, ctx);
  assert.ok(podman.volumes.has("p-1_default_data-web-0"));
  assert.deepEqual(events.map((e) => e.reason), ["ProvisioningSucceeded", "VolumeMissing"]);
  assert.equal(events[1]?.message, "podman volume p-1_default_data-web-0 was removed outside of mk; a new, empty one was made");
  assert.ok((binder.resyncMs ?? 0) > 0);
});

test("a Pod wakes the claims it names", async () => {
  const { binder, ctx } = await setup();
  const podWatch = binder.watches.find((w) => w.kind === "Pod");
  assert.ok(podWatch?.keys);
  assert.deepEqual(await podWatch.keys(usingPod(), ctx), [claimRef]);
});
