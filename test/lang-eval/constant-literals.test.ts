import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileProject } from "../../src/lang/compile.js";
import { emitYamlDocuments } from "../../src/lang/emit/yaml.js";
import { isConstant } from "../../src/lang/eval/constant.js";
import { parseModule } from "../../src/lang/syntax/parse.js";
import type { Expr, LetDecl } from "../../src/lang/ast.js";
import { ListValue, RecordValue, type Value } from "../../src/lang/values/value.js";

function letValue(source: string): Expr {
  const { module, diagnostics } = parseModule("t.mkl", `let x = ${source}\n`);
  assert.deepEqual(diagnostics, []);
  return (module.declarations[0] as LetDecl).value;
}

test("literals, and lists and records of literals, are constant; anything that reads a name is not", () => {
  for (const source of ["1", '"a"', "100m", "null", "[1, 2.5, true]", '{ cpu: 100m, memory: "x", nested: { a: [1] } }', "(3)"]) {
    assert.ok(isConstant(letValue(source)), source);
  }
  for (const source of ['"a${b}"', "[1, ...xs]", "{ a: b }", "{ ...r }", "f(1)", "1 + 2", "[for k in [1]: k]", "apps.Deployment {}"]) {
    assert.ok(!isConstant(letValue(source)), source);
  }
});

function field(v: Value, ...path: (string | number)[]): Value {
  let cur: Value = v;
  for (const p of path) cur = typeof p === "number" ? (cur as ListValue).items[p] : ((cur as RecordValue).get(p) as Value);
  return cur;
}

test("a constant literal is built once and shared by every value that holds it; the output is unchanged", () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-const-"));
  writeFileSync(
    join(dir, "main.mkl"),
    [
      'import "k8s/core/v1" as core',
      "",
      "fn pod(i: int): core.Pod = core.Pod {",
      '  metadata: { name: "p-${i}" }',
      "  spec: {",
      '    containers: [{ name: "c", image: "busybox:1.${i}", ports: [{ containerPort: 80 }], resources: { limits: { cpu: 500m } } }]',
      "  }",
      "}",
      "",
      "emit [for i in range(3): pod(i)]",
    ].join("\n"),
  );
  const compiled = compileProject({ entry: join(dir, "main.mkl"), displayBase: dir });
  assert.deepEqual(compiled.diagnostics, []);
  const [a, b, c] = compiled.objects.map((o) => o.record);
  const container = (r: RecordValue) => field(r, "spec", "containers", 0);
  assert.equal(field(container(a), "resources"), field(container(b), "resources"));
  assert.equal(field(container(a), "ports"), field(container(c), "ports"));
  assert.notEqual(field(a, "metadata"), field(b, "metadata"), "metadata holds an interpolation: built for each call");
  assert.notEqual(container(a), container(b), "the image is interpolated");
  const yaml = emitYamlDocuments([a, b, c]);
  assert.equal(yaml.match(/cpu: 500m/g)?.length, 3);
  assert.equal(yaml.match(/containerPort: 80/g)?.length, 3);
});
