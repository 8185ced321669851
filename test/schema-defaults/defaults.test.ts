import { test } from "node:test";
import assert from "node:assert/strict";
import { formatFieldPath, type FieldPath } from "../../src/diag/span.js";
import { applyDefaults, defaultPullPolicy } from "../../src/schema/defaults/index.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../src/schema/json.js";

function getAt(value: JsonValue | undefined, path: FieldPath): JsonValue | undefined {
  let cur = value;
  for (const part of path) {
    if (typeof part === "number") cur = Array.isArray(cur) ? cur[part] : undefined;
    else cur = isJsonObject(cur) ? cur[part] : undefined;
  }
  return cur;
}

function setAt(object: JsonObject, path: FieldPath, value: JsonValue): JsonObject {
  const copy = structuredClone(object);
  let cur: JsonValue = copy;
  path.forEach((part, i) => {
    const last = i === path.length - 1;
    const container = cur as Record<string | number, JsonValue>;
    if (last) container[part] = value;
    else {
      if (container[part] === undefined || container[part] === null) container[part] = typeof path[i + 1] === "number" ? [] : {};
      cur = container[part];
    }
  });
  return copy;
}

const labels = { app: "web" };
const podSpec = (): JsonObject => ({
  containers: [
    {
      name: "web",
      image: "nginx:1.27",
      ports: [{ containerPort: 80 }],
      livenessProbe: { httpGet: { port: 80 } },
      readinessProbe: { exec: { command: ["true"] } },
      startupProbe: { tcpSocket: { port: 80 } },
      lifecycle: { preStop: { httpGet: { port: 80 } } },
      env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
    },
  ],
  volumes: [{ name: "cfg", configMap: { name: "cfg" } }, { name: "sec", secret: { secretName: "s" } }, { name: "log", hostPath: { path: "/var/log" } }, { name: "scratch" }],
});
const template = (): JsonObject => ({ metadata: { labels }, spec: podSpec() });

const pod = (): JsonObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: podSpec() });
const deployment = (): JsonObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { selector: { matchLabels: labels }, template: template() } });
const replicaSet = (): JsonObject => ({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web" }, spec: { selector: { matchLabels: labels }, template: template() } });
const rc = (): JsonObject => ({ apiVersion: "v1", kind: "ReplicationController", metadata: { name: "web" }, spec: { template: template() } });
const daemonSet = (): JsonObject => ({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { selector: { matchLabels: labels }, template: template() } });
const statefulSet = (): JsonObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "db" },
  spec: { serviceName: "db", selector: { matchLabels: labels }, template: template(), volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] },
});
const jobTemplateSpec = (): JsonObject => ({ metadata: { labels }, spec: { ...podSpec(), restartPolicy: "Never" } });
const job = (): JsonObject => ({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "pi" }, spec: { template: jobTemplateSpec() } });
const cronJob = (): JsonObject => ({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "hello" }, spec: { schedule: "@hourly", jobTemplate: { spec: { template: jobTemplateSpec() } } } });
const service = (): JsonObject => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: labels, ports: [{ port: 80 }] } });
const claim = (): JsonObject => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } });
const secret = (): JsonObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: {} });
const namespace = (): JsonObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kafka" } });
const hpaV1 = (): JsonObject => ({ apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "s" }, spec: { scaleTargetRef: { kind: "ReplicaSet", name: "web" }, maxReplicas: 5 } });
const hpaV2 = (): JsonObject => ({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "s" }, spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, maxReplicas: 5 } });

/** A default rule: without the field the object gets `value`; with `kept` set, it keeps `kept`. */
interface Rule {
  make: () => JsonObject;
  path: FieldPath;
  value: JsonValue;
  kept: JsonValue;
}

