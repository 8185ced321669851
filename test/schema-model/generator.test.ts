import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ApiModel, ObjectTypeInfo } from "../../src/schema/api-model-types.js";
import { generateApiArtifacts, type GenerateResult } from "../../scripts/gen-api/generate.js";
import { assertGolden, repoRoot } from "./golden.js";

// The generator on a tiny hand-written OpenAPI v2 document (test/fixtures/openapi/mini-openapi.json):
// built-in kinds, a list kind and a multi-kind definition to skip, an out-of-scope kind, and a CRD with
// inline nested types, an `enum`, a non-identifier field name and preserve-unknown-fields.
const specPath = "test/fixtures/openapi/mini-openapi.json";
const specText = readFileSync(new URL(specPath, repoRoot), "utf8");
const result: GenerateResult = generateApiArtifacts(JSON.parse(specText), specText, { specPath });

function file(path: string): string {
  const f = result.files.find((x) => x.path === path);
  assert.ok(f, `no generated ${path}; got ${result.files.map((x) => x.path).join(", ")}`);
  return f.content;
}

const model = JSON.parse(file("src/schema/generated/api-model.json")) as ApiModel;

function type(name: string): ObjectTypeInfo {
  const t = model.types[name];
  assert.ok(t, `no type ${name}`);
  return t;
}

test("kinds are found through x-kubernetes-group-version-kind, with scope and plural from the paths", () => {
  assert.deepEqual(
    model.kinds.map((k) => [k.apiVersion, k.kind, k.namespaced, k.plural, k.module]),
    [
      ["v1", "Pod", true, "pods", "k8s/core/v1"],
      ["apps/v1", "Deployment", true, "deployments", "k8s/apps/v1"],
      ["v1", "Secret", true, "secrets", "k8s/core/v1"],
      ["v1", "Namespace", false, "namespaces", "k8s/core/v1"],
      ["stable.example.com/v1", "CronTab", true, "crontabs", "k8s/stable.example.com/v1"],
    ],
  );
  assert.ok(!("io.k8s.api.apps.v1.DeploymentList" in model.types), "list kinds are not modelled");
  assert.ok(!("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions" in model.types));
  assert.ok(result.warnings.some((w) => w.includes("apps/v1 StatefulSet")), "missing built-in kinds are reported");
});

test("the kind index lists the out-of-scope kinds the document serves", () => {
  const index = file("src/schema/generated/kind-index.ts");
  assert.match(index, /"networking\.k8s\.io\/v1 Ingress"/);
  assert.match(index, /"validator":"stable_example_com_v1_CronTab"/);
});

test("fields carry types, required-ness, formats and descriptions", () => {
  const spec = type("io.k8s.api.core.v1.PodSpec");
  assert.deepEqual(Object.keys(spec.fields), ["containers", "restartPolicy", "dnsPolicy", "hostname", "priority", "activeDeadlineSeconds", "tolerations"]);
  assert.equal(spec.fields.containers.required, true);
  assert.equal(spec.fields.hostname.required, false);
  assert.deepEqual(spec.fields.containers.type, { kind: "list", items: { kind: "ref", name: "io.k8s.api.core.v1.Container" } });
  assert.deepEqual(spec.fields.priority.type, { kind: "int", format: "int32" });
  assert.deepEqual(spec.fields.activeDeadlineSeconds.type, { kind: "int", format: "int64" });
  assert.equal(spec.fields.priority.description, "The priority value.");
  assert.deepEqual(type("io.k8s.api.apps.v1.DeploymentStrategy").fields.maxSurge.type, { kind: "int-or-string" });
  assert.deepEqual(type("io.k8s.api.core.v1.ResourceRequirements").fields.limits.type, { kind: "map", values: { kind: "quantity" } });
  assert.deepEqual(type("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").fields.creationTimestamp.type, { kind: "string", format: "date-time" });
  assert.deepEqual(type("io.k8s.api.core.v1.Secret").fields.data.type, { kind: "map", values: { kind: "string", format: "byte" } });
  // Scalar definitions are inlined, not types of their own.
  assert.ok(!("io.k8s.apimachinery.pkg.apis.meta.v1.Time" in model.types));
  assert.ok(!("io.k8s.apimachinery.pkg.api.resource.Quantity" in model.types));
});

test("enums come from `enum`, from the \"Possible enum values\" block, and from unambiguous prose only", () => {
  const spec = type("io.k8s.api.core.v1.PodSpec");
  assert.deepEqual(spec.fields.restartPolicy.type, { kind: "string", enum: ["Always", "OnFailure", "Never"] });
  assert.deepEqual(spec.fields.dnsPolicy.type, { kind: "string", enum: ["ClusterFirst", "Default", "None"] });
  assert.deepEqual(spec.fields.hostname.type, { kind: "string" });
  assert.deepEqual(type("io.k8s.api.core.v1.ContainerPort").fields.protocol.type, { kind: "string", enum: ["UDP", "TCP", "SCTP"] });
  assert.deepEqual(type("io.k8s.api.apps.v1.DeploymentStrategy").fields.type.type, { kind: "string", enum: ["Recreate", "RollingUpdate"] });
  const toleration = type("io.k8s.api.core.v1.Toleration");
  assert.deepEqual(toleration.fields.operator.type, { kind: "string" }, "a list broken by a stray period is ambiguous");
  assert.deepEqual(toleration.fields.effect.type, { kind: "string" }, "an open set is not an enum");
  assert.deepEqual(toleration.fields.note.type, { kind: "string" }, "\"can be set or unset\" is prose");
  assert.deepEqual(type("com.example.stable.v1.CronTabSpec").fields.mode.type, { kind: "string", enum: ["Fast", "Slow"] });
});

