import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject, compileProjectEach, type CompiledObject } from "../../src/lang/compile.js";
import { emitYamlDocuments } from "../../src/lang/emit/yaml.js";
import { ObjectStreamValidator, validateLocatedObjects } from "../../src/cli/pipeline/validate-objects.js";

const mk = fileURLToPath(new URL("../../src/cli/mk.js", import.meta.url));

function project(main: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mk-stream-"));
  writeFileSync(join(dir, "main.mkl"), main);
  return dir;
}

function run(args: string[]) {
  const p = spawnSync(process.execPath, [mk, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: p.status, stdout: p.stdout, stderr: p.stderr };
}

const pods = (names: string) => `import "k8s/core/v1" as core
emit [for n in [${names}]: core.Pod { metadata: { name: n }, spec: { containers: [{ name: "c", image: "busybox" }] } }]
emit core.ConfigMap { metadata: { name: "cfg" }, data: { a: "1" } }
`;

test("compileProjectEach hands over the objects compileProject returns, in the same order", () => {
  const dir = project(pods('"a", "b", "c"'));
  const collected = compileProject({ entry: join(dir, "main.mkl"), displayBase: dir });
  const handed: CompiledObject[] = [];
  const summary = compileProjectEach({ entry: join(dir, "main.mkl"), displayBase: dir }, (o) => handed.push(o));
  assert.deepEqual(summary.diagnostics, collected.diagnostics);
  assert.equal(summary.objectCount, 4);
  assert.equal(handed.length, collected.objects.length);
  assert.equal(emitYamlDocuments(handed.map((o) => o.record)), emitYamlDocuments(collected.objects.map((o) => o.record)));
  assert.deepEqual(handed.map((o) => o.value), collected.objects.map((o) => o.value));
});

test("objects are handed over as they are evaluated: those before a runtime error have been handed over", () => {
  const dir = project(`import "k8s/core/v1" as core
emit [for i in range(3): core.ConfigMap { metadata: { name: "c-\${10 / (2 - i)}" } }]
`);
  const names: unknown[] = [];
  const summary = compileProjectEach({ entry: join(dir, "main.mkl"), displayBase: dir }, (o) => names.push((o.value.metadata as { name: unknown }).name));
  assert.deepEqual(names, ["c-5", "c-10"]);
  assert.ok(summary.diagnostics.some((d) => d.severity === "error"));
  const collected = compileProject({ entry: join(dir, "main.mkl"), displayBase: dir });
  assert.deepEqual(collected.objects, [], "collected, a failed emit gives no objects");
});

test("validating objects one at a time gives the diagnostics of validating them all at once, duplicates included", () => {
  const dir = project(pods('"a", "Bad_Name", "a"'));
  const compiled = compileProject({ entry: join(dir, "main.mkl"), displayBase: dir });
  const all = validateLocatedObjects(compiled.objects).flatMap((v) => v.diagnostics);
  const stream = new ObjectStreamValidator();
  for (const o of compiled.objects) stream.add(o);
  assert.deepEqual(stream.diagnostics, all);
  assert.deepEqual(all.map((d) => d.code).sort(), ["MK5001", "MK6004"]);
});

test("mk compile reports a duplicate object and prints nothing; validation is skipped when evaluation failed", () => {
  const dup = run(["compile", project(pods('"a", "a"'))]);
  assert.equal(dup.status, 1);
  assert.equal(dup.stdout, "");
  assert.match(dup.stderr, /MK6004/);
  assert.match(dup.stderr, /Pod\/a is defined more than once/);

  const failed = run(["compile", project(`import "k8s/core/v1" as core
emit [for i in range(3): core.ConfigMap { metadata: { name: if i == 0 then "Bad_Name" else "c-\${10 / (2 - i)}" } }]
`)]);
  assert.equal(failed.status, 1);
  assert.equal(failed.stdout, "");
  assert.doesNotMatch(failed.stderr, /MK5001/, "the invalid name of the first object is not reported once evaluation failed");
  assert.match(failed.stderr, /error\[MK3/);
});