/** The PodSpec rules, relative to a PodSpec. */
const podSpecRules = (restartPolicy: boolean): { path: FieldPath; value: JsonValue; kept: JsonValue }[] => [
  ...(restartPolicy ? [{ path: ["restartPolicy"], value: "Always", kept: "Never" }] : []),
  { path: ["terminationGracePeriodSeconds"], value: 30, kept: 5 },
  { path: ["dnsPolicy"], value: "ClusterFirst", kept: "Default" },
  { path: ["schedulerName"], value: "default-scheduler", kept: "custom" },
  { path: ["securityContext"], value: {}, kept: { runAsNonRoot: true } },
  { path: ["containers", 0, "terminationMessagePath"], value: "/dev/termination-log", kept: "/tmp/msg" },
  { path: ["containers", 0, "terminationMessagePolicy"], value: "File", kept: "FallbackToLogsOnError" },
  { path: ["containers", 0, "imagePullPolicy"], value: "IfNotPresent", kept: "Never" },
  { path: ["containers", 0, "ports", 0, "protocol"], value: "TCP", kept: "UDP" },
  { path: ["containers", 0, "livenessProbe", "timeoutSeconds"], value: 1, kept: 5 },
  { path: ["containers", 0, "livenessProbe", "periodSeconds"], value: 10, kept: 3 },
  { path: ["containers", 0, "readinessProbe", "successThreshold"], value: 1, kept: 2 },
  { path: ["containers", 0, "startupProbe", "failureThreshold"], value: 3, kept: 30 },
  { path: ["containers", 0, "livenessProbe", "httpGet", "scheme"], value: "HTTP", kept: "HTTPS" },
  { path: ["containers", 0, "livenessProbe", "httpGet", "path"], value: "/", kept: "/healthz" },
  { path: ["containers", 0, "lifecycle", "preStop", "httpGet", "scheme"], value: "HTTP", kept: "HTTPS" },
  { path: ["containers", 0, "env", 0, "valueFrom", "fieldRef", "apiVersion"], value: "v1", kept: "v2" },
  { path: ["volumes", 0, "configMap", "defaultMode"], value: 420, kept: 493 },
  { path: ["volumes", 1, "secret", "defaultMode"], value: 420, kept: 256 },
  { path: ["volumes", 2, "hostPath", "type"], value: "", kept: "Directory" },
  { path: ["volumes", 3, "emptyDir"], value: {}, kept: { medium: "Memory" } },
];

