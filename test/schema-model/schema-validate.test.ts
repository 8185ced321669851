import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { KIND_INDEX } from "../../src/schema/generated/kind-index.js";
import type { ValidationIssue } from "../../src/schema/issue.js";
import type { JsonObject } from "../../src/schema/json.js";
import { validateSchema } from "../../src/schema/schema-validate.js";
import { repoRoot } from "./golden.js";

const labels = { app: "web" };
const podSpec: JsonObject = {
  restartPolicy: "Always",
  containers: [
    {
      name: "web",
      image: "nginx:1.27",
      imagePullPolicy: "IfNotPresent",
      ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
      env: [{ name: "MODE", value: "prod" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: 1, memory: "512Mi" } },
      readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 5 },
      volumeMounts: [{ name: "data", mountPath: "/data" }],
    },
  ],
  volumes: [{ name: "data", emptyDir: {} }],
};
const template: JsonObject = { metadata: { labels }, spec: podSpec };
const meta = (name: string): JsonObject => ({ name, namespace: "default", labels });

/** A valid object of every kind mk models. */
const validExamples: Record<string, JsonObject> = {
  "v1 Pod": { apiVersion: "v1", kind: "Pod", metadata: meta("web"), spec: podSpec },
  "v1 ReplicationController": { apiVersion: "v1", kind: "ReplicationController", metadata: meta("web"), spec: { replicas: 2, selector: labels, template } },
  "apps/v1 ReplicaSet": { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: meta("web"), spec: { replicas: 2, selector: { matchLabels: labels }, template } },
  "apps/v1 Deployment": {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta("web"),
    spec: { replicas: 3, selector: { matchLabels: labels }, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } }, template },
  },
  "apps/v1 StatefulSet": {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta("db"),
    spec: {
      serviceName: "db",
      replicas: 3,
      selector: { matchLabels: labels },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } },
      template,
      volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    },
  },
  "apps/v1 DaemonSet": {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: meta("agent"),
    spec: { selector: { matchLabels: labels }, template: { ...template, spec: { ...podSpec, tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] } } },
  },
  "apps/v1 ControllerRevision": { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: meta("db-7d9f"), revision: 2, data: { spec: { template } } },
  "batch/v1 Job": { apiVersion: "batch/v1", kind: "Job", metadata: meta("pi"), spec: { completions: 3, parallelism: 2, backoffLimit: 4, template: { spec: { ...podSpec, restartPolicy: "Never" } } } },
  "batch/v1 CronJob": {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: meta("hello"),
    spec: { schedule: "*/1 * * * *", concurrencyPolicy: "Forbid", jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: "OnFailure" } } } } },
  },
  "v1 Service": { apiVersion: "v1", kind: "Service", metadata: meta("web"), spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
  "v1 ConfigMap": { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cfg"), data: { "app.properties": "a=1\n" }, immutable: false },
  "v1 Secret": { apiVersion: "v1", kind: "Secret", metadata: meta("creds"), type: "Opaque", data: { password: "c2VjcmV0" }, stringData: { user: "admin" } },
  "v1 PersistentVolumeClaim": { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: meta("data"), spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } },
  "v1 Namespace": { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } },
  "v1 Node": { apiVersion: "v1", kind: "Node", metadata: { name: "node-1", labels: { "kubernetes.io/hostname": "node-1" } }, spec: { unschedulable: false } },
  "v1 Event": {
    apiVersion: "v1",
    kind: "Event",
    metadata: meta("web.17a"),
    involvedObject: { kind: "Pod", name: "web", namespace: "default" },
    reason: "Started",
    message: "Started container web",
    type: "Normal",
    count: 1,
    firstTimestamp: "2024-01-31T12:00:00Z",
  },
  "events.k8s.io/v1 Event": {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: meta("web.17b"),
    eventTime: "2024-01-31T12:00:00.123456Z",
    reportingController: "mk/kubelet",
    reportingInstance: "mk",
    action: "Started",
    reason: "Started",
    regarding: { kind: "Pod", name: "web" },
    type: "Normal",
  },
  "autoscaling/v2 HorizontalPodAutoscaler": {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta("web"),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
    },
  },
  "autoscaling/v1 HorizontalPodAutoscaler": {
    apiVersion: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    metadata: meta("web"),
    spec: { scaleTargetRef: { kind: "ReplicaSet", name: "frontend" }, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
  },
};

