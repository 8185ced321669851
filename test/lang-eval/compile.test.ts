import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileProject, type CompileResult } from "../../src/lang/compile.js";
import { loadProgram } from "../../src/lang/modules/loader.js";
import { emitJsonList } from "../../src/lang/emit/json.js";

/** A throwaway project: file name → content. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mk-eval-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function compile(dir: string, params: Record<string, string> = {}, entry = "main.mkl", root?: string): CompileResult {
  return compileProject({ entry: join(dir, entry), params, displayBase: dir, root });
}

function codes(r: CompileResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

test("a field path of an output object maps back to the MKL expression that wrote the value, across files", () => {
  const dir = project({
    "main.mkl": [
      'import "./lib/app.mkl" as app',
      "",
      'emit app.deployment("web", "nginx:1.25")',
    ].join("\n"),
    "lib/app.mkl": [
      'import "k8s/apps/v1" as apps',
      "",
      "fn deployment(name: string, image: string): apps.Deployment = apps.Deployment {",
      "  metadata: { name: name }",
      "  spec: {",
      "    replicas: 2",
      "    selector: { matchLabels: { app: name } }",
      "    template: {",
      "      metadata: { labels: { app: name } }",
      "      spec: { containers: [{ name: name, image: image }] }",
      "    }",
      "  }",
      "}",
    ].join("\n"),
  });
  const r = compile(dir);
  assert.deepEqual(r.diagnostics, []);
  const [o] = r.objects;
  const at = (path: (string | number)[]) => {
    const s = o.locator.locate(path);
    return s && `${s.file}:${s.start.line}:${s.start.col}`;
  };
  // The image string was written at the call site in main.mkl, not in the function.
  assert.equal(at(["spec", "template", "spec", "containers", 0, "image"]), "main.mkl:3:28");
  assert.equal(at(["metadata", "name"]), "main.mkl:3:21");
  assert.equal(at(["spec", "replicas"]), "lib/app.mkl:6:5"); // `replicas: 2`, written in place
  // A path into something that was not written answers with the nearest written ancestor.
  assert.equal(at(["spec", "template", "spec", "containers", 0, "resources", "limits"]), "lib/app.mkl:10:28");
  assert.equal(at([]), "lib/app.mkl:3:63");
  assert.equal(o.value.kind, "Deployment");
  assert.equal(o.value.apiVersion, "apps/v1");
});

test("a module is evaluated once: every use of a let shares the value, and a failing let is reported once", () => {
  const dir = project({
    "main.mkl": 'import "./lib.mkl" as lib\nemit [lib.cm, lib.cm]\nemit lib.broken\nemit lib.broken\n',
    "lib.mkl": 'let cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "once" } }\nlet zero = len([])\nlet broken = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x${10 / zero}" } }\n',
  });
  const r = compile(dir);
  assert.deepEqual(codes(r), ["MK3010"]);
  assert.equal(r.objects.length, 2);
  assert.equal(r.objects[0].record, r.objects[1].record);
});

test("each module is parsed once, and stdlib modules once per process", () => {
  const dir = project({
    "main.mkl": 'import "./a.mkl" as a\nimport "./b.mkl" as b\nimport "k8s/core/v1" as core\nemit core.ConfigMap { metadata: { name: "${a.x}${b.y}" } }\n',
    "a.mkl": 'import "./c.mkl" as c\nlet x = c.z',
    "b.mkl": 'import "./c.mkl" as c\nlet y = c.z',
    "c.mkl": 'let z = "c"',
  });
  const first = loadProgram({ entry: join(dir, "main.mkl"), displayBase: dir });
  const second = loadProgram({ entry: join(dir, "main.mkl"), displayBase: dir });
  const names = first.modules.map((m) => m.file);
  assert.equal(new Set(names).size, names.length, `a module was loaded twice: ${names.join(", ")}`);
  assert.deepEqual(names.filter((n) => !n.startsWith("stdlib/")), ["c.mkl", "a.mkl", "b.mkl", "main.mkl"]);
  const core = (p: typeof first) => p.modules.find((m) => m.file === "stdlib/k8s/core/v1.mkl");
  assert.ok(core(first) && core(second));
  assert.equal((core(first) as { ast: unknown }).ast, (core(second) as { ast: unknown }).ast);
  assert.notEqual((first.entry as { ast: unknown }).ast, (second.entry as { ast: unknown }).ast);
  assert.equal(compile(dir).objects[0].value.metadata && (compile(dir).objects[0].value.metadata as { name: string }).name, "cc");
});

test("imports stay inside the project root, also through symlinks; a wider --root allows more", () => {
  const dir = project({
    "app/main.mkl": 'import "../shared/lib.mkl" as lib\nemit lib.cm\n',
    "shared/lib.mkl": 'let cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "shared" } }',
    "app/inside.mkl": 'import "./link.mkl" as l\nemit l.cm\n',
  });
  symlinkSync(join(dir, "shared/lib.mkl"), join(dir, "app/link.mkl"));
  const refused = compile(join(dir, "app"));
  assert.deepEqual(codes(refused), ["MK3002"]);
  assert.match(refused.diagnostics[0].message, /\.\.\/shared\/lib\.mkl.*outside the project root/);
  const widened = compileProject({ entry: join(dir, "app/main.mkl"), root: dir, displayBase: dir });
  assert.deepEqual(codes(widened), []);
  assert.equal(widened.objects.length, 1);
  const viaLink = compile(join(dir, "app"), {}, "inside.mkl");
  assert.deepEqual(codes(viaLink), ["MK3002"]);
  assert.match(viaLink.diagnostics[0].message, /symbolic link/);
  const linkInsideWiderRoot = compileProject({ entry: join(dir, "app/inside.mkl"), root: dir, displayBase: dir });
  assert.deepEqual(codes(linkInsideWiderRoot), []);
});

test("a path leaving the project is refused as such whatever its extension (../../etc/passwd)", () => {
  const dir = project({ "app/main.mkl": 'import "../../etc/passwd" as p\nemit p\n' });
  const refused = compile(join(dir, "app"));
  assert.deepEqual(codes(refused), ["MK3002"]);
  assert.match(refused.diagnostics[0].message, /cannot import `\.\.\/\.\.\/etc\/passwd`: it resolves to `.*`, outside the project root/);
  assert.ok(!(refused.diagnostics[0].help ?? []).some((h) => h.includes("passwd.mkl")), "no help that points outside the project");
});

test("import cycles name the whole cycle", () => {
  const dir = project({
    "main.mkl": 'import "./a.mkl" as a\nemit a.v\n',
    "a.mkl": 'import "./b.mkl" as b\nlet v = b.v',
    "b.mkl": 'import "./c.mkl" as c\nlet v = c.v',
    "c.mkl": 'import "./a.mkl" as a\nlet v = 1',
  });
  const r = compile(dir);
  assert.deepEqual(codes(r), ["MK3003"]);
  assert.equal(r.diagnostics[0].message, "import cycle: a.mkl → b.mkl → c.mkl → a.mkl");
  assert.equal(r.diagnostics[0].span?.file, "c.mkl");
});

test("params are read by their declared type; unknown ones name the known ones", () => {
  const src = [
    "param n: int = 1",
    "param f: float = 1.0",
    "param q: quantity = 1",
    'param mode: "a" | "b" = "a"',
    "param list: [string] = []",
    "param opt: int? = null",
    "param m: {string: int} = {}",
    'emit { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "p" }, data: { v: json.encode([n, f, q, mode, list, opt, m]) } }',
  ].join("\n");
  const dir = project({ "main.mkl": src });
  const value = (params: Record<string, string>) => {
    const r = compile(dir, params);
    assert.deepEqual(r.diagnostics.map((d) => d.message), []);
    return (r.objects[0].value.data as { v: string }).v;
  };
  assert.equal(value({}), '[1,1.0,"1","a",[],null,{}]');
  assert.equal(value({ n: "-7", f: "2", q: "1.5Gi", mode: "b", list: "[y, n, '1']", opt: "3", m: "{a: 1}" }), '[-7,2.0,"1536Mi","b",["y","n","1"],3,{"a":1}]');
  const bad = compile(dir, { n: "1.5", nn: "2" });
  assert.deepEqual(codes(bad).sort(), ["MK3015", "MK3016"]);
  assert.match(bad.diagnostics[0].notes?.[0] ?? "", /n, f, q, mode, list, opt, m/);
  assert.deepEqual(bad.diagnostics[0].help, ["did you mean `n`?"]);
  assert.deepEqual(codes(compile(dir, { n: "1.5" })), ["MK3016"]);
  assert.deepEqual(codes(compile(dir, { mode: "c" })), ["MK3016"]);
});

test("-o json prints one kind: List document with the objects in emission order", () => {
  const dir = project({ "main.mkl": 'import "k8s/core/v1" as core\nemit [for i in range(3): core.ConfigMap { metadata: { name: "cm-${i}" }, data: { "8080": "port", a: "x" } }]\n' });
  const r = compile(dir);
  const list = JSON.parse(emitJsonList(r.objects.map((o) => o.record)));
  assert.equal(list.kind, "List");
  assert.deepEqual(list.items.map((o: { metadata: { name: string } }) => o.metadata.name), ["cm-0", "cm-1", "cm-2"]);
  assert.deepEqual(list.items[0], r.objects[0].value);
  // Field order is source order, even for keys a JS object would move to the front.
  assert.match(emitJsonList([r.objects[0].record]), /"8080": "port",\n\s+"a": "x"/);
});

test("evaluation is pure: the same project compiles to the same bytes twice, whatever the environment", () => {
  const dir = project({ "main.mkl": 'emit [for i in range(50): { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c${i}" }, data: { h: sha256("${i}") } }]\n' });
  const a = emitJsonList(compile(dir).objects.map((o) => o.record));
  process.env.MK_TEST_NOISE = "1";
  const b = emitJsonList(compile(dir).objects.map((o) => o.record));
  delete process.env.MK_TEST_NOISE;
  assert.equal(a, b);
});

test("the stdlib syntax-tree cache gives back what the parser gives, and a changed text misses it", async () => {
  const { parseStdlibModule } = await import("../../src/lang/modules/stdlib-ast-cache.js");
  const { parseModule } = await import("../../src/lang/syntax/parse.js");
  const cacheDir = mkdtempSync(join(tmpdir(), "mk-ast-cache-"));
  const text = 'import "k8s/meta/v1" as meta\n/// A thing.\n@kind("x/v1", "Thing")\nschema Thing {\n  metadata: meta.ObjectMeta?\n  size: quantity = 1Gi\n}\n';
  const first = parseStdlibModule("stdlib/x.mkl", text, cacheDir);
  const cached = parseStdlibModule("stdlib/x.mkl", text, cacheDir);
  assert.deepEqual(JSON.parse(JSON.stringify(cached.module)), JSON.parse(JSON.stringify(parseModule("stdlib/x.mkl", text).module)));
  assert.notEqual(cached.module, first.module, "the second read comes from the cache, not from memory");
  assert.equal(cached.module.imports[0], cached.module.declarations[0], "imports are the import declarations themselves");
  const changed = parseStdlibModule("stdlib/x.mkl", text.replace("1Gi", "2Gi"), cacheDir);
  assert.match(JSON.stringify(changed.module), /2Gi/);
});
