import { test } from "node:test";
import assert from "node:assert/strict";
import { formatFieldPath } from "../../src/diag/span.js";
import { applyDefaults } from "../../src/schema/defaults/index.js";
import { immutableFieldChanges } from "../../src/schema/immutable.js";
import type { JsonObject } from "../../src/schema/json.js";
import { container, cronJob, daemonSet, deployment, job, merge, pod, replicaSet, replicationController, service, statefulSet, claim } from "../schema-semantic/fixtures.js";

/** The changed immutable fields between two objects, both defaulted as the planner does. */
function changes(before: JsonObject, after: JsonObject): string[] {
  return immutableFieldChanges(applyDefaults(before), applyDefaults(after)).map((c) => formatFieldPath(c.path));
}

test("name and namespace are immutable everywhere; the default namespace is implied", () => {
  assert.deepEqual(changes(deployment(), deployment({}, { metadata: { name: "web2" } })), ["metadata.name"]);
  assert.deepEqual(changes(deployment(), deployment({}, { metadata: { namespace: "prod" } })), ["metadata.namespace"]);
  assert.deepEqual(changes(deployment(), deployment({}, { metadata: { namespace: "default" } })), []);
  assert.deepEqual(changes(deployment(), deployment({}, { metadata: { labels: { team: "a" } } })), [], "labels are mutable");
});

test("Deployment, ReplicaSet and DaemonSet selectors are immutable; everything else updates in place", () => {
  const otherSelector = { selector: { matchLabels: { app: "web", tier: "front" } }, template: { metadata: { labels: { app: "web", tier: "front" } } } };
  assert.deepEqual(changes(deployment(), deployment(otherSelector)), ["spec.selector"]);
  assert.deepEqual(changes(replicaSet(), replicaSet(otherSelector)), ["spec.selector"]);
  assert.deepEqual(changes(daemonSet(), daemonSet(otherSelector)), ["spec.selector"]);
  assert.deepEqual(changes(deployment(), deployment({ replicas: 5, strategy: { type: "Recreate" }, template: { spec: { containers: [container({ image: "nginx:1.28" })] } } })), []);
  const reason = immutableFieldChanges(applyDefaults(deployment()), applyDefaults(deployment(otherSelector)))[0].reason;
  assert.match(reason, /selector of an apps\/v1 Deployment cannot be changed/);
});

test("a ReplicationController's selector is mutable", () => {
  assert.deepEqual(changes(replicationController(), replicationController({ selector: { app: "web" }, template: { metadata: { labels: { app: "web", v: "2" } } } })), []);
});

test("StatefulSet: only replicas, template, updateStrategy, retention policy, minReadySeconds, ordinals and revisionHistoryLimit may change", () => {
  const mutable = statefulSet({
    replicas: 5,
    template: { spec: { containers: [container({ image: "nginx:1.28" })] } },
    updateStrategy: { type: "OnDelete" },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" },
    minReadySeconds: 10,
    ordinals: { start: 1 },
    revisionHistoryLimit: 3,
  });
  assert.deepEqual(changes(statefulSet(), mutable), []);
  assert.deepEqual(changes(statefulSet(), statefulSet({ serviceName: "db-headless" })), ["spec.serviceName"]);
  assert.deepEqual(changes(statefulSet(), statefulSet({ podManagementPolicy: "Parallel" })), ["spec.podManagementPolicy"]);
  const claimOf = (storage: string) => [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } }];
  assert.deepEqual(changes(statefulSet({ volumeClaimTemplates: claimOf("1Gi") }), statefulSet({ volumeClaimTemplates: claimOf("2Gi") })), ["spec.volumeClaimTemplates[0].spec.resources.requests.storage"]);
  assert.deepEqual(changes(statefulSet(), statefulSet({ selector: { matchLabels: { app: "web", x: "y" } } })), ["spec.selector.matchLabels.x"]);
});

test("Job: selector, template, completions and completionMode are immutable; parallelism is not", () => {
  assert.deepEqual(changes(job(), job({ parallelism: 3, activeDeadlineSeconds: 100 })), []);
  assert.deepEqual(changes(job(), job({ template: { spec: { containers: [container({ image: "perl:5.40" })] } } })), ["spec.template.spec.containers[0].image"]);
  assert.deepEqual(changes(job({ completions: 3 }), job({ completions: 4 })), ["spec.completions"]);
  assert.deepEqual(changes(job({ completionMode: "Indexed", completions: 3 }), job({ completionMode: "NonIndexed", completions: 3 })), ["spec.completionMode"]);
  const manual = (app: string) => job({ manualSelector: true, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } });
  assert.ok(changes(manual("a"), manual("b")).includes("spec.selector"));
});

