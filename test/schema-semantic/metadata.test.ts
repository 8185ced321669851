import { test } from "node:test";
import assert from "node:assert/strict";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { validateSemantics } from "../../src/schema/semantic/index.js";
import { deployment, expectIssue, expectNoIssue, merge, pod, service, statefulSet } from "./fixtures.js";

test("object names follow each kind's syntax", () => {
  expectNoIssue(deployment({}, { metadata: { name: "web.v2" } }), C.invalidName);
  const issue = expectIssue(deployment({}, { metadata: { name: "Web_App" } }), C.invalidName, "metadata.name");
  assert.match(issue.message, /DNS-1123 subdomain/);
  assert.deepEqual(issue.help, ["try `web-app`"]);
});

test("StatefulSet names are DNS labels; Service names start with a letter", () => {
  expectNoIssue(statefulSet(), C.invalidName);
  expectIssue(merge(statefulSet(), { metadata: { name: "db.v1" } }), C.invalidName, "metadata.name");
  expectNoIssue(service(), C.invalidName);
  expectIssue(service({}, { metadata: { name: "1web" } }), C.invalidName, "metadata.name");
});

test("Namespace names are DNS labels", () => {
  expectNoIssue({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kafka" } }, C.invalidName);
  expectIssue({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team.a" } }, C.invalidName, "metadata.name");
});

test("a name or a generateName is required", () => {
  expectNoIssue(pod({}, { metadata: { name: undefined, generateName: "web-" } }), C.missingName);
  expectIssue(pod({}, { metadata: { name: undefined } }), C.missingName, "metadata.name");
});

test("generateName is a prefix: a trailing dash is fine, other invalid characters are not", () => {
  expectNoIssue(pod({}, { metadata: { name: undefined, generateName: "web-" } }), C.invalidGenerateName);
  expectIssue(pod({}, { metadata: { name: undefined, generateName: "Web_" } }), C.invalidGenerateName, "metadata.generateName");
});

test("metadata.namespace must be a DNS label", () => {
  expectNoIssue(pod({}, { metadata: { namespace: "kube-system" } }), C.invalidNamespace);
  expectIssue(pod({}, { metadata: { namespace: "Kube_System" } }), C.invalidNamespace, "metadata.namespace");
});

test("a namespace on a cluster-scoped kind is ignored, with a warning", () => {
  const node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1" } };
  expectNoIssue(node, C.namespaceOnClusterScoped);
  expectIssue(merge(node, { metadata: { namespace: "default" } }), C.namespaceOnClusterScoped, "metadata.namespace", "warning");
});

test("label keys: optional DNS prefix and a name of at most 63 characters", () => {
  expectNoIssue(pod({}, { metadata: { labels: { "app.kubernetes.io/name": "web" } } }), C.invalidLabelKey);
  expectIssue(pod({}, { metadata: { labels: { "bad key": "x" } } }), C.invalidLabelKey, 'metadata.labels["bad key"]');
  expectIssue(pod({}, { metadata: { labels: { "Example.com/app": "x" } } }), C.invalidLabelKey, 'metadata.labels["Example.com/app"]');
});

test("label values: at most 63 characters of [A-Za-z0-9-_.]", () => {
  expectNoIssue(pod({}, { metadata: { labels: { version: "1.2.3" } } }), C.invalidLabelValue);
  expectIssue(pod({}, { metadata: { labels: { version: "v 1" } } }), C.invalidLabelValue, "metadata.labels.version");
  expectIssue(pod({}, { metadata: { labels: { note: "x".repeat(64) } } }), C.invalidLabelValue, "metadata.labels.note");
});

test("template labels are checked too", () => {
  expectIssue(deployment({ template: { metadata: { labels: { app: "web", "x/y/z": "1" } } } }), C.invalidLabelKey, 'spec.template.metadata.labels["x/y/z"]');
});

test("annotation keys are qualified names; annotations total at most 256 KiB", () => {
  expectNoIssue(pod({}, { metadata: { annotations: { "example.com/Build": "any text, even with spaces" } } }), C.invalidAnnotations);
  expectIssue(pod({}, { metadata: { annotations: { "not a key": "x" } } }), C.invalidAnnotations, 'metadata.annotations["not a key"]');
  expectIssue(pod({}, { metadata: { annotations: { big: "x".repeat(256 * 1024) } } }), C.invalidAnnotations, "metadata.annotations");
});

test("objects without a kind produce no issues and nothing throws on odd shapes", () => {
  assert.deepEqual(validateSemantics({}), []);
  assert.doesNotThrow(() => validateSemantics({ kind: "Deployment", metadata: null, spec: "x" } as never));
  assert.doesNotThrow(() => validateSemantics({ kind: "Pod", spec: { containers: [null, 3, { ports: [null] }] } } as never));
});
