import { test } from "node:test";
import assert from "node:assert/strict";
import { applyDefaults, withDefaults } from "../../src/schema/defaults/index.js";
import type { JsonObject, JsonValue } from "../../src/schema/json.js";

const labels = { app: "web" };
const podSpec = (): JsonObject => ({
  hostNetwork: true,
  containers: [
    {
      name: "web",
      image: "nginx",
      ports: [{ containerPort: 80 }, { containerPort: 443, protocol: "TCP" }],
      livenessProbe: { httpGet: { port: 80 }, timeoutSeconds: 0 },
      lifecycle: { preStop: { httpGet: { port: 80 } } },
      env: [{ name: "A", value: "1" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      resources: { limits: { cpu: "1", memory: "1Gi" } },
    },
  ],
  volumes: [{ name: "cfg", configMap: { name: "cfg" } }, { name: "scratch" }, { name: "p", projected: { sources: [{ serviceAccountToken: { path: "t" } }] } }],
});

const objects = (): JsonObject[] => [
  { apiVersion: "v1", kind: "Pod", metadata: { name: "web", labels }, spec: podSpec() },
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", labels }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } } },
  { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "rc" }, spec: { template: { metadata: { labels }, spec: podSpec() } } },
  {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db" },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() }, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: {} }] },
  },
  { apiVersion: "batch/v1", kind: "Job", metadata: { name: "pi" }, spec: { template: { metadata: { labels }, spec: { ...podSpec(), restartPolicy: "Never" } } } },
  { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { sessionAffinity: "ClientIP", selector: labels, ports: [{ port: 80 }, { port: 81, targetPort: 0 }] } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "kafka", labels: { team: "a" } } },
  { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "s" }, spec: { maxReplicas: 5, behavior: { scaleDown: {} } } },
];

test("withDefaults gives the same object as applyDefaults and never modifies its input", () => {
  for (const input of objects()) {
    const snapshot = structuredClone(input);
    const viewed = withDefaults(input);
    assert.deepEqual(viewed, applyDefaults(snapshot), String(input.kind));
    assert.deepEqual(input, snapshot, `${String(input.kind)}: input modified`);
    assert.notDeepEqual(viewed, input, `${String(input.kind)} got no defaults`);
  }
});

test("withDefaults shares what defaulting leaves alone; applyDefaults shares nothing", () => {
  const deployment = objects()[1];
  const viewed = withDefaults(deployment);
  assert.equal(viewed.metadata, deployment.metadata, "metadata is not touched by defaulting");
  const spec = (o: JsonObject) => o.spec as JsonObject;
  assert.equal(spec(viewed).selector, spec(deployment).selector);
  assert.notEqual(spec(viewed).template, spec(deployment).template, "the template gets defaults, so it is a copy");

  const copied = applyDefaults(deployment);
  const reachable = new Set<object>();
  const collect = (v: JsonValue) => {
    if (v === null || typeof v !== "object") return;
    reachable.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) collect(child);
  };
  collect(deployment);
  const shared: string[] = [];
  const find = (v: JsonValue, path: string) => {
    if (v === null || typeof v !== "object") return;
    if (reachable.has(v)) shared.push(path);
    if (Array.isArray(v)) v.forEach((c, i) => find(c, `${path}[${i}]`));
    else for (const [k, c] of Object.entries(v)) find(c, `${path}.${k}`);
  };
  find(copied, "");
  assert.deepEqual(shared, []);
});

test("a kind without defaults is given back as is by withDefaults, as a copy by applyDefaults", () => {
  const cm: JsonObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };
  assert.equal(withDefaults(cm), cm);
  const copy = applyDefaults(cm);
  assert.deepEqual(copy, cm);
  assert.notEqual(copy.metadata, cm.metadata);
});
