import { test } from "node:test";
import assert from "node:assert/strict";
import { decideStatefulSet, maxUnavailableOf, planRevisions, podForOrdinal, revisionsToPrune, claimWithRetentionOwners, type RevisionRef } from "../../../src/controllers/statefulset/index.js";
import type { JsonObject } from "../../../src/schema/json.js";

const NOW = new Date("2025-03-01T10:10:00Z");
const A: RevisionRef = { name: "web-aaa", template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "localhost/mk/web:1" }] } } };
const B: RevisionRef = { name: "web-bbb", template: { metadata: { labels: { app: "nginx" } }, spec: { containers: [{ name: "nginx", image: "localhost/mk/web:2" }] } } };

function sts(spec: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default", uid: "sts-uid", generation: 2 },
    spec: {
      replicas: 3,
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: A.template,
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      ...spec,
    },
  };
}

type State = "ready" | "pending" | "failed" | "deleting" | "notready";
function pod(ordinal: number, revision: RevisionRef, state: State = "ready", readySince = "2025-03-01T10:00:00Z"): JsonObject {
  const p = podForOrdinal(sts(), revision.template, revision.name, ordinal);
  (p.metadata as JsonObject).uid = `uid-web-${ordinal}`;
  if (state === "deleting") (p.metadata as JsonObject).deletionTimestamp = "2025-03-01T10:09:00Z";
  const phase = state === "pending" ? "Pending" : state === "failed" ? "Failed" : "Running";
  const ready = state === "ready" || state === "deleting";
  p.status = { phase, conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: readySince }] };
  return p;
}

const claimsAll = new Set(["www-web-0", "www-web-1", "www-web-2", "www-web-3", "www-web-4"]);
const names = (objects: JsonObject[]) => objects.map((o) => (o.metadata as JsonObject).name);
function decide(set: JsonObject, pods: JsonObject[], claims: ReadonlySet<string> = claimsAll, current = A, update = A) {
  return decideStatefulSet({ set, pods, claims, current, update, selectorLabels: { app: "nginx" }, now: NOW });
}

test("a pod's identity: name, hostname, subdomain, labels, and its claim instead of the template's volume", () => {
  const set = sts({ template: { ...A.template, spec: { containers: [{ name: "nginx" }], volumes: [{ name: "www", emptyDir: {} }, { name: "cfg", emptyDir: {} }] } } });
  const p = podForOrdinal(set, (set.spec as JsonObject).template as JsonObject, "web-aaa", 2);
  const meta = p.metadata as JsonObject;
  const spec = p.spec as JsonObject;
  assert.equal(meta.name, "web-2");
  assert.deepEqual(meta.labels, { app: "nginx", "statefulset.kubernetes.io/pod-name": "web-2", "apps.kubernetes.io/pod-index": "2", "controller-revision-hash": "web-aaa" });
  assert.deepEqual([spec.hostname, spec.subdomain], ["web-2", "nginx"]);
  assert.deepEqual(spec.volumes, [{ name: "cfg", emptyDir: {} }, { name: "www", persistentVolumeClaim: { claimName: "www-web-2" } }]);
  assert.equal((meta.ownerReferences as JsonObject[])[0].uid, "sts-uid");
});

test("OrderedReady: one pod at a time, each after its predecessor is Running and Ready; claims first", () => {
  const first = decide(sts(), [], new Set());
  assert.deepEqual(names(first.create), ["web-0"]);
  assert.deepEqual(names(first.createClaims), ["www-web-0"]);
  assert.deepEqual(names(decide(sts(), [pod(0, A, "pending")]).create), []);
  assert.deepEqual(names(decide(sts(), [pod(0, A, "notready")]).create), []);
  assert.deepEqual(names(decide(sts(), [pod(0, A)]).create), ["web-1"]);
  // web-0 fails while web-1 is ready and web-2 does not exist: web-2 waits; web-0 is replaced.
  const broken = decide(sts(), [pod(0, A, "failed"), pod(1, A)]);
  assert.deepEqual(names(broken.create), []);
  assert.deepEqual(names(broken.delete), ["web-0"]);
  assert.deepEqual(names(decide(sts(), [pod(1, A)]).create), ["web-0"]);
});

