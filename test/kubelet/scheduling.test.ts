import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../src/schema/json.js";
import { podFitsNode, tolerates, unschedulableMessage } from "../../src/kubelet/scheduling.js";
import { goArch, localNodeName, nodeObject, nodeStatus } from "../../src/kubelet/node.js";

const node = (extra: JsonObject = {}): JsonObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "box", labels: { "kubernetes.io/hostname": "box", disktype: "ssd", cores: "8" } },
  spec: {},
  ...extra,
});
const pod = (spec: JsonObject): JsonObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [], ...spec } });

test("nodeSelector: all labels must match", () => {
  assert.deepEqual(podFitsNode(pod({ nodeSelector: { disktype: "ssd" } }), node()), { fits: true });
  const r = podFitsNode(pod({ nodeSelector: { disktype: "hdd" } }), node());
  assert.deepEqual(r, { fits: false, reasons: ["node(s) didn't match Pod's node affinity/selector"] });
  assert.equal(unschedulableMessage(r.fits ? [] : r.reasons), "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.");
});

test("required node affinity: terms ORed, expressions ANDed, matchFields on metadata.name", () => {
  const affinity = (terms: JsonObject[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
  assert.equal(podFitsNode(pod(affinity([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["box"] }] }])), node()).fits, true);
  assert.equal(podFitsNode(pod(affinity([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["other"] }] }])), node()).fits, false);
  assert.equal(
    podFitsNode(pod(affinity([{ matchExpressions: [{ key: "disktype", operator: "NotIn", values: ["ssd"] }] }, { matchExpressions: [{ key: "cores", operator: "Gt", values: ["4"] }] }])), node()).fits,
    true,
    "the second term matches",
  );
  assert.equal(podFitsNode(pod(affinity([{ matchExpressions: [{ key: "gpu", operator: "Exists" }] }])), node()).fits, false);
  assert.equal(podFitsNode(pod(affinity([{ matchExpressions: [{ key: "gpu", operator: "DoesNotExist" }, { key: "cores", operator: "Lt", values: ["16"] }] }])), node()).fits, true);
  assert.equal(podFitsNode(pod(affinity([{}])), node()).fits, false, "an empty term matches nothing");
});

test("taints: NoSchedule repels unless tolerated; unschedulable nodes", () => {
  const tainted = node({ spec: { taints: [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }] } });
  const r = podFitsNode(pod({}), tainted);
  assert.deepEqual(r, { fits: false, reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/master: }"] });
  assert.equal(podFitsNode(pod({ tolerations: [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }] }), tainted).fits, true);
  assert.equal(podFitsNode(pod({ tolerations: [{ operator: "Exists" }] }), tainted).fits, true, "an empty key with Exists tolerates everything");
  assert.equal(podFitsNode(pod({}), node({ spec: { taints: [{ key: "k", value: "v", effect: "PreferNoSchedule" }] } })).fits, true, "PreferNoSchedule does not filter");
  assert.deepEqual(podFitsNode(pod({}), node({ spec: { unschedulable: true } })), { fits: false, reasons: ["node(s) were unschedulable"] });
  assert.equal(tolerates({ key: "k", operator: "Equal", value: "v" }, { key: "k", value: "w", effect: "NoSchedule" }), false);
  assert.equal(
    unschedulableMessage(["node(s) had untolerated taint {a: }", "node(s) didn't match Pod's node affinity/selector"]),
    "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {a: }.",
  );
});

test("the node's name is the host name made a DNS-1123 subdomain; labels and status from the host", () => {
  assert.equal(localNodeName("My_Laptop.Local"), "my-laptop.local");
  assert.equal(localNodeName("--"), "localhost");
  assert.equal(goArch("x64"), "amd64");
  const facts = { name: "box", cpuCount: 2, memoryBytes: 8 * 1024 * 1024 * 1024, address: "10.0.0.5", arch: "amd64", kernel: "6.1" };
  const labels = (nodeObject(facts).metadata as JsonObject).labels as JsonObject;
  assert.equal(labels["kubernetes.io/hostname"], "box");
  assert.equal(labels["kubernetes.io/os"], "linux");
  assert.equal(labels["kubernetes.io/arch"], "amd64");
  const status = nodeStatus(facts, undefined, new Date("2025-01-01T00:00:00Z"));
  assert.deepEqual(status.capacity, { cpu: "2", memory: "8388608Ki", pods: "110" });
  const ready = (status.conditions as JsonObject[])[0];
  assert.equal(ready.type, "Ready");
  assert.equal(ready.status, "True");
  const later = nodeStatus(facts, status, new Date("2025-01-02T00:00:00Z"));
  assert.equal((later.conditions as JsonObject[])[0].lastTransitionTime, "2025-01-01T00:00:00Z", "no churn while it stays Ready");
});