test("list merge keys are kept", () => {
  const containers = type("io.k8s.api.core.v1.PodSpec").fields.containers;
  assert.equal(containers.patchMergeKey, "name");
  assert.equal(containers.patchStrategy, "merge");
  assert.equal(containers.listType, "map");
  assert.deepEqual(containers.listMapKeys, ["name"]);
  const ports = type("io.k8s.api.core.v1.Container").fields.ports;
  assert.equal(ports.patchMergeKey, "containerPort");
  assert.deepEqual(ports.listMapKeys, ["containerPort", "protocol"]);
  assert.equal(type("io.k8s.api.core.v1.PodSpec").fields.tolerations.listType, "atomic");
});

test("a CRD's inline objects become named types in the CRD's group module", () => {
  const crontab = type("com.example.stable.v1.CronTab");
  assert.deepEqual(crontab.gvk, { apiVersion: "stable.example.com/v1", kind: "CronTab" });
  assert.deepEqual(crontab.fields.spec.type, { kind: "ref", name: "com.example.stable.v1.CronTabSpec" });
  const spec = type("com.example.stable.v1.CronTabSpec");
  assert.equal(spec.module, "k8s/stable.example.com/v1");
  assert.equal(spec.shortName, "CronTabSpec");
  assert.deepEqual(spec.fields.ports.type, { kind: "list", items: { kind: "ref", name: "com.example.stable.v1.CronTabSpecPortsItem" } });
  assert.deepEqual(spec.fields.ports.listMapKeys, ["name"]);
  assert.deepEqual(spec.fields.extra.type, { kind: "any" });
  assert.equal(type("com.example.stable.v1.CronTabSpecPortsItem").fields.name.required, true);
});