test("Job: an Indexed Job may change completions together with parallelism", () => {
  const indexed = (n: number, p: number) => job({ completionMode: "Indexed", completions: n, parallelism: p });
  assert.deepEqual(changes(indexed(3, 3), indexed(5, 5)), []);
  assert.deepEqual(changes(indexed(3, 3), indexed(5, 3)), ["spec.completions"]);
});

test("Job: the generated selector and labels of a stored Job do not count as changes", () => {
  const stored = merge(applyDefaults(job()), {
    spec: { selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "1234" } }, template: { metadata: { labels: { app: "web", "batch.kubernetes.io/controller-uid": "1234", "job-name": "pi", "controller-uid": "1234", "batch.kubernetes.io/job-name": "pi" } } } },
  });
  assert.deepEqual(immutableFieldChanges(stored, applyDefaults(job({ template: { metadata: { labels: { app: "web" } } } }))), []);
});

test("Job: a suspended Job that never started may change scheduling directives", () => {
  const suspended = (nodeSelector: Record<string, string>) => job({ suspend: true, template: { spec: { nodeSelector } } });
  assert.deepEqual(changes(suspended({ disk: "ssd" }), suspended({ disk: "hdd" })), []);
  const running = (nodeSelector: Record<string, string>) => job({ template: { spec: { nodeSelector } } });
  assert.deepEqual(changes(running({ disk: "ssd" }), running({ disk: "hdd" })), ["spec.template.spec.nodeSelector.disk"]);
  const started = merge(applyDefaults(suspended({ disk: "ssd" })), { status: { startTime: "2024-01-01T00:00:00Z" } });
  assert.equal(immutableFieldChanges(started, applyDefaults(suspended({ disk: "hdd" }))).length, 1);
});

test("CronJobs update in place", () => {
  assert.deepEqual(changes(cronJob(), cronJob({ schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: { containers: [container({ image: "busybox:2" })] } } } } })), []);
});

test("Service: a set clusterIP cannot change; allocated ones are kept when left out", () => {
  assert.deepEqual(changes(service({ clusterIP: "10.96.0.10" }), service({ clusterIP: "10.96.0.11" })), ["spec.clusterIP"]);
  assert.deepEqual(changes(service({ clusterIP: "10.96.0.10" }), service()), [], "leaving clusterIP out keeps it");
  assert.deepEqual(changes(service(), service({ clusterIP: "None" })), ["spec.clusterIP"], "allocated to headless");
  assert.deepEqual(changes(service({ clusterIP: "None" }), service({ clusterIP: "10.96.0.10" })), ["spec.clusterIP"]);
  assert.deepEqual(changes(service({ clusterIP: "10.96.0.10" }), service({ clusterIPs: ["10.96.0.12"] })), ["spec.clusterIPs"]);
  assert.deepEqual(changes(service(), service({ ports: [{ port: 81 }], selector: { app: "api" } })), []);
});

test("Service: type changes are in place, except a headless Service becoming NodePort/LoadBalancer; ExternalName frees the IP", () => {
  assert.deepEqual(changes(service(), service({ type: "NodePort" })), []);
  assert.deepEqual(changes(service({ clusterIP: "None" }), service({ type: "NodePort", clusterIP: undefined })), ["spec.type"]);
  assert.deepEqual(changes(service({ clusterIP: "10.96.0.10" }), service({ type: "ExternalName", externalName: "db.example.com", clusterIP: undefined })), []);
  assert.deepEqual(changes(service({ ipFamilies: ["IPv4"] }), service({ ipFamilies: ["IPv6"] })), ["spec.ipFamilies[0]"]);
});