const rules: Record<string, Rule[]> = {
  Pod: [
    ...podSpecRules(true).map((r) => ({ make: pod, path: ["spec", ...r.path], value: r.value, kept: r.kept })),
    { make: pod, path: ["spec", "enableServiceLinks"], value: true, kept: false },
  ],
  Deployment: [
    { make: deployment, path: ["spec", "replicas"], value: 1, kept: 3 },
    { make: deployment, path: ["spec", "strategy", "type"], value: "RollingUpdate", kept: "Recreate" },
    { make: deployment, path: ["spec", "strategy", "rollingUpdate", "maxSurge"], value: "25%", kept: 1 },
    { make: deployment, path: ["spec", "strategy", "rollingUpdate", "maxUnavailable"], value: "25%", kept: 0 },
    { make: deployment, path: ["spec", "revisionHistoryLimit"], value: 10, kept: 0 },
    { make: deployment, path: ["spec", "progressDeadlineSeconds"], value: 600, kept: 120 },
    ...podSpecRules(true).map((r) => ({ make: deployment, path: ["spec", "template", "spec", ...r.path], value: r.value, kept: r.kept })),
  ],
  ReplicaSet: [
    { make: replicaSet, path: ["spec", "replicas"], value: 1, kept: 0 },
    { make: replicaSet, path: ["spec", "template", "spec", "restartPolicy"], value: "Always", kept: "OnFailure" },
  ],
  ReplicationController: [
    { make: rc, path: ["spec", "replicas"], value: 1, kept: 4 },
    { make: rc, path: ["spec", "selector"], value: labels, kept: { app: "web", tier: "x" } },
    { make: rc, path: ["metadata", "labels"], value: labels, kept: { team: "a" } },
    { make: rc, path: ["spec", "template", "spec", "dnsPolicy"], value: "ClusterFirst", kept: "None" },
  ],
  StatefulSet: [
    { make: statefulSet, path: ["spec", "replicas"], value: 1, kept: 3 },
    { make: statefulSet, path: ["spec", "podManagementPolicy"], value: "OrderedReady", kept: "Parallel" },
    { make: statefulSet, path: ["spec", "updateStrategy", "type"], value: "RollingUpdate", kept: "OnDelete" },
    { make: statefulSet, path: ["spec", "updateStrategy", "rollingUpdate", "partition"], value: 0, kept: 2 },
    { make: statefulSet, path: ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], value: 1, kept: "50%" },
    { make: statefulSet, path: ["spec", "revisionHistoryLimit"], value: 10, kept: 2 },
    { make: statefulSet, path: ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"], value: "Retain", kept: "Delete" },
    { make: statefulSet, path: ["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"], value: "Retain", kept: "Delete" },
    { make: statefulSet, path: ["spec", "volumeClaimTemplates", 0, "spec", "volumeMode"], value: "Filesystem", kept: "Block" },
    { make: statefulSet, path: ["spec", "volumeClaimTemplates", 0, "status", "phase"], value: "Pending", kept: "Bound" },
    { make: statefulSet, path: ["spec", "template", "spec", "terminationGracePeriodSeconds"], value: 30, kept: 10 },
  ],
  DaemonSet: [
    { make: daemonSet, path: ["spec", "updateStrategy", "type"], value: "RollingUpdate", kept: "OnDelete" },
    { make: daemonSet, path: ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], value: 1, kept: "10%" },
    { make: daemonSet, path: ["spec", "updateStrategy", "rollingUpdate", "maxSurge"], value: 0, kept: 1 },
    { make: daemonSet, path: ["spec", "revisionHistoryLimit"], value: 10, kept: 3 },
    { make: daemonSet, path: ["spec", "template", "spec", "schedulerName"], value: "default-scheduler", kept: "mine" },
  ],
  Job: [
    { make: job, path: ["spec", "backoffLimit"], value: 6, kept: 0 },
    { make: job, path: ["spec", "completionMode"], value: "NonIndexed", kept: "Indexed" },
    { make: job, path: ["spec", "suspend"], value: false, kept: true },
    { make: job, path: ["spec", "manualSelector"], value: false, kept: true },
    { make: job, path: ["spec", "podReplacementPolicy"], value: "TerminatingOrFailed", kept: "Failed" },
    { make: job, path: ["metadata", "labels"], value: labels, kept: { team: "a" } },
    ...podSpecRules(false).map((r) => ({ make: job, path: ["spec", "template", "spec", ...r.path], value: r.value, kept: r.kept })),
  ],
  CronJob: [
    { make: cronJob, path: ["spec", "concurrencyPolicy"], value: "Allow", kept: "Forbid" },
    { make: cronJob, path: ["spec", "suspend"], value: false, kept: true },
    { make: cronJob, path: ["spec", "successfulJobsHistoryLimit"], value: 3, kept: 0 },
    { make: cronJob, path: ["spec", "failedJobsHistoryLimit"], value: 1, kept: 5 },
    { make: cronJob, path: ["spec", "jobTemplate", "spec", "template", "spec", "terminationGracePeriodSeconds"], value: 30, kept: 1 },
  ],
  Service: [
    { make: service, path: ["spec", "type"], value: "ClusterIP", kept: "NodePort" },
    { make: service, path: ["spec", "sessionAffinity"], value: "None", kept: "ClientIP" },
    { make: service, path: ["spec", "ports", 0, "protocol"], value: "TCP", kept: "UDP" },
    { make: service, path: ["spec", "ports", 0, "targetPort"], value: 80, kept: "http" },
    { make: service, path: ["spec", "internalTrafficPolicy"], value: "Cluster", kept: "Local" },
    { make: service, path: ["spec", "ipFamilyPolicy"], value: "SingleStack", kept: "PreferDualStack" },
    { make: service, path: ["spec", "ipFamilies"], value: ["IPv4"], kept: ["IPv6"] },
  ],
  PersistentVolumeClaim: [{ make: claim, path: ["spec", "volumeMode"], value: "Filesystem", kept: "Block" }],
  Secret: [{ make: secret, path: ["type"], value: "Opaque", kept: "kubernetes.io/tls" }],
  "HorizontalPodAutoscaler v1": [
    { make: hpaV1, path: ["spec", "minReplicas"], value: 1, kept: 3 },
    { make: hpaV1, path: ["spec", "targetCPUUtilizationPercentage"], value: 80, kept: 50 },
  ],
  "HorizontalPodAutoscaler v2": [
    { make: hpaV2, path: ["spec", "minReplicas"], value: 1, kept: 2 },
    {
      make: hpaV2,
      path: ["spec", "metrics"],
      value: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
      kept: [{ type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "1Gi" } } }],
    },
  ],
};