function describe(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.code} ${JSON.stringify(i.path)} ${i.message}`).join("\n") || "(none)";
}

test("every kind has a valid example that passes", () => {
  assert.deepEqual(Object.keys(validExamples).sort(), KIND_INDEX.map((e) => `${e.apiVersion} ${e.kind}`).sort());
  for (const [name, object] of Object.entries(validExamples)) {
    const issues = validateSchema(object);
    assert.deepEqual(issues, [], `${name}:\n${describe(issues)}`);
  }
});

/** The Deployment example with one change applied to a deep copy. */
function deploymentWith(change: (d: Record<string, any>) => void): JsonObject {
  const d = structuredClone(validExamples["apps/v1 Deployment"]) as Record<string, any>;
  change(d);
  return d as JsonObject;
}

function single(object: JsonObject): ValidationIssue {
  const issues = validateSchema(object);
  assert.equal(issues.length, 1, `expected one issue, got:\n${describe(issues)}`);
  return issues[0];
}

const containerPath = ["spec", "template", "spec", "containers", 0];

test("kubectl --dry-run output is accepted: null for optional fields, empty status and resources", () => {
  const issues = validateSchema(
    deploymentWith((d) => {
      d.metadata.creationTimestamp = null;
      d.spec.template.metadata.creationTimestamp = null;
      d.spec.template.spec.containers[0].resources = {};
      d.spec.strategy = {};
      d.status = {};
    }),
  );
  assert.deepEqual(issues, []);
  // An optional enum given as "" is unset, as the apiserver reads it.
  assert.deepEqual(validateSchema(deploymentWith((d) => (d.spec.template.spec.restartPolicy = ""))), []);
});

test("a required field set to null is missing", () => {
  const issue = single(deploymentWith((d) => (d.spec.selector = null)));
  assert.equal(issue.code, "MK4006");
  assert.deepEqual(issue.path, ["spec", "selector"]);
});

test("missing apiVersion and kind are both reported, with what to write", () => {
  const issues = validateSchema({ metadata: { name: "simple-webapp" }, spec: { containers: [{ name: "main", image: "nginx" }] } });
  assert.deepEqual(
    issues.map((i) => [i.code, i.path, i.message]),
    [
      ["MK4001", ["apiVersion"], "missing `apiVersion`"],
      ["MK4002", ["kind"], "missing `kind`"],
    ],
  );
  assert.deepEqual(issues[0].help, ["add `apiVersion: v1`"]);
  assert.match(issues[1].help?.[0] ?? "", /looks like a Pod.*`kind: Pod`/);
  assert.equal(single(deploymentWith((d) => (d.apiVersion = 1))).code, "MK4001");
  assert.deepEqual(single(deploymentWith((d) => delete d.apiVersion)).help, ["add `apiVersion: apps/v1`"]);
});

test("unknown kinds and versions get did-you-mean", () => {
  const typo = single(deploymentWith((d) => (d.kind = "Deploymnet")));
  assert.equal(typo.code, "MK4003");
  assert.deepEqual(typo.path, ["kind"]);
  assert.equal(typo.message, "unknown kind `Deploymnet`");
  assert.equal(typo.label, "did you mean `Deployment`?");

  const wrongGroup = single(deploymentWith((d) => (d.apiVersion = "v1")));
  assert.equal(wrongGroup.code, "MK4003");
  assert.deepEqual(wrongGroup.path, ["apiVersion"]);
  assert.equal(wrongGroup.message, "no kind `Deployment` in version `v1`");
  assert.equal(wrongGroup.label, "did you mean `apps/v1`?");

  const unsupported = single({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "x" } });
  assert.equal(unsupported.code, "MK4003");
  assert.match(unsupported.message, /mk does not support kind `Ingress`/);
});

test("removed API versions name the version to use", () => {
  const cases: [string, string, string][] = [
    ["batch/v1beta1", "CronJob", "batch/v1"],
    ["apps/v1beta1", "Deployment", "apps/v1"],
    ["apps/v1beta2", "StatefulSet", "apps/v1"],
    ["extensions/v1beta1", "DaemonSet", "apps/v1"],
    ["extensions/v1beta1", "ReplicaSet", "apps/v1"],
    ["autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2"],
    ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2"],
  ];
  for (const [apiVersion, kind, use] of cases) {
    const issue = single({ apiVersion, kind, metadata: { name: "x" } });
    assert.equal(issue.code, "MK4004", `${apiVersion} ${kind}`);
    assert.deepEqual(issue.path, ["apiVersion"]);
    assert.match(issue.message, new RegExp(`no matches for kind \`${kind}\` in version \`${apiVersion.replace("/", "\\/")}\``));
    assert.equal(issue.label, `use \`${use}\``);
  }
});

