/**
 * The kubelet's watches on real podman: a container waiting for a missing ConfigMap
 * (CreateContainerConfigError) starts once the ConfigMap is created; a configMap volume's file
 * changes inside the running container when the ConfigMap changes; env from status.podIP sees the
 * pod's address; an unschedulable pod is bound once the Node gets the label it selects.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { BUSYBOX_IMAGE } from "../../src/runtime/test-images.js";
import { execInContainer } from "../../src/runtime/containers.js";
import { pollUntil } from "../e2e-support/poll.js";
import { conditionStatus, containerStatusOf, openKubeletRig, phaseOf, type KubeletRig } from "./harness.js";

let rig: KubeletRig;
before(async () => {
  rig = await openKubeletRig("e2e-kubelet-config", { backoffBaseMs: 500 });
});
after(async () => {
  const left = await rig.close();
  assert.deepEqual(left, [], "no podman objects left behind");
});

function containerId(pod: JsonObject, name: string): string | undefined {
  const s = containerStatusOf(pod, name);
  return s && (s.state as JsonObject).running ? String(s.containerID).slice("podman://".length) : undefined;
}

async function execOut(id: string, command: string): Promise<string> {
  const r = await execInContainer(rig.rt.podman, id, ["sh", "-c", command], 10);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.stdout.trim();
}

const configMap = (data: Record<string, string>): JsonObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "default" }, data });

test("a missing ConfigMap: CreateContainerConfigError, then the container starts once it exists", async () => {
  await rig.createPod({
    metadata: { name: "configured" },
    spec: {
      containers: [
        {
          name: "app",
          image: BUSYBOX_IMAGE,
          imagePullPolicy: "Never",
          command: ["sleep", "3600"],
          env: [{ name: "GREETING", valueFrom: { configMapKeyRef: { name: "settings", key: "greeting" } } }],
        },
      ],
    },
  });
  const waiting = await rig.waitPod("configured", "CreateContainerConfigError", (p) => {
    const w = (containerStatusOf(p, "app")?.state as JsonObject | undefined)?.waiting as JsonObject | undefined;
    return w?.reason === "CreateContainerConfigError" ? w : undefined;
  });
  assert.equal(waiting.message, 'configmap "settings" not found');
  await rig.store.create(configMap({ greeting: "hello" }), { managedBy: "mkapply" });
  const id = await rig.waitPod("configured", "running", (p) => containerId(p, "app"), 60_000);
  assert.equal(await execOut(id, "echo $GREETING"), "hello");
});

test("a configMap volume's file changes inside the running container when the ConfigMap changes", async () => {
  await rig.createPod({
    metadata: { name: "mounted" },
    spec: {
      volumes: [{ name: "cfg", configMap: { name: "settings" } }],
      containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"], volumeMounts: [{ name: "cfg", mountPath: "/etc/settings" }] }],
    },
  });
  const id = await rig.waitPod("mounted", "running", (p) => containerId(p, "app"), 60_000);
  assert.equal(await execOut(id, "cat /etc/settings/greeting"), "hello");
  const stored = (await rig.store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "settings" })) as JsonObject;
  await rig.store.update({ ...stored, data: { greeting: "bonjour" } });
  await pollUntil(async () => ((await execOut(id, "cat /etc/settings/greeting")) === "bonjour" ? true : undefined), {
    timeoutMs: 30_000,
    what: "the configMap volume's file to change",
  });
  const configured = (await rig.getPod("configured")) as JsonObject;
  assert.equal(await execOut(containerId(configured, "app") as string, "echo $GREETING"), "hello", "env is read once, at container creation (as in Kubernetes)");
});

test("env from status.podIP sees the pod's address", async () => {
  await rig.createPod({
    metadata: { name: "addressed" },
    spec: {
      containers: [
        { name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"], env: [{ name: "MY_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }] },
      ],
    },
  });
  const pod = await rig.waitPod("addressed", "Ready", (p) => (conditionStatus(p, "Ready") === "True" ? p : undefined));
  const ip = String((pod.status as JsonObject).podIP);
  assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
  assert.equal(await execOut(containerId(pod, "app") as string, "echo $MY_IP"), ip);
});

test("an unschedulable pod is bound once the Node gets the label it selects", async () => {
  await rig.createPod({
    metadata: { name: "picky" },
    spec: { nodeSelector: { disktype: "ssd" }, containers: [{ name: "app", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }] },
  });
  const pending = await rig.waitPod("picky", "Unschedulable", (p) => {
    const c = ((p.status as JsonObject | undefined)?.conditions as JsonObject[] | undefined)?.find((x) => x.type === "PodScheduled");
    return c?.reason === "Unschedulable" ? c : undefined;
  });
  assert.equal(pending.message, "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.");
  const node = (await rig.store.get({ apiVersion: "v1", kind: "Node", name: "mk-test-node" })) as JsonObject;
  const metadata = node.metadata as JsonObject;
  await rig.store.update({ ...node, metadata: { ...metadata, labels: { ...(metadata.labels as JsonObject), disktype: "ssd" } } });
  const running = await rig.waitPod("picky", "Running", (p) => (phaseOf(p) === "Running" ? p : undefined));
  assert.equal((running.spec as JsonObject).nodeName, "mk-test-node");
  assert.equal(conditionStatus(running, "PodScheduled"), "True");
});
