import { test } from "node:test";
import assert from "node:assert/strict";
import { decideDaemonSet, daemonPod, nodeFit, scaledValue } from "../../../src/controllers/daemonset/index.js";
import type { JsonObject } from "../../../src/schema/json.js";

const NOW = new Date("2025-03-01T10:10:00Z");

function ds(podSpec: JsonObject = {}, spec: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "fluentd", namespace: "kube-system", uid: "ds-uid", generation: 1 },
    spec: { selector: { matchLabels: { name: "fluentd" } }, template: { metadata: { labels: { name: "fluentd" } }, spec: { containers: [{ name: "fluentd" }], ...podSpec } }, ...spec },
  };
}

function node(name: string, labels: Record<string, string> = {}, taints: JsonObject[] = []): JsonObject {
  return { apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } }, spec: taints.length > 0 ? { taints } : {} };
}

function pod(name: string, nodeName: string, hash = "h1", state: "ready" | "pending" | "failed" = "ready", created = "2025-03-01T10:00:00Z"): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "kube-system", uid: `uid-${name}`, creationTimestamp: created, labels: { name: "fluentd", "controller-revision-hash": hash } },
    spec: { nodeName },
    status: { phase: state === "pending" ? "Pending" : state === "failed" ? "Failed" : "Running", conditions: [{ type: "Ready", status: state === "ready" ? "True" : "False", lastTransitionTime: "2025-03-01T10:00:00Z" }] },
  };
}

const names = (objects: JsonObject[]) => objects.map((o) => String((o.metadata as JsonObject).name ?? (o.spec as JsonObject).nodeName));
const nodesOf = (objects: JsonObject[]) => objects.map((o) => String((o.spec as JsonObject).nodeName));

test("eligibility: nodeSelector, required node affinity, taints and tolerations", () => {
  const master = node("m", { "node-role.kubernetes.io/master": "" }, [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }]);
  assert.deepEqual(nodeFit((ds().spec as JsonObject).template as JsonObject, master), { shouldRun: false, shouldContinueRunning: true });
  const tolerating = (ds({ tolerations: [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }] }).spec as JsonObject).template as JsonObject;
  assert.deepEqual(nodeFit(tolerating, master), { shouldRun: true, shouldContinueRunning: true });
  const evicting = node("e", {}, [{ key: "dedicated", value: "db", effect: "NoExecute" }]);
  assert.deepEqual(nodeFit((ds().spec as JsonObject).template as JsonObject, evicting), { shouldRun: false, shouldContinueRunning: false });
  const existsAll = (ds({ tolerations: [{ operator: "Exists" }] }).spec as JsonObject).template as JsonObject;
  assert.equal(nodeFit(existsAll, evicting).shouldRun, true);
  // The daemon tolerations: an unschedulable node still runs daemons.
  assert.equal(nodeFit((ds().spec as JsonObject).template as JsonObject, node("u", {}, [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }])).shouldRun, true);
  const selective = (ds({ nodeSelector: { disk: "ssd" } }).spec as JsonObject).template as JsonObject;
  assert.equal(nodeFit(selective, node("a", { disk: "ssd" })).shouldRun, true);
  assert.equal(nodeFit(selective, node("b", { disk: "hdd" })).shouldRun, false);
  const affinity = (ds({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] }, { matchFields: [{ key: "metadata.name", operator: "In", values: ["special"] }] }] } } } }).spec as JsonObject).template as JsonObject;
  assert.deepEqual(["zone-a", "zone-c", "special"].map((n, i) => nodeFit(affinity, node(n, i < 2 ? { zone: n.slice(-1) } : {})).shouldRun), [true, false, true]);
});