for (const [kind, kindRules] of Object.entries(rules)) {
  for (const rule of kindRules) {
    test(`${kind}: ${formatFieldPath(rule.path)} defaults to ${JSON.stringify(rule.value)} and keeps a given value`, () => {
      const without = rule.make();
      assert.deepEqual(getAt(applyDefaults(without), rule.path), rule.value);
      const withValue = setAt(rule.make(), rule.path, rule.kept);
      assert.deepEqual(getAt(applyDefaults(withValue), rule.path), rule.kept);
    });
  }
}

test("every fixture lacks the fields its rules default", () => {
  for (const [kind, kindRules] of Object.entries(rules)) {
    for (const rule of kindRules) {
      const before = getAt(rule.make(), rule.path);
      assert.equal(before, undefined, `${kind} ${formatFieldPath(rule.path)} is already set in the fixture`);
    }
  }
});

test("imagePullPolicy: Always for :latest or no tag, IfNotPresent for a tag or digest", () => {
  assert.equal(defaultPullPolicy("nginx"), "Always");
  assert.equal(defaultPullPolicy("nginx:latest"), "Always");
  assert.equal(defaultPullPolicy("localhost:5000/web"), "Always");
  assert.equal(defaultPullPolicy("localhost:5000/web:1"), "IfNotPresent");
  assert.equal(defaultPullPolicy("nginx:1.27"), "IfNotPresent");
  assert.equal(defaultPullPolicy("nginx@sha256:abc"), "IfNotPresent");
  assert.equal(defaultPullPolicy("nginx:latest@sha256:abc"), "Always");
  assert.equal(defaultPullPolicy("Nginx:1"), "IfNotPresent");
  const latest = applyDefaults({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "busybox" }] } });
  assert.equal(getAt(latest, ["spec", "containers", 0, "imagePullPolicy"]), "Always");
});

test("probe numbers of 0 are the Go zero value and get the defaults", () => {
  const p = setAt(pod(), ["spec", "containers", 0, "livenessProbe", "periodSeconds"], 0);
  assert.equal(getAt(applyDefaults(p), ["spec", "containers", 0, "livenessProbe", "periodSeconds"]), 10);
});

test("Job and CronJob templates get no restartPolicy default (Jobs require one)", () => {
  const j = setAt(job(), ["spec", "template", "spec", "restartPolicy"], null);
  assert.equal(getAt(applyDefaults(j), ["spec", "template", "spec", "restartPolicy"]), null);
  const c = setAt(cronJob(), ["spec", "jobTemplate", "spec", "template", "spec", "restartPolicy"], null);
  assert.equal(getAt(applyDefaults(c), ["spec", "jobTemplate", "spec", "template", "spec", "restartPolicy"]), null);
});

test("Job completions and parallelism: both unset gives 1 and 1; parallelism alone leaves completions unset", () => {
  const both = applyDefaults(job());
  assert.equal(getAt(both, ["spec", "completions"]), 1);
  assert.equal(getAt(both, ["spec", "parallelism"]), 1);
  const workQueue = applyDefaults(setAt(job(), ["spec", "parallelism"], 3));
  assert.equal(getAt(workQueue, ["spec", "completions"]), undefined);
  assert.equal(getAt(workQueue, ["spec", "parallelism"]), 3);
  const fixed = applyDefaults(setAt(job(), ["spec", "completions"], 5));
  assert.equal(getAt(fixed, ["spec", "completions"]), 5);
  assert.equal(getAt(fixed, ["spec", "parallelism"]), 1);
});