test("Parallel creates and deletes without waiting", () => {
  assert.deepEqual(names(decide(sts({ podManagementPolicy: "Parallel" }), []).create), ["web-0", "web-1", "web-2"]);
  const down = decide(sts({ podManagementPolicy: "Parallel", replicas: 1 }), [pod(0, A), pod(1, A, "pending"), pod(2, A)]);
  assert.deepEqual(names(down.delete), ["web-2", "web-1"]);
});

test("scale down from the highest ordinal, each after its successor is gone and while predecessors are healthy", () => {
  const set = sts({ replicas: 1 });
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A), pod(2, A)]).delete), ["web-2"]);
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A), pod(2, A, "deleting")]).delete), []);
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A)]).delete), ["web-1"]);
  // web-0 not ready: web-1 is not terminated until web-0 is Running and Ready again.
  assert.deepEqual(names(decide(set, [pod(0, A, "notready"), pod(1, A)]).delete), []);
});

test("RollingUpdate from the highest ordinal, one at a time, down to the partition", () => {
  const set = sts({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } });
  const step1 = decide(set, [pod(0, A), pod(1, A), pod(2, A)], claimsAll, A, B);
  assert.deepEqual(names(step1.delete), ["web-2"]);
  // web-2 is recreated from the update revision; web-1 waits until it is ready.
  const step2 = decide(set, [pod(0, A), pod(1, A)], claimsAll, A, B);
  assert.deepEqual(step2.create.map((p) => [(p.metadata as JsonObject).name, ((p.metadata as JsonObject).labels as JsonObject)["controller-revision-hash"]]), [["web-2", "web-bbb"]]);
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A), pod(2, B, "pending")], claimsAll, A, B).delete), []);
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A), pod(2, B)], claimsAll, A, B).delete), ["web-1"]);
  // Below the partition nothing is updated, and a deleted pod comes back at the current revision.
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, B), pod(2, B)], claimsAll, A, B).delete), []);
  const recreated = decide(set, [pod(1, B), pod(2, B)], claimsAll, A, B).create[0];
  assert.equal(((recreated.metadata as JsonObject).labels as JsonObject)["controller-revision-hash"], "web-aaa");
  // partition above replicas: no pod is updated.
  assert.deepEqual(names(decide(sts({ updateStrategy: { rollingUpdate: { partition: 5 } } }), [pod(0, A), pod(1, A), pod(2, A)], claimsAll, A, B).delete), []);
});

test("maxUnavailable: percentages round up (minimum 1), that many pods are replaced at once", () => {
  assert.deepEqual([maxUnavailableOf(undefined, 3), maxUnavailableOf("50%", 3), maxUnavailableOf("10%", 3), maxUnavailableOf(2, 3), maxUnavailableOf(0, 3)], [1, 2, 1, 2, 1]);
  const set = sts({ updateStrategy: { rollingUpdate: { maxUnavailable: "50%" } } });
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A), pod(2, A)], claimsAll, A, B).delete), ["web-2", "web-1"]);
  // An unavailable pod uses up the budget.
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A), pod(2, B, "notready")], claimsAll, A, B).delete), []);
});

test("OnDelete: nothing is replaced automatically; a deleted pod comes back at the update revision", () => {
  const set = sts({ updateStrategy: { type: "OnDelete" } });
  assert.deepEqual(names(decide(set, [pod(0, A), pod(1, A), pod(2, A)], claimsAll, A, B).delete), []);
  const c = decide(set, [pod(0, A), pod(1, A)], claimsAll, A, B).create[0];
  assert.equal(((c.metadata as JsonObject).labels as JsonObject)["controller-revision-hash"], "web-bbb");
});

test("status: counts per revision; a finished rolling update makes the update revision current", () => {
  const mid = decide(sts(), [pod(0, A), pod(1, B), pod(2, B, "pending")], claimsAll, A, B).status;
  assert.deepEqual(
    [mid.replicas, mid.readyReplicas, mid.currentReplicas, mid.updatedReplicas, mid.currentRevision, mid.updateRevision, mid.observedGeneration],
    [3, 2, 1, 2, "web-aaa", "web-bbb", 2],
  );
  const done = decide(sts(), [pod(0, B), pod(1, B), pod(2, B)], claimsAll, A, B).status;
  assert.deepEqual([done.currentRevision, done.currentReplicas, done.updatedReplicas], ["web-bbb", 3, 3]);
});

