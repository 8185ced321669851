/**
 * The kubelet on real podman: a Pod with an init container and two app containers is bound,
 * initialized and reaches Running/Ready with the status Kubernetes reports.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1 } from "../../src/runtime/test-images.js";
import { listContainers } from "../../src/runtime/observe.js";
import { inspectContainers } from "../../src/runtime/containers.js";
import { inspectionSummary } from "../../src/runtime/container-inspect.js";
import { LABEL } from "../../src/runtime/labels.js";
import { pollUntil } from "../e2e-support/poll.js";
import { conditionStatus, containerStatusOf, openKubeletRig, phaseOf, type KubeletRig } from "./harness.js";

let rig: KubeletRig;
before(async () => {
  rig = await openKubeletRig("e2e-kubelet-run");
});
after(async () => {
  const left = await rig.close();
  assert.deepEqual(left, [], "no podman objects left behind");
});

test("an init container then two containers: Running and Ready, status as Kubernetes reports it", async () => {
  await rig.createPod({
    metadata: { name: "web" },
    spec: {
      restartPolicy: "Always",
      initContainers: [{ name: "setup", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "echo init done"] }],
      containers: [
        { name: "web", image: WEB_IMAGE_V1, imagePullPolicy: "IfNotPresent", ports: [{ containerPort: 80 }] },
        { name: "sidecar", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "sleep 3600"] },
      ],
    },
  });
  const pod = await rig.waitPod("web", "Ready", (p) => (conditionStatus(p, "Ready") === "True" ? p : undefined), 90_000);
  const status = pod.status as JsonObject;
  assert.equal(phaseOf(pod), "Running");
  assert.equal((pod.spec as JsonObject).nodeName, "mk-test-node", "bound to the node");
  assert.deepEqual(((pod.metadata as JsonObject).finalizers as string[]).includes("mk.io/kubelet"), true);
  for (const type of ["PodScheduled", "Initialized", "ContainersReady", "Ready"]) assert.equal(conditionStatus(pod, type), "True", type);
  assert.match(String(status.podIP), /^\d+\.\d+\.\d+\.\d+$/);
  assert.deepEqual(status.podIPs, [{ ip: status.podIP }]);
  assert.equal(typeof status.hostIP, "string");
  assert.match(String(status.startTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(status.qosClass, "BestEffort");

  const init = containerStatusOf(pod, "setup", true) as JsonObject;
  const terminated = (init.state as JsonObject).terminated as JsonObject;
  assert.equal(terminated.exitCode, 0);
  assert.equal(terminated.reason, "Completed");
  assert.equal(init.ready, true);
  assert.equal(init.restartCount, 0);

  const names = ((status.containerStatuses as JsonObject[]) ?? []).map((s) => s.name);
  assert.deepEqual(names, ["sidecar", "web"], "container statuses sorted by name");
  for (const name of ["web", "sidecar"]) {
    const s = containerStatusOf(pod, name) as JsonObject;
    assert.ok((s.state as JsonObject).running, `${name} running`);
    assert.equal(s.ready, true);
    assert.equal(s.started, true);
    assert.equal(s.restartCount, 0);
    assert.match(String(s.containerID), /^podman:\/\/[0-9a-f]{64}$/);
    assert.match(String(s.imageID), /^sha256:[0-9a-f]{64}$/);
  }
  // The init container ran to completion before the app containers started.
  const web = containerStatusOf(pod, "web") as JsonObject;
  assert.ok(String(((web.state as JsonObject).running as JsonObject).startedAt) >= String(terminated.finishedAt));

  const events = await rig.store.listEvents({ involvedUid: String((pod.metadata as JsonObject).uid) });
  const reasons = events.items.map((e) => `${e.reason}: ${e.message}`);
  assert.ok(reasons.includes("Scheduled: Successfully assigned default/web to mk-test-node"), reasons.join("\n"));
  assert.ok(reasons.includes("Started: Started container web"), reasons.join("\n"));
  assert.ok(reasons.includes(`Pulled: Container image "${BUSYBOX_IMAGE}" already present on machine`), reasons.join("\n"));

  // Deleting the pod stops its containers, removes the podman pod and then the Pod itself.
  await rig.store.delete({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "web" }, { gracePeriodSeconds: 1 });
  await pollUntil(async () => ((await rig.getPod("web")) === undefined ? true : undefined), { timeoutMs: 60_000, what: "pod web removed from the store" });
  const rows = await listContainers(rig.rt.podman, { [LABEL.project]: rig.rt.project, [LABEL.uid]: String((pod.metadata as JsonObject).uid) });
  assert.ok(rows.ok);
  assert.deepEqual(rows.value.map((r) => r.name), []);
});

test("a fresh pod's IP and its containers' state come from one inspect of its infra and containers", async () => {
  await rig.createPod({ metadata: { name: "single" }, spec: { containers: [{ name: "web", image: WEB_IMAGE_V1, imagePullPolicy: "Never" }] } });
  const pod = await rig.waitPod("single", "Running with an IP", (p) => (phaseOf(p) === "Running" && (p.status as JsonObject).podIP ? p : undefined));
  const podName = `${rig.rt.project}_default_single`;
  const inspects = rig.podmanCalls.filter((c) => c.args[0] === "container" && c.args[1] === "inspect" && c.args.includes(`${podName}-infra`));
  assert.equal(inspects.length, 1, "the infra container is inspected once");
  assert.ok(inspects[0].args.includes(`${podName}_web`), "together with the pod's container");
  const ip = String((pod.status as JsonObject).podIP);
  assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
  const web = containerStatusOf(pod, "web") as JsonObject;
  assert.ok((web.state as JsonObject).running, "the container is running");
  assert.match(String(web.containerID), /^podman:\/\//);
});

test("a container's inspect row and its ps row agree on its times (probes key a run by its start)", async () => {
  await rig.createPod({ metadata: { name: "agree" }, spec: { containers: [{ name: "web", image: WEB_IMAGE_V1, imagePullPolicy: "Never" }] } });
  await rig.waitPod("agree", "Running", (p) => (phaseOf(p) === "Running" ? p : undefined));
  const name = `${rig.rt.project}_default_agree_web`;
  const inspected = await inspectContainers(rig.rt.podman, [name]);
  assert.ok(inspected.ok);
  const fromInspect = inspectionSummary(inspected.value[0]);
  const listed = await listContainers(rig.rt.podman, { [LABEL.project]: rig.rt.project });
  assert.ok(listed.ok);
  const fromPs = listed.value.find((r) => r.name === name);
  assert.ok(fromPs, "ps shows the container");
  assert.equal(fromInspect.startedAt?.getTime(), fromPs.startedAt?.getTime());
  assert.equal(fromInspect.state, fromPs.state);
  assert.equal(fromInspect.imageId, fromPs.imageId);
});
