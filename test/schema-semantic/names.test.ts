import { test } from "node:test";
import assert from "node:assert/strict";
import {
  configMapKeyProblems,
  dns1035LabelProblems,
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  envVarNameProblems,
  ianaServiceNameProblems,
  labelValueProblems,
  maskTrailingDash,
  qualifiedNameProblems,
} from "../../src/schema/names.js";

test("DNS-1123 labels: lowercase alphanumerics and '-', at most 63", () => {
  for (const ok of ["web", "a", "123-abc", "x".repeat(63)]) assert.deepEqual(dns1123LabelProblems(ok), [], ok);
  for (const bad of ["Web", "-web", "web-", "we_b", "a.b", "", "x".repeat(64)]) assert.ok(dns1123LabelProblems(bad).length > 0, bad);
});

test("DNS-1123 subdomains allow dots, at most 253", () => {
  for (const ok of ["example.com", "my-app.v1", "10.240.79.157"]) assert.deepEqual(dns1123SubdomainProblems(ok), [], ok);
  for (const bad of ["Example.com", "a..b", ".a", "a.", "x".repeat(254)]) assert.ok(dns1123SubdomainProblems(bad).length > 0, bad);
});

test("DNS-1035 labels must start with a letter (Service names)", () => {
  assert.deepEqual(dns1035LabelProblems("web-1"), []);
  assert.ok(dns1035LabelProblems("1web").length > 0);
});

test("generateName prefixes may end with a dash", () => {
  assert.equal(maskTrailingDash("web-"), "weba");
  assert.deepEqual(dns1123SubdomainProblems(maskTrailingDash("web-")), []);
});

test("IANA service names: at most 15, a letter, no double or edge hyphens", () => {
  for (const ok of ["http", "kafka-client", "h2c", "web-metrics-123"]) assert.deepEqual(ianaServiceNameProblems(ok), [], ok);
  for (const bad of ["8080", "HTTP", "my--port", "-http", "http-", "a-very-long-port-name"]) assert.ok(ianaServiceNameProblems(bad).length > 0, bad);
});

test("qualified names: optional DNS prefix, name part of at most 63", () => {
  for (const ok of ["app", "app.kubernetes.io/name", "MyKey", "my_key.v1"]) assert.deepEqual(qualifiedNameProblems(ok), [], ok);
  for (const bad of ["", "/name", "a/b/c", "Example.com/x", "-x", `${"x".repeat(64)}`, "prefix/"]) assert.ok(qualifiedNameProblems(bad).length > 0, bad);
});

test("label values: empty or up to 63 alphanumerics with -_. inside", () => {
  for (const ok of ["", "v1.2_3", "Web"]) assert.deepEqual(labelValueProblems(ok), [], ok);
  for (const bad of ["-v", "a b", "x".repeat(64), "v/1"]) assert.ok(labelValueProblems(bad).length > 0, bad);
});

test("config keys: file-name safe, not . or .. or ..-prefixed", () => {
  for (const ok of ["app.properties", "KEY_NAME", ".hidden"]) assert.deepEqual(configMapKeyProblems(ok), [], ok);
  for (const bad of [".", "..", "..data", "a/b", "a b"]) assert.ok(configMapKeyProblems(bad).length > 0, bad);
});

test("environment variable names: printable ASCII without '=' (1.34 relaxed rule)", () => {
  for (const ok of ["PATH", "my.var", "1ST", "with space"]) assert.deepEqual(envVarNameProblems(ok), [], ok);
  for (const bad of ["", "A=B", "tab\there", "é"]) assert.ok(envVarNameProblems(bad).length > 0, bad);
});