test("Job: backoffLimit is unlimited with backoffLimitPerIndex; podReplacementPolicy is Failed with a podFailurePolicy", () => {
  const perIndex = applyDefaults(setAt(setAt(job(), ["spec", "completionMode"], "Indexed"), ["spec", "backoffLimitPerIndex"], 1));
  assert.equal(getAt(perIndex, ["spec", "backoffLimit"]), 2147483647);
  const policy = applyDefaults(setAt(job(), ["spec", "podFailurePolicy"], { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] }] }));
  assert.equal(getAt(policy, ["spec", "podReplacementPolicy"]), "Failed");
  assert.equal(getAt(policy, ["spec", "podFailurePolicy", "rules", 0, "onPodConditions", 0, "status"]), "True");
});

test("Job: no generated selector or uid labels (they depend on the server-assigned uid)", () => {
  const defaulted = applyDefaults(job());
  assert.equal(getAt(defaulted, ["spec", "selector"]), undefined);
  assert.deepEqual(getAt(defaulted, ["spec", "template", "metadata", "labels"]), labels);
});

test("CronJob jobTemplates get no Job-level defaults", () => {
  const defaulted = applyDefaults(cronJob());
  assert.equal(getAt(defaulted, ["spec", "jobTemplate", "spec", "backoffLimit"]), undefined);
  assert.equal(getAt(defaulted, ["spec", "jobTemplate", "spec", "completions"]), undefined);
});

test("StatefulSet: an explicit RollingUpdate type without rollingUpdate stays without it (apiserver quirk)", () => {
  const defaulted = applyDefaults(setAt(statefulSet(), ["spec", "updateStrategy"], { type: "RollingUpdate" }));
  assert.equal(getAt(defaulted, ["spec", "updateStrategy", "rollingUpdate"]), undefined);
  const onDelete = applyDefaults(setAt(statefulSet(), ["spec", "updateStrategy"], { type: "OnDelete" }));
  assert.equal(getAt(onDelete, ["spec", "updateStrategy", "rollingUpdate"]), undefined);
});

test("Deployment Recreate and DaemonSet OnDelete get no rollingUpdate", () => {
  assert.equal(getAt(applyDefaults(setAt(deployment(), ["spec", "strategy"], { type: "Recreate" })), ["spec", "strategy", "rollingUpdate"]), undefined);
  assert.equal(getAt(applyDefaults(setAt(daemonSet(), ["spec", "updateStrategy"], { type: "OnDelete" })), ["spec", "updateStrategy", "rollingUpdate"]), undefined);
});

test("Pods (not templates) copy limits to missing requests and enable service links", () => {
  const withLimits = setAt(pod(), ["spec", "containers", 0, "resources"], { limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "100m" } });
  assert.deepEqual(getAt(applyDefaults(withLimits), ["spec", "containers", 0, "resources", "requests"]), { cpu: "100m", memory: "1Gi" });
  const template = setAt(deployment(), ["spec", "template", "spec", "containers", 0, "resources"], { limits: { cpu: "500m" } });
  assert.equal(getAt(applyDefaults(template), ["spec", "template", "spec", "containers", 0, "resources", "requests"]), undefined);
  assert.equal(getAt(applyDefaults(deployment()), ["spec", "template", "spec", "enableServiceLinks"]), undefined);
});

test("host network Pods get hostPort = containerPort", () => {
  const hostNet = applyDefaults(setAt(pod(), ["spec", "hostNetwork"], true));
  assert.equal(getAt(hostNet, ["spec", "containers", 0, "ports", 0, "hostPort"]), 80);
  assert.equal(getAt(applyDefaults(pod()), ["spec", "containers", 0, "ports", 0, "hostPort"]), undefined);
});

test("Service: targetPort follows port; NodePort gets externalTrafficPolicy; ExternalName gets no IP families", () => {
  const nodePort = applyDefaults(setAt(service(), ["spec", "type"], "NodePort"));
  assert.equal(getAt(nodePort, ["spec", "externalTrafficPolicy"]), "Cluster");
  assert.equal(getAt(applyDefaults(service()), ["spec", "externalTrafficPolicy"]), undefined);
  const lb = applyDefaults(setAt(service(), ["spec", "type"], "LoadBalancer"));
  assert.equal(getAt(lb, ["spec", "allocateLoadBalancerNodePorts"]), true);
  const external = applyDefaults(setAt(setAt(service(), ["spec", "type"], "ExternalName"), ["spec", "externalName"], "db.example.com"));
  assert.equal(getAt(external, ["spec", "ipFamilyPolicy"]), undefined);
  assert.equal(getAt(external, ["spec", "internalTrafficPolicy"]), undefined);
  assert.equal(getAt(applyDefaults(service()), ["spec", "clusterIP"]), undefined, "cluster IPs are allocated, not defaulted");
});

