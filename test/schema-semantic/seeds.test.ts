import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { formatFieldPath } from "../../src/diag/span.js";
import { readYamlDocuments } from "../../src/lang/yaml-source/read-documents.js";
import { isJsonObject, type JsonObject } from "../../src/schema/json.js";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { check } from "./fixtures.js";

// The seed manifests through defaulting and the semantic rules alone (the schema layer is tested
// elsewhere): the valid ones raise no semantic error, the invalid ones that are semantically wrong
// raise the expected code at the expected path.
const dir = new URL("../../../test/fixtures/seeds/", import.meta.url);
const verdicts = JSON.parse(readFileSync(new URL("verdicts.json", dir), "utf8")) as Record<string, { valid?: boolean }>;

function objectsOf(file: string): JsonObject[] {
  const read = readYamlDocuments(file, readFileSync(new URL(file, dir), "utf8"));
  return read.documents.map((d) => d.value).filter((v): v is JsonObject => isJsonObject(v as never));
}

const expected: Record<string, { code: string; path: string; severity?: "error" | "warning" }[]> = {
  "007_000_pod_frontend-b2zdv.yaml": [{ code: C.missingContainerPart, path: "spec" }],
  "018_001_deployment_my-app.yaml": [{ code: C.selectorRequired, path: "spec.selector" }],
  "019_001_deployment_my-app.yaml": [{ code: C.selectorRequired, path: "spec.selector" }],
  "022_001_statefulset_my-statefulset.yaml": [{ code: C.selectorRequired, path: "spec.selector" }, { code: C.missingContainerPart, path: "spec.template" }],
  "025_001_statefulset_my-canary-statefulset.yaml": [{ code: C.selectorRequired, path: "spec.selector" }],
  "038_003_deployment_nginx-deployment.yaml": [{ code: C.selectorRequired, path: "spec.selector" }],
  "045_004_statefulset_kafka.yaml": [{ code: C.accessModes, path: "spec.volumeClaimTemplates[0].spec.accessModes", severity: "warning" }],
  "046_004_daemonset_fluent-bit.yaml": [{ code: C.invalidContainerName, path: "spec.template.spec.containers[0].name" }],
  "020_001_statefulset_my-app.yaml": [{ code: C.claimTemplate, path: "spec.volumeClaimTemplates[0].metadata.name", severity: "warning" }],
};

const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

test("the seed fixtures are there", () => {
  assert.equal(files.length, 48);
});

for (const file of files) {
  const valid = verdicts[file]?.valid === true;
  const wanted = expected[file];
  if (!valid && !wanted) continue;
  test(`${file}: ${wanted ? wanted.map((w) => `${w.code} at ${w.path}`).join(", ") : "no semantic errors"}`, () => {
    const issues = objectsOf(file).flatMap((o) => check(o));
    const errors = issues.filter((i) => i.severity === "error");
    if (valid) assert.deepEqual(errors.map((i) => `${i.code} ${formatFieldPath(i.path)}: ${i.message}`), []);
    for (const w of wanted ?? []) {
      const severity = w.severity ?? "error";
      assert.ok(
        issues.some((i) => i.code === w.code && formatFieldPath(i.path) === w.path && i.severity === severity),
        `expected ${severity} ${w.code} at ${w.path}, got:\n${issues.map((i) => `${i.severity} ${i.code} ${formatFieldPath(i.path)}`).join("\n")}`,
      );
    }
  });
}