test("one pod per eligible node, bound to it with the node affinity and daemon tolerations", () => {
  const d = decideDaemonSet({ daemonSet: ds({ nodeSelector: { logs: "yes" } }), nodes: [node("a", { logs: "yes" }), node("b", { logs: "yes" }), node("c")], pods: [pod("fluentd-x", "a")], updateHash: "h1", now: NOW });
  assert.deepEqual(nodesOf(d.create), ["b"]);
  const p = daemonPod(ds(), "h1", "b");
  const spec = p.spec as JsonObject;
  assert.equal(spec.nodeName, "b");
  assert.deepEqual((spec.affinity as JsonObject).nodeAffinity, { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["b"] }] }] } });
  assert.ok((spec.tolerations as JsonObject[]).some((t) => t.key === "node.kubernetes.io/unschedulable"));
  assert.equal(((p.metadata as JsonObject).labels as JsonObject)["controller-revision-hash"], "h1");
  assert.deepEqual([d.status.desiredNumberScheduled, d.status.currentNumberScheduled, d.status.numberReady, d.status.numberMisscheduled, d.status.numberUnavailable], [2, 1, 1, 0, 1]);
});

test("label changes: pods leave nodes that stop matching; extra and failed pods are replaced", () => {
  const d = decideDaemonSet({ daemonSet: ds({ nodeSelector: { logs: "yes" } }), nodes: [node("a"), node("b", { logs: "yes" })], pods: [pod("p-a", "a"), pod("p-b1", "b", "h1", "ready", "2025-03-01T10:00:00Z"), pod("p-b2", "b", "h1", "ready", "2025-03-01T10:05:00Z")], updateHash: "h1", now: NOW });
  assert.deepEqual(names(d.delete).sort(), ["p-a", "p-b2"]);
  const failed = decideDaemonSet({ daemonSet: ds(), nodes: [node("a")], pods: [pod("p-a", "a", "h1", "failed")], updateHash: "h1", now: NOW });
  assert.deepEqual([names(failed.delete), nodesOf(failed.create)], [["p-a"], ["a"]]);
  const gone = decideDaemonSet({ daemonSet: ds(), nodes: [], pods: [pod("p-z", "z")], updateHash: "h1", now: NOW });
  assert.deepEqual(names(gone.delete), ["p-z"]);
});

test("RollingUpdate: maxUnavailable (default 1) old pods at a time; unavailable old pods go at once; maxSurge creates first", () => {
  const nodes = [node("a"), node("b"), node("c")];
  const old = [pod("p-a", "a"), pod("p-b", "b"), pod("p-c", "c")];
  assert.equal(decideDaemonSet({ daemonSet: ds(), nodes, pods: old, updateHash: "h2", now: NOW }).delete.length, 1);
  assert.equal(decideDaemonSet({ daemonSet: ds({}, { updateStrategy: { rollingUpdate: { maxUnavailable: "50%" } } }), nodes, pods: old, updateHash: "h2", now: NOW }).delete.length, 2);
  // One node's new pod is not ready yet: the budget is used up.
  const mid = decideDaemonSet({ daemonSet: ds(), nodes, pods: [pod("n-a", "a", "h2", "pending"), pod("p-b", "b"), pod("p-c", "c")], updateHash: "h2", now: NOW });
  assert.deepEqual(mid.delete, []);
  const brokenOld = decideDaemonSet({ daemonSet: ds(), nodes, pods: [pod("n-a", "a", "h2", "pending"), pod("p-b", "b", "h1", "pending"), pod("p-c", "c")], updateHash: "h2", now: NOW });
  assert.deepEqual(names(brokenOld.delete), ["p-b"]);
  const surge = ds({}, { updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
  const s1 = decideDaemonSet({ daemonSet: surge, nodes, pods: old, updateHash: "h2", now: NOW });
  assert.deepEqual([nodesOf(s1.create), s1.delete.length], [["a"], 0]);
  const s2 = decideDaemonSet({ daemonSet: surge, nodes, pods: [...old, pod("n-a", "a", "h2")], updateHash: "h2", now: NOW });
  assert.deepEqual(names(s2.delete), ["p-a"]);
  assert.equal(decideDaemonSet({ daemonSet: ds({}, { updateStrategy: { type: "OnDelete" } }), nodes, pods: old, updateHash: "h2", now: NOW }).delete.length, 0);
  assert.deepEqual([scaledValue("25%", 3, 1), scaledValue(undefined, 3, 1), scaledValue(0, 3, 1)], [1, 1, 0]);
});