test("Service: ClientIP affinity gets a 3-hour timeout; None drops the config", () => {
  const clientIP = applyDefaults(setAt(service(), ["spec", "sessionAffinity"], "ClientIP"));
  assert.equal(getAt(clientIP, ["spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"]), 10800);
  const none = applyDefaults(setAt(service(), ["spec", "sessionAffinityConfig"], { clientIP: { timeoutSeconds: 5 } }));
  assert.equal(getAt(none, ["spec", "sessionAffinityConfig"]), undefined);
});

test("Namespace: labelled with its own name, even over a user's value", () => {
  assert.deepEqual(getAt(applyDefaults(namespace()), ["metadata", "labels"]), { "kubernetes.io/metadata.name": "kafka" });
  const lying = setAt(namespace(), ["metadata", "labels"], { "kubernetes.io/metadata.name": "other", team: "a" });
  assert.deepEqual(getAt(applyDefaults(lying), ["metadata", "labels"]), { "kubernetes.io/metadata.name": "kafka", team: "a" });
});

test("HPA v2 behavior is completed only when given", () => {
  assert.equal(getAt(applyDefaults(hpaV2()), ["spec", "behavior"]), undefined);
  const given = applyDefaults(setAt(hpaV2(), ["spec", "behavior"], { scaleDown: { stabilizationWindowSeconds: 60 } }));
  assert.deepEqual(getAt(given, ["spec", "behavior"]), {
    scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    },
  });
});

test("kinds without defaults come back as an equal copy", () => {
  const cm: JsonObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };
  const out = applyDefaults(cm);
  assert.deepEqual(out, cm);
  assert.notEqual(out, cm);
  assert.deepEqual(applyDefaults({ kind: "Widget", apiVersion: "example.com/v1" }), { kind: "Widget", apiVersion: "example.com/v1" });
});

const everyKind = [pod, deployment, replicaSet, rc, daemonSet, statefulSet, job, cronJob, service, claim, secret, namespace, hpaV1, hpaV2];

test("applyDefaults is idempotent for every kind", () => {
  for (const make of everyKind) {
    const once = applyDefaults(make());
    assert.deepEqual(applyDefaults(once), once, String(make().kind));
  }
});

test("applyDefaults never modifies its input", () => {
  for (const make of everyKind) {
    const input = make();
    const snapshot = structuredClone(input);
    const out = applyDefaults(input);
    assert.deepEqual(input, snapshot, String(input.kind));
    assert.notDeepEqual(out, input, `${String(input.kind)} got no defaults at all`);
  }
});

test("partial objects do not throw", () => {
  for (const kind of ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Service", "PersistentVolumeClaim", "Namespace"]) {
    for (const apiVersion of ["v1", "apps/v1", "batch/v1"]) {
      assert.doesNotThrow(() => applyDefaults({ apiVersion, kind }));
      assert.doesNotThrow(() => applyDefaults({ apiVersion, kind, spec: null, metadata: null }));
      assert.doesNotThrow(() => applyDefaults({ apiVersion, kind, spec: { template: null, containers: null, strategy: "x", updateStrategy: 3 } }));
    }
  }
});

test("Service: RequireDualStack gets no single-family default", () => {
  const dual = applyDefaults(setAt(service(), ["spec", "ipFamilyPolicy"], "RequireDualStack"));
  assert.equal(getAt(dual, ["spec", "ipFamilies"]), undefined);
  const prefer = applyDefaults(setAt(service(), ["spec", "ipFamilyPolicy"], "PreferDualStack"));
  assert.deepEqual(getAt(prefer, ["spec", "ipFamilies"]), ["IPv4"]);
});
