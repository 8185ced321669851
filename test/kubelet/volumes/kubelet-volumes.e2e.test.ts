/**
 * Volumes and config through the whole kubelet on real podman (the kubelet and the PVC binder
 * driven by the control loop): a missing ConfigMap holds a container in CreateContainerConfigError
 * until it is created; a configMap volume follows its ConfigMap while the pod runs; a claim's data
 * survives the deletion of the pod that wrote it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../../src/schema/json.js";
import { BUSYBOX_IMAGE } from "../../../src/runtime/test-images.js";
import { execInContainer } from "../../../src/runtime/containers.js";
import { podmanContainerName, podmanPodName, podmanVolumeName } from "../../../src/runtime/names.js";
import { inspectVolume } from "../../../src/runtime/volumes.js";
import { startControlLoop, type ControlLoop } from "../../../src/control/manager.js";
import { createVolumeBinder } from "../../../src/kubelet/volumes/pvc-binder.js";
import { pollUntil } from "../../e2e-support/poll.js";
import { conditionStatus, containerStatusOf, openKubeletRig, podRef, type KubeletRig } from "../harness.js";

let rig: KubeletRig;
let binderLoop: ControlLoop;

before(async () => {
  rig = await openKubeletRig("e2e-kubelet-volumes");
  binderLoop = startControlLoop({ store: rig.store, reconcilers: [createVolumeBinder({ session: rig.session, labels: rig.rt.labels, retryMs: 200 })], pollMs: 20, backoffMaxMs: 1000 });
});
after(async () => {
  await binderLoop.stop();
  const left = await rig.close();
  assert.deepEqual(left, [], "no podman objects left behind");
});

const sleeper = (extra: JsonObject = {}): JsonObject => ({ name: "main", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"], ...extra });

async function exec(pod: string, command: string): Promise<string | undefined> {
  const name = podmanContainerName(podmanPodName(rig.rt.project, "default", pod), "main");
  const r = await execInContainer(rig.rt.podman, name, ["sh", "-c", command], 10);
  return r.ok && r.value.exitCode === 0 ? r.value.stdout : undefined;
}

const ready = (p: JsonObject) => (conditionStatus(p, "Ready") === "True" ? p : undefined);

async function deletePod(name: string): Promise<void> {
  await rig.store.delete(podRef(name));
  await pollUntil(async () => ((await rig.getPod(name)) === undefined ? true : undefined), { timeoutMs: 60_000, what: `pod ${name} gone` });
}

test("a missing ConfigMap: CreateContainerConfigError with the kubelet's message, then Running once it exists", async () => {
  await rig.createPod({
    metadata: { name: "needs-config" },
    spec: { terminationGracePeriodSeconds: 1, containers: [sleeper({ env: [{ name: "MODE", valueFrom: { configMapKeyRef: { name: "late", key: "mode" } } }] })] },
  });
  const waiting = await rig.waitPod("needs-config", "CreateContainerConfigError", (p) => {
    const w = (containerStatusOf(p, "main")?.state as JsonObject | undefined)?.waiting as JsonObject | undefined;
    return w?.reason === "CreateContainerConfigError" ? w : undefined;
  });
  assert.equal(waiting.message, 'configmap "late" not found');
  await rig.store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: "default" }, data: { mode: "fast" } }, { managedBy: "mkapply" });
  await rig.waitPod("needs-config", "Ready", ready, 60_000);
  assert.equal((await exec("needs-config", "echo $MODE"))?.trim(), "fast");
  await deletePod("needs-config");
});

test("a configMap volume follows its ConfigMap while the pod runs", async () => {
  await rig.store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "site", namespace: "default" }, data: { "index.html": "v1" } }, { managedBy: "mkapply" });
  await rig.createPod({
    metadata: { name: "site" },
    spec: { terminationGracePeriodSeconds: 1, volumes: [{ name: "content", configMap: { name: "site" } }], containers: [sleeper({ volumeMounts: [{ name: "content", mountPath: "/www" }] })] },
  });
  await rig.waitPod("site", "Ready", ready, 60_000);
  assert.equal(await exec("site", "cat /www/index.html"), "v1");
  const cm = await rig.store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "site" });
  assert.ok(cm);
  await rig.store.update({ ...cm, data: { "index.html": "v2" } });
  const seen = await pollUntil(async () => ((await exec("site", "cat /www/index.html")) === "v2" ? "v2" : undefined), { timeoutMs: 30_000, what: "the new ConfigMap content inside the container" });
  assert.equal(seen, "v2");
  await deletePod("site");
});

test("a PVC is bound to a podman volume whose data survives the deletion of the pod", async () => {
  const claim = { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: "default", name: "data" };
  await rig.store.create({ ...claim, metadata: { name: "data", namespace: "default" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }, { managedBy: "mkapply" });
  const spec = { terminationGracePeriodSeconds: 1, volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }], containers: [sleeper({ volumeMounts: [{ name: "d", mountPath: "/data" }] })] };
  await rig.createPod({ metadata: { name: "writer" }, spec });
  await rig.waitPod("writer", "Ready", ready, 60_000);
  const bound = await rig.store.get(claim);
  assert.equal((bound?.status as JsonObject).phase, "Bound");
  assert.deepEqual((bound?.status as JsonObject).capacity, { storage: "1Gi" });
  assert.equal((await exec("writer", "echo survived > /data/proof && cat /data/proof"))?.trim(), "survived");
  await deletePod("writer");

  await rig.createPod({ metadata: { name: "reader" }, spec });
  await rig.waitPod("reader", "Ready", ready, 60_000);
  assert.equal((await exec("reader", "cat /data/proof"))?.trim(), "survived");

  await rig.store.delete(claim);
  assert.ok(await rig.store.get(claim), "the claim stays while a pod uses it (pvc-protection)");
  await deletePod("reader");
  await pollUntil(async () => ((await rig.store.get(claim)) === undefined ? true : undefined), { timeoutMs: 30_000, what: "the claim gone once unused" });
  const volume = await inspectVolume(rig.rt.podman, podmanVolumeName(rig.rt.project, "default", "data"));
  assert.ok(!volume.ok && volume.error.kind === "not-found", "its podman volume went with it");
});
