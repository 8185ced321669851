/** The poller's change detection and mkplan's drift from ps rows (pure). */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import type { ContainerSummary } from "../../src/runtime/observe.js";
import { LABEL } from "../../src/runtime/labels.js";
import { changedPods, podSignatures } from "../../src/kubelet/podman-poller.js";
import { podDrift } from "../../src/kubelet/drift.js";
import { observePod } from "../../src/kubelet/observed.js";

function row(uid: string, id: string, state: string, extra: Partial<ContainerSummary> = {}, container = "app"): ContainerSummary {
  return {
    id,
    name: `n-${id}`,
    podId: "p",
    isInfra: false,
    state: state as ContainerSummary["state"],
    exitCode: 0,
    image: "img",
    imageId: "iid",
    labels: { [LABEL.uid]: uid, [LABEL.kind]: "Pod", [LABEL.namespace]: "default", [LABEL.name]: `pod-${uid}`, ...(container ? { [LABEL.container]: container } : {}) },
    createdAt: null,
    startedAt: new Date(1000),
    exitedAt: null,
    ...extra,
  };
}

test("pods whose containers changed, appeared or vanished are woken; unchanged ones are not", () => {
  const before = podSignatures([row("u1", "c1", "running"), row("u2", "c2", "running"), row("u3", "c3", "running")]);
  const after = podSignatures([row("u1", "c1", "running"), row("u2", "c2", "exited", { exitCode: 1 }), row("u4", "c4", "created")]);
  const woken = changedPods(before, after).map((k) => k.name).sort();
  assert.deepEqual(woken, ["pod-u2", "pod-u3", "pod-u4"]);
  assert.deepEqual(changedPods(after, after), []);
});

test("observePod: the infra container is the sandbox; containers by their spec name", () => {
  const observed = observePod([row("u1", "infra", "running", { isInfra: true }, ""), row("u1", "c1", "exited", { exitCode: 2 })]);
  assert.equal(observed.sandboxExists, true);
  assert.equal(observed.sandboxRunning, true);
  assert.deepEqual([...observed.containers.keys()], ["app"]);
  assert.equal(observed.containers.get("app")?.exitCode, 2);
  assert.equal(observePod([]).sandboxExists, false);
});

test("drift: a removed container, an exited one the status calls running, a removed sandbox", () => {
  const pod = (name: string, uid: string, statuses: JsonObject[]): JsonObject => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid },
    status: { containerStatuses: statuses },
  });
  const stored = [
    pod("a", "u1", [{ name: "app", containerID: "podman://c1", state: { running: {} } }]),
    pod("b", "u2", [{ name: "app", containerID: "podman://c2", state: { running: {} } }]),
    pod("c", "u3", [{ name: "app", containerID: "podman://c3", state: { running: {} } }]),
    pod("d", "u4", [{ name: "app", state: { waiting: { reason: "ContainerCreating" } } }]),
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } },
  ];
  const rows = [
    row("u1", "i1", "running", { isInfra: true }, ""),
    row("u1", "c1", "running"),
    row("u2", "i2", "running", { isInfra: true }, ""),
    row("u2", "c2", "exited", { exitCode: 137 }),
  ];
  assert.deepEqual(podDrift(stored, rows), [
    { ref: { apiVersion: "v1", kind: "Pod", namespace: "default", name: "b" }, change: "updated", details: ["container app exited (exit code 137)"] },
    { ref: { apiVersion: "v1", kind: "Pod", namespace: "default", name: "c" }, change: "updated", details: ["the podman pod was removed", "container app was removed"] },
  ]);
});