test("minReadySeconds: a ready pod is not available (and its successor waits) until it has been ready that long", () => {
  const set = sts({ minReadySeconds: 30 });
  const d = decide(set, [pod(0, A, "ready", "2025-03-01T10:09:50Z")]);
  assert.deepEqual(names(d.create), []);
  assert.equal(d.requeueAfterMs, 20_000);
  assert.equal(d.status.availableReplicas, 0);
  assert.deepEqual(names(decide(set, [pod(0, A, "ready", "2025-03-01T10:09:00Z")]).create), ["web-1"]);
});

test("revisions: a new template makes a numbered revision `<set>-<hash>`; an earlier template is reused and renumbered", () => {
  const first = planRevisions(sts(), [], undefined, { app: "nginx" });
  assert.ok(first.create);
  const rev1 = { ...first.create, revision: 1 } as JsonObject;
  assert.match(String((rev1.metadata as JsonObject).name), /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(((rev1.metadata as JsonObject).labels as JsonObject)["controller.kubernetes.io/hash"], String((rev1.metadata as JsonObject).name).slice(4));
  const v2 = sts({ template: B.template });
  const second = planRevisions(v2, [rev1], String((rev1.metadata as JsonObject).name), { app: "nginx" });
  assert.equal(second.create?.revision, 2);
  assert.equal(second.current, rev1);
  const rev2 = second.create as JsonObject;
  const back = planRevisions(sts(), [rev1, rev2], String((rev2.metadata as JsonObject).name), { app: "nginx" });
  assert.equal(back.create, undefined);
  assert.equal(back.renumber?.revision, 3);
  assert.equal((back.update.metadata as JsonObject).name, (rev1.metadata as JsonObject).name);
  const many = Array.from({ length: 5 }, (_, i) => ({ metadata: { name: `r${i}` }, revision: i + 1 }) as JsonObject);
  assert.deepEqual(names(revisionsToPrune(many, new Set(["r0"]), 2)), ["r1", "r2"]);
});

test("PVC retention: whenDeleted Delete owns claims by the set; whenScaled Delete hands a condemned pod's claims to the pod", () => {
  const claim: JsonObject = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "www-web-2", namespace: "default" } };
  assert.equal(claimWithRetentionOwners(claim, sts(), pod(2, A), 2, 3), undefined, "Retain adds nothing");
  const byDelete = claimWithRetentionOwners(claim, sts({ persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" } }), pod(2, A), 2, 3);
  assert.deepEqual(((byDelete?.metadata as JsonObject).ownerReferences as JsonObject[]).map((r) => `${r.kind}/${r.name}`), ["StatefulSet/web"]);
  const scaled = sts({ replicas: 2, persistentVolumeClaimRetentionPolicy: { whenScaled: "Delete" } });
  const condemned = claimWithRetentionOwners(claim, scaled, pod(2, A), 2, 2);
  assert.deepEqual(((condemned?.metadata as JsonObject).ownerReferences as JsonObject[]).map((r) => `${r.kind}/${r.name}`), ["Pod/web-2"]);
  assert.equal(claimWithRetentionOwners(claim, scaled, pod(1, A), 1, 2), undefined, "a pod that stays keeps its claims unowned");
  // Both Delete: a live ordinal's claim is the set's; a condemned one's is the pod's alone, or the
  // garbage collector (waiting for every owner) would keep it while the set lives.
  const both = sts({ replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Delete" } });
  const owners = (c: JsonObject | undefined) => ((c?.metadata as JsonObject).ownerReferences as JsonObject[]).map((r) => `${r.kind}/${r.name}`);
  const live = claimWithRetentionOwners({ ...claim, metadata: { name: "www-web-1", namespace: "default" } }, both, pod(1, A), 1, 2);
  assert.deepEqual(owners(live), ["StatefulSet/web"]);
  const ownedBySet = claimWithRetentionOwners(claim, sts({ persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" } }), pod(2, A), 2, 3) as JsonObject;
  assert.deepEqual(owners(claimWithRetentionOwners(ownedBySet, both, pod(2, A), 2, 2)), ["Pod/web-2"], "scaled down: the set's reference is handed to the pod");
});
