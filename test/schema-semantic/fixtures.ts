import assert from "node:assert/strict";
import { formatFieldPath } from "../../src/diag/span.js";
import type { ValidationIssue } from "../../src/schema/issue.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../src/schema/json.js";
import { applyDefaults } from "../../src/schema/defaults/index.js";
import { validateSemantics } from "../../src/schema/semantic/index.js";

/** Deep merge for test objects: objects merge, everything else (lists too) replaces; `undefined` removes. */
export function merge(base: JsonObject, patch: Record<string, unknown>): JsonObject {
  const out: JsonObject = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else if (isJsonObject(value as JsonValue) && isJsonObject(out[key])) out[key] = merge(out[key] as JsonObject, value as Record<string, unknown>);
    else out[key] = structuredClone(value) as JsonValue;
  }
  return out;
}

export const labels = { app: "web" };

export function container(patch: Record<string, unknown> = {}): JsonObject {
  return merge({ name: "web", image: "nginx:1.27" }, patch);
}

export function podSpec(patch: Record<string, unknown> = {}): JsonObject {
  return merge({ containers: [container()] }, patch);
}

export function pod(specPatch: Record<string, unknown> = {}, top: Record<string, unknown> = {}): JsonObject {
  return merge({ apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: podSpec(specPatch) }, top);
}

function template(specPatch: Record<string, unknown> = {}): JsonObject {
  return { metadata: { labels }, spec: podSpec(specPatch) };
}

export function deployment(specPatch: Record<string, unknown> = {}, top: Record<string, unknown> = {}): JsonObject {
  const base = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { selector: { matchLabels: labels }, template: template() } };
  return merge(merge(base, { spec: specPatch }), top);
}

export function replicaSet(specPatch: Record<string, unknown> = {}): JsonObject {
  return merge({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web" }, spec: { selector: { matchLabels: labels }, template: template() } }, { spec: specPatch });
}

export function replicationController(specPatch: Record<string, unknown> = {}): JsonObject {
  return merge({ apiVersion: "v1", kind: "ReplicationController", metadata: { name: "web" }, spec: { template: template() } }, { spec: specPatch });
}

export function daemonSet(specPatch: Record<string, unknown> = {}): JsonObject {
  return merge({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { selector: { matchLabels: labels }, template: template() } }, { spec: specPatch });
}

export function statefulSet(specPatch: Record<string, unknown> = {}): JsonObject {
  return merge(
    { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { serviceName: "db", selector: { matchLabels: labels }, template: template() } },
    { spec: specPatch },
  );
}

export function claimTemplate(name: string, specPatch: Record<string, unknown> = {}): JsonObject {
  return merge({ metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }, { spec: specPatch });
}

export function job(specPatch: Record<string, unknown> = {}, top: Record<string, unknown> = {}): JsonObject {
  const base = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "pi" }, spec: { template: { spec: podSpec({ restartPolicy: "Never" }) } } };
  return merge(merge(base, { spec: specPatch }), top);
}

export function cronJob(specPatch: Record<string, unknown> = {}, top: Record<string, unknown> = {}): JsonObject {
  const base = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello" },
    spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: { spec: podSpec({ restartPolicy: "OnFailure" }) } } } },
  };
  return merge(merge(base, { spec: specPatch }), top);
}

export function service(specPatch: Record<string, unknown> = {}, top: Record<string, unknown> = {}): JsonObject {
  const base = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } };
  return merge(merge(base, { spec: specPatch }), top);
}

export function claim(specPatch: Record<string, unknown> = {}): JsonObject {
  return merge({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }, { spec: specPatch });
}

export function hpaV2(specPatch: Record<string, unknown> = {}): JsonObject {
  return merge(
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 5 },
    },
    { spec: specPatch },
  );
}

export function hpaV1(specPatch: Record<string, unknown> = {}): JsonObject {
  return merge(
    { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "web" }, spec: { scaleTargetRef: { kind: "ReplicaSet", name: "web" }, maxReplicas: 5 } },
    { spec: specPatch },
  );
}

/** Defaults then validates, as the validation pipeline does. */
export function check(object: JsonObject): ValidationIssue[] {
  return validateSemantics(applyDefaults(object));
}

function describe(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `  ${i.severity} ${i.code} ${formatFieldPath(i.path)}: ${i.message}`).join("\n") || "  (none)";
}

/** Asserts an issue with this code at this path (kubectl-style, e.g. `spec.template.spec.containers[0].name`). */
export function expectIssue(object: JsonObject, code: string, path: string, severity: "error" | "warning" = "error"): ValidationIssue {
  const issues = check(object);
  const found = issues.find((i) => i.code === code && formatFieldPath(i.path) === path && i.severity === severity);
  assert.ok(found, `expected ${severity} ${code} at ${path}, got:\n${describe(issues)}`);
  return found;
}

/** Asserts that no issue has this code (the passing case of a rule). */
export function expectNoIssue(object: JsonObject, code: string): void {
  const issues = check(object).filter((i) => i.code === code);
  assert.equal(issues.length, 0, `expected no ${code}, got:\n${describe(issues)}`);
}

/** Asserts no issue at all. */
export function expectClean(object: JsonObject): void {
  const issues = check(object);
  assert.equal(issues.length, 0, `expected no issues, got:\n${describe(issues)}`);
}
