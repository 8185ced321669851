import { test } from "node:test";
import assert from "node:assert/strict";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { decodeBase64Length } from "../../src/schema/semantic/data-keys.js";
import type { JsonObject, JsonValue } from "../../src/schema/json.js";
import { expectClean, expectIssue, expectNoIssue } from "./fixtures.js";

const configMap = (body: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, ...body });
const secret = (body: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, ...body });

test("clean ConfigMaps and Secrets have no issues", () => {
  expectClean(configMap({ data: { "app.properties": "a=1" }, binaryData: { "logo.png": "iVBORw0KGgo=" } }));
  expectClean(secret({ data: { password: "czNjcjN0" }, stringData: { user: "admin" } }));
});

test("base64 as Go decodes it", () => {
  assert.equal(decodeBase64Length("aGVsbG8="), 5);
  assert.equal(decodeBase64Length("aGVs\nbG8="), 5);
  assert.deepEqual(decodeBase64Length("hello"), { problem: "its length 5 is not a multiple of 4 (missing `=` padding?)" });
  assert.ok(typeof decodeBase64Length("a=bc") === "object");
  assert.ok(typeof decodeBase64Length("aGV*bG8=") === "object");
});

test("Secret data values are base64", () => {
  expectNoIssue(secret({ data: { token: "dG9rZW4=" } }), C.notBase64);
  const issue = expectIssue(secret({ data: { token: "not base64!" } }), C.notBase64, "data.token");
  assert.ok(issue.help?.[0].includes("stringData"));
  expectIssue(configMap({ binaryData: { blob: "abc" } }), C.notBase64, "binaryData.blob");
});

test("data keys are valid config keys", () => {
  expectNoIssue(configMap({ data: { "game.properties": "x", ENV_FILE: "y" } }), C.invalidDataKey);
  expectIssue(configMap({ data: { "conf/app.yaml": "x" } }), C.invalidDataKey, 'data["conf/app.yaml"]');
  expectIssue(secret({ stringData: { "..data": "x" } }), C.invalidDataKey, 'stringData["..data"]');
});

test("a ConfigMap key may not be in both data and binaryData", () => {
  expectNoIssue(configMap({ data: { a: "x" }, binaryData: { b: "eA==" } }), C.duplicateDataKey);
  expectIssue(configMap({ data: { a: "x" }, binaryData: { a: "eA==" } }), C.duplicateDataKey, "binaryData.a");
});

test("ConfigMaps and Secrets hold at most 1 MiB", () => {
  expectNoIssue(configMap({ data: { a: "x".repeat(1024 * 1024) } }), C.dataTooLarge);
  expectIssue(configMap({ data: { a: "x".repeat(1024 * 1024), b: "y" } }), C.dataTooLarge, "data");
});

test("built-in Secret types need their keys", () => {
  expectNoIssue(secret({ type: "kubernetes.io/tls", data: { "tls.crt": "eA==", "tls.key": "eA==" } }), C.secretType);
  expectIssue(secret({ type: "kubernetes.io/tls", data: { "tls.crt": "eA==" } }), C.secretType, "data");
  expectNoIssue(secret({ type: "kubernetes.io/basic-auth", stringData: { password: "p" } }), C.secretType);
  expectIssue(secret({ type: "kubernetes.io/basic-auth", stringData: { user: "u" } }), C.secretType, "data");
  expectIssue(secret({ type: "kubernetes.io/service-account-token" }), C.secretType, "metadata.annotations");
});

test("Node taints: qualified keys, known effects, no duplicates", () => {
  const node = (taints: JsonValue[]): JsonObject => ({ apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, spec: { taints } });
  expectNoIssue(node([{ key: "dedicated", value: "gpu", effect: "NoSchedule" }]), C.nodeTaint);
  expectIssue(node([{ key: "dedicated", effect: "Sometimes" }]), C.nodeTaint, "spec.taints[0].effect");
  expectIssue(node([{ key: "bad key", effect: "NoSchedule" }]), C.nodeTaint, "spec.taints[0].key");
  expectIssue(node([{ key: "a", effect: "NoSchedule" }, { key: "a", effect: "NoSchedule" }]), C.nodeTaint, "spec.taints[1]");
});

test("ControllerRevision: data is mandatory, revision not negative", () => {
  const revision = (body: Record<string, unknown>) => ({ apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "web-7d4b9c" }, ...body });
  expectNoIssue(revision({ data: { spec: {} }, revision: 1 }), C.controllerRevision);
  expectIssue(revision({ revision: 1 }), C.controllerRevision, "data");
  expectIssue(revision({ data: {}, revision: -1 }), C.controllerRevision, "revision");
});
