import { test } from "node:test";
import assert from "node:assert/strict";
import { readYamlDocuments } from "../../src/lang/yaml-source/read-documents.js";

test("reads every document with its index, skipping nothing silently", () => {
  const r = readYamlDocuments("a.yaml", "a: 1\n---\n# only a comment\n---\nb: [1, 2]\n");
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(
    r.documents.map((d) => [d.index, d.value]),
    [
      [0, { a: 1 }],
      [1, undefined],
      [2, { b: [1, 2] }],
    ],
  );
});

test("a comment-only file has no documents and no errors", () => {
  const r = readYamlDocuments("c.yaml", "# nothing here\n\n");
  assert.equal(r.documents.length, 0);
  assert.equal(r.diagnostics.length, 0);
});

test("reads YAML 1.1 as Kubernetes does: octal modes, yes/no booleans, timestamps as strings", () => {
  const r = readYamlDocuments("k.yaml", "mode: 0755\nflag: yes\nwhen: 2020-02-12T07:06:16Z\nversion: 1.10\n");
  assert.deepEqual(r.documents[0].value, { mode: 493, flag: true, when: "2020-02-12T07:06:16Z", version: 1.1 });
});

test("JSON is read as YAML", () => {
  const r = readYamlDocuments("n.json", '{"kind": "Node", "apiVersion": "v1", "metadata": {"name": "n1"}}');
  assert.deepEqual(r.documents[0].value, { kind: "Node", apiVersion: "v1", metadata: { name: "n1" } });
});

test("malformed YAML is an error at its position and yields no document", () => {
  const r = readYamlDocuments("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
  assert.equal(r.documents.length, 0);
  assert.equal(r.diagnostics[0].code, "MK6001");
  assert.equal(r.diagnostics[0].span?.file, "bad.yaml");
  assert.ok((r.diagnostics[0].span?.start.line ?? 0) >= 2);
});

test("a duplicate key is an error naming the second occurrence", () => {
  const r = readYamlDocuments("dup.yaml", "metadata:\n  name: a\n  name: b\n");
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].code, "MK6002");
  assert.equal(r.diagnostics[0].span?.start.line, 3);
});

test("`...` followed by more lines is reported (kubectl does not read on)", () => {
  const r = readYamlDocuments("e.yaml", "kind: Pod\n...\nspec: {}\n");
  assert.equal(r.diagnostics[0].code, "MK6003");
  assert.equal(r.diagnostics[0].span?.start.line, 2);
});

test("the locator points at `key: value` for scalars and at the key for blocks", () => {
  const text = "spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n";
  const doc = readYamlDocuments("l.yaml", text).documents[0];
  const image = doc.locator.locate(["spec", "template", "spec", "containers", 0, "image"]);
  assert.deepEqual([image?.start.line, image?.start.col, image?.end.col], [6, 11, 23]);
  const containers = doc.locator.locate(["spec", "template", "spec", "containers"]);
  assert.deepEqual([containers?.start.line, containers?.start.col, containers?.end.col], [4, 7, 17]);
  // A path that does not exist falls back to its nearest ancestor.
  const missing = doc.locator.locate(["spec", "template", "spec", "containers", 0, "ports", 0]);
  assert.equal(missing?.start.line, 5);
});