test("unknown field, with did-you-mean over the fields at that path", () => {
  const issue = single(deploymentWith((d) => (d.spec.replcas = 3)));
  assert.equal(issue.code, "MK4005");
  assert.deepEqual(issue.path, ["spec", "replcas"]);
  assert.equal(issue.message, "unknown field `replcas` in DeploymentSpec");
  assert.equal(issue.label, "did you mean `replicas`?");
  const deep = single(deploymentWith((d) => (d.spec.template.spec.containers[0].imagePullPolicyy = "Always")));
  assert.deepEqual(deep.path, [...containerPath, "imagePullPolicyy"]);
  assert.equal(deep.label, "did you mean `imagePullPolicy`?");
  assert.equal(single(deploymentWith((d) => (d.spec.zzz = 1))).label, "unknown field");
});

test("wrong types say what was expected and what was found", () => {
  const list = single(deploymentWith((d) => (d.spec.template.spec.containers = { name: "web", image: "nginx" })));
  assert.equal(list.code, "MK4007");
  assert.deepEqual(list.path, ["spec", "template", "spec", "containers"]);
  assert.equal(list.message, "expected a list of Container, got a mapping");
  assert.match(list.help?.[0] ?? "", /`- `/);

  const str = single(deploymentWith((d) => (d.spec.template.spec.containers[0].image = 5)));
  assert.deepEqual(str.path, [...containerPath, "image"]);
  assert.equal(str.message, "expected string, got integer");

  const map = single(deploymentWith((d) => (d.metadata.labels = [{ name: "app" }])));
  assert.deepEqual(map.path, ["metadata", "labels"]);
  assert.equal(map.message, "expected a mapping of string to string, got a list");

  const int = single(deploymentWith((d) => (d.spec.replicas = "3")));
  assert.equal(int.message, "expected integer, got string");
  assert.deepEqual(int.help, ["remove the quotes: this field takes a number"]);

  const obj = single(deploymentWith((d) => (d.spec.template.spec = [])));
  assert.equal(obj.message, "expected PodSpec (a mapping), got a list");
});

test("missing required field", () => {
  const issue = single(deploymentWith((d) => delete d.spec.template.spec.containers[0].name));
  assert.equal(issue.code, "MK4006");
  assert.deepEqual(issue.path, [...containerPath, "name"]);
  assert.equal(issue.message, "missing required field `name`");
});