test("the standalone validators run without ajv and apply Kubernetes' rules", async () => {
  const source = file("src/schema/generated/validators.js");
  assert.doesNotMatch(source, /\brequire\(|from "ajv/, "no run-time dependency on ajv");
  const dir = mkdtempSync(join(tmpdir(), "mk-gen-api-"));
  try {
    writeFileSync(join(dir, "validators.mjs"), source);
    const v = (await import(pathToFileURL(join(dir, "validators.mjs")).href)) as Record<string, ((data: unknown) => boolean) & { errors?: { keyword: string; instancePath: string; params: Record<string, unknown> }[] }>;
    const pod = (spec: unknown) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { a: "b" } }, spec });
    const ok = (fn: string, value: unknown) => assert.equal(v[fn](value), true, `${fn} rejected ${JSON.stringify(value)}: ${JSON.stringify(v[fn].errors)}`);
    const bad = (fn: string, value: unknown, keyword: string, instancePath: string) => {
      assert.equal(v[fn](value), false, `${fn} accepted ${JSON.stringify(value)}`);
      assert.ok(v[fn].errors?.some((e) => e.keyword === keyword && e.instancePath === instancePath), JSON.stringify(v[fn].errors));
    };
    ok("v1_Pod", pod({ containers: [{ name: "c", ports: [{ containerPort: 80, protocol: "TCP" }], resources: { limits: { cpu: "500m", memory: 1073741824 } } }] }));
    ok("v1_Pod", pod({ containers: [{ name: "c" }], restartPolicy: "" }));
    bad("v1_Pod", pod({ containers: [{ name: "c" }], restartPolicy: "Sometimes" }), "enum", "/spec/restartPolicy");
    bad("v1_Pod", pod({ containers: [{ name: "c" }], hostnam: "x" }), "additionalProperties", "/spec");
    bad("v1_Pod", pod({ containers: { name: "c" } }), "type", "/spec/containers");
    bad("v1_Pod", pod({ containers: [{ image: "i" }] }), "required", "/spec/containers/0");
    bad("v1_Pod", pod({ containers: [{ name: "c", resources: { limits: { memory: "1GB" } } }] }), "pattern", "/spec/containers/0/resources/limits/memory");
    bad("v1_Pod", pod({ containers: [{ name: "c" }], priority: 2 ** 31 }), "maximum", "/spec/priority");
    ok("apps_v1_Deployment", { apiVersion: "apps/v1", kind: "Deployment", spec: { selector: {}, template: {}, strategy: { maxSurge: "25%" } } });
    ok("apps_v1_Deployment", { apiVersion: "apps/v1", kind: "Deployment", spec: { selector: {}, template: {}, strategy: { maxSurge: 1 } } });
    bad("apps_v1_Deployment", { apiVersion: "apps/v1", kind: "Deployment", spec: { selector: {}, template: {}, strategy: { maxSurge: true } } }, "type", "/spec/strategy/maxSurge");
    ok("v1_Secret", { apiVersion: "v1", kind: "Secret", data: { a: "aGVsbG8=" } });
    bad("v1_Secret", { apiVersion: "v1", kind: "Secret", data: { a: "hello" } }, "pattern", "/data/a");
    bad("v1_Pod", { ...pod({ containers: [{ name: "c" }] }), metadata: { creationTimestamp: "yesterday" } }, "pattern", "/metadata/creationTimestamp");
    ok("stable_example_com_v1_CronTab", { apiVersion: "stable.example.com/v1", kind: "CronTab", spec: { cronSpec: "* * * * *", "x-flag": true, extra: { anything: [1, { b: 2 }] } } });
    bad("stable_example_com_v1_CronTab", { apiVersion: "stable.example.com/v1", kind: "CronTab", spec: { cronSpec: "x", mode: "Medium" } }, "enum", "/spec/mode");
    bad("stable_example_com_v1_CronTab", { apiVersion: "stable.example.com/v1", kind: "CronTab", spec: { cronSpec: "x", ports: [{ port: 1 }] } }, "required", "/spec/ports/0");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("MKL modules: @kind schemas with fixed apiVersion and kind, @mergeKey, optional fields, imports", () => {
  const core = file("stdlib/k8s/core/v1.mkl");
  const apps = file("stdlib/k8s/apps/v1.mkl");
  const crd = file("stdlib/k8s/stable.example.com/v1.mkl");
  assert.match(core.split("\n")[0], /^\/\/ Code generated by `npm run gen:api -- test\/fixtures\/openapi\/mini-openapi\.json` .* DO NOT EDIT\.$/);
  assert.match(apps, /^import "k8s\/core\/v1" as core\nimport "k8s\/meta\/v1" as meta$/m);
  assert.match(apps, /\/\/\/ Deployment enables declarative updates for Pods and ReplicaSets\.\n@kind\("apps\/v1", "Deployment"\)\nschema Deployment \{\n  apiVersion: "apps\/v1" = "apps\/v1"\n  kind: "Deployment" = "Deployment"\n/);
  assert.match(apps, /^  selector: meta\.LabelSelector$/m);
  assert.match(apps, /^  template: core\.PodTemplateSpec$/m);
  assert.match(apps, /^  maxSurge: \(int \| string\)\?$/m);
  assert.match(core, /  \/\/\/ List of containers belonging to the pod\.\n  @mergeKey\("name"\)\n  containers: \[Container\]\n/);
  assert.match(core, /^  restartPolicy: \("Always" \| "OnFailure" \| "Never"\)\?$/m);
  assert.match(core, /^  limits: \{string: quantity\}\?$/m);
  assert.match(core, /^  @mergeKey\("containerPort"\)\n  ports: \[ContainerPort\]\?$/m);
  // Only the first sentence of a description, without "More info".
  assert.match(core, /^  \/\/\/ Standard object's metadata\.$/m);
  assert.match(core, /^\/\/\/ Pod is a collection of containers that can run on a host\.$/m);
  assert.match(crd, /^  "x-flag": bool\?$/m);
  assert.match(crd, /^  extra: any\?$/m);
  assert.match(crd, /^schema CronTabSpecPortsItem \{$/m);
});

test("generated text matches the golden files", () => {
  for (const f of result.files) {
    if (f.path.endsWith("validators.js")) continue; // ajv's code: checked by behaviour above, not byte for byte
    assertGolden(`schema-model/mini-openapi/${f.path}`, f.content);
  }
});

test("the gen-api command writes a CRD's MKL module into --out-dir; --help and usage errors", () => {
  const script = fileURLToPath(new URL("dist/scripts/gen-api.js", repoRoot));
  const run = (args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
  const dir = mkdtempSync(join(tmpdir(), "mk-gen-api-cli-"));
  try {
    const ok = run([fileURLToPath(new URL(specPath, repoRoot)), "--out-dir", dir]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /wrote \d+ files \(\d+ MKL modules\)/);
    const crdModules = readdirSync(join(dir, "stdlib/k8s"), { recursive: true }).map(String).filter((p) => p.includes("example.com"));
    assert.ok(crdModules.length > 0, "no module for the CRD's group");
    assert.match(readFileSync(join(dir, "stdlib/k8s", crdModules.find((p) => p.endsWith(".mkl")) ?? ""), "utf8"), /CronTab/);
    const help = run(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: gen-api \[options\] <spec>/);
    assert.equal(run([]).status, 2);
    assert.equal(run(["spec.json", "--bogus"]).status, 2);
    const notSpec = run([fileURLToPath(new URL("package.json", repoRoot)), "--out-dir", dir]);
    assert.equal(notSpec.status, 1);
    assert.match(notSpec.stderr, /is not an OpenAPI v2 document/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