test("PVC: spec is immutable except growing storage and volumeAttributesClassName", () => {
  assert.deepEqual(changes(claim(), claim({ resources: { requests: { storage: "2Gi" } } })), []);
  assert.deepEqual(changes(claim(), claim({ volumeAttributesClassName: "gold" })), []);
  assert.deepEqual(changes(claim({ resources: { requests: { storage: "2Gi" } } }), claim({ resources: { requests: { storage: "2048Mi" } } })), [], "the same size in other units");
  assert.deepEqual(changes(claim({ resources: { requests: { storage: "2Gi" } } }), claim()), ["spec.resources.requests.storage"]);
  assert.deepEqual(changes(claim(), claim({ accessModes: ["ReadWriteMany"] })), ["spec.accessModes[0]"]);
  assert.deepEqual(changes(claim({ storageClassName: "fast" }), claim({ storageClassName: "slow" })), ["spec.storageClassName"]);
  assert.deepEqual(changes(claim({ storageClassName: "fast", volumeName: "pv-1" }), claim()), [], "server-filled fields left out are kept");
});

const secret = (body: Record<string, unknown>): JsonObject => merge({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" } }, body);
const configMap = (body: Record<string, unknown>): JsonObject => merge({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, body);

test("Secret: the type is always immutable; data only with immutable: true", () => {
  assert.deepEqual(changes(secret({ data: { a: "eA==" } }), secret({ data: { a: "eQ==" } })), []);
  assert.deepEqual(changes(secret({ type: "Opaque" }), secret({ type: "kubernetes.io/tls" })), ["type"]);
  assert.deepEqual(changes(secret({ immutable: true, data: { a: "eA==" } }), secret({ immutable: true, data: { a: "eQ==" } })), ["data.a"]);
  assert.deepEqual(changes(secret({ immutable: true, data: { a: "eA==" } }), secret({ immutable: true, stringData: { a: "x" } })), [], "stringData is merged into data");
  assert.deepEqual(changes(secret({ immutable: true, data: { a: "eA==" } }), secret({ data: { a: "eA==" } })), ["immutable"]);
  assert.deepEqual(changes(secret({ data: { a: "eA==" } }), secret({ immutable: true, data: { a: "eA==" } })), [], "making it immutable is allowed");
});

test("ConfigMap: data is immutable once immutable: true", () => {
  assert.deepEqual(changes(configMap({ data: { a: "1" } }), configMap({ data: { a: "2" } })), []);
  assert.deepEqual(changes(configMap({ immutable: true, data: { a: "1" } }), configMap({ immutable: true, data: { a: "2" } })), ["data.a"]);
  assert.deepEqual(changes(configMap({ immutable: true, binaryData: { b: "eA==" } }), configMap({ immutable: true })), ["binaryData.b"]);
  assert.deepEqual(changes(configMap({ immutable: true }), configMap({ immutable: false })), ["immutable"]);
});

test("Pod: images, a lowered activeDeadlineSeconds and added tolerations update in place", () => {
  const toleration = { key: "dedicated", operator: "Exists", effect: "NoSchedule" };
  assert.deepEqual(changes(pod(), pod({ containers: [container({ image: "nginx:1.28" })] })), []);
  assert.deepEqual(changes(pod(), pod({ activeDeadlineSeconds: 60 })), []);
  assert.deepEqual(changes(pod({ activeDeadlineSeconds: 60 }), pod({ activeDeadlineSeconds: 30 })), []);
  assert.deepEqual(changes(pod({ activeDeadlineSeconds: 30 }), pod({ activeDeadlineSeconds: 60 })), ["spec.activeDeadlineSeconds"]);
  assert.deepEqual(changes(pod(), pod({ tolerations: [toleration] })), []);
  assert.deepEqual(changes(pod({ tolerations: [toleration] }), pod()), ["spec.tolerations"]);
  assert.deepEqual(changes(pod(), pod({ containers: [container({ ports: [{ containerPort: 80 }] })] })), ["spec.containers[0].ports[0]"]);
  assert.deepEqual(changes(pod(), pod({ containers: [container({ name: "app" })] })), ["spec.containers[0].name"]);
  assert.deepEqual(changes(pod(), pod({}, { metadata: { labels: { a: "b" } } })), [], "metadata labels are mutable");
});

test("ControllerRevision data and revision are immutable", () => {
  const revision = (data: Record<string, unknown>, n: number): JsonObject => merge({ apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "r" } }, { data, revision: n });
  assert.deepEqual(changes(revision({ a: 1 }, 1), revision({ a: 1 }, 1)), []);
  assert.deepEqual(changes(revision({ a: 1 }, 1), revision({ a: 2 }, 2)), ["data", "revision"]);
});