test("values outside an enum list the allowed values", () => {
  const issue = single(deploymentWith((d) => (d.spec.template.spec.restartPolicy = "Sometimes")));
  assert.equal(issue.code, "MK4008");
  assert.deepEqual(issue.path, ["spec", "template", "spec", "restartPolicy"]);
  assert.equal(issue.message, '`Sometimes` is not one of "Always", "OnFailure", "Never"');
  assert.equal(single(deploymentWith((d) => (d.spec.template.spec.restartPolicy = "never"))).label, "did you mean `Never`?");
});

test("malformed quantities, times, base64 and out-of-range integers", () => {
  const quantity = single(deploymentWith((d) => (d.spec.template.spec.containers[0].resources.limits.memory = "512MB")));
  assert.equal(quantity.code, "MK4009");
  assert.deepEqual(quantity.path, [...containerPath, "resources", "limits", "memory"]);
  assert.equal(quantity.message, "`512MB` is not a valid quantity");
  const time = single(deploymentWith((d) => (d.metadata.creationTimestamp = "yesterday")));
  assert.equal(time.code, "MK4009");
  const secret = single({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { password: "secret!" } });
  assert.equal(secret.code, "MK4009");
  assert.deepEqual(secret.path, ["data", "password"]);
  assert.match(secret.help?.[0] ?? "", /stringData/);
  const range = single(deploymentWith((d) => (d.spec.replicas = 2 ** 31)));
  assert.equal(range.code, "MK4010");
});

test("one issue per problem: several problems in one object are all reported, each once", () => {
  const issues = validateSchema(
    deploymentWith((d) => {
      d.spec.replcas = 3;
      d.spec.template.spec.containers[0].image = 5;
      d.spec.template.spec.containers[0].ports[0].protocol = "tcp";
      delete d.spec.selector;
    }),
  );
  assert.deepEqual(issues.map((i) => i.code).sort(), ["MK4005", "MK4006", "MK4007", "MK4008"]);
});

// Seed manifests that are schema-invalid (shared/seeds/manifests/NOTES.md), copied under test/fixtures/seeds/.
function seed(name: string): JsonObject {
  const text = readFileSync(new URL(`test/fixtures/seeds/${name}`, repoRoot), "utf8");
  const docs = parseAllDocuments(text);
  return docs[0].toJS() as JsonObject;
}

test("seed 027: metadata.labels is a list", () => {
  const issue = single(seed("027_002_pod_app.yaml"));
  assert.equal(issue.code, "MK4007");
  assert.deepEqual(issue.path, ["metadata", "labels"]);
});

test("seed 039: no apiVersion and no kind", () => {
  assert.deepEqual(validateSchema(seed("039_004_pod_simple-webapp.yaml")).map((i) => i.code), ["MK4001", "MK4002"]);
});

test("seeds 041 and 044: containers is a mapping, not a list", () => {
  for (const name of ["041_004_replicaset_gateway-9dc546658.yaml", "044_004_deployment_gateway.yaml"]) {
    const issue = single(seed(name));
    assert.equal(issue.message, "expected a list of Container, got a mapping", name);
    assert.deepEqual(issue.path, ["spec", "template", "spec", "containers"]);
  }
});

test("seed 046: a container without a name", () => {
  const issue = single(seed("046_004_daemonset_fluent-bit.yaml"));
  assert.equal(issue.code, "MK4006");
  assert.deepEqual(issue.path, [...containerPath, "name"]);
});

test("seeds 036, 048, 038: removed API versions", () => {
  for (const [name, use] of [
    ["036_002_cronjob_hello.yaml", "batch/v1"],
    ["048_004_cronjob_pi.yaml", "batch/v1"],
    ["038_003_deployment_nginx-deployment.yaml", "apps/v1"],
  ]) {
    const issue = single(seed(name));
    assert.equal(issue.code, "MK4004", name);
    assert.equal(issue.label, `use \`${use}\``);
  }
});

test("seed 017: kubectl create --dry-run output is schema-valid", () => {
  assert.deepEqual(validateSchema(seed("017_001_deployment_nginx.yaml")), []);
});
