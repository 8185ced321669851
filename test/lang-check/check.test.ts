import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkSources } from "./harness.js";

const repoRoot = new URL("../../../", import.meta.url).pathname;

/** Checks one main.mkl and returns its diagnostics (asserting it parsed cleanly). */
function check(source: string, more: Record<string, string> = {}) {
  const r = checkSources({ "main.mkl": source, ...more });
  assert.deepEqual(r.syntax, [], `unexpected syntax errors: ${JSON.stringify(r.syntax.map((d) => d.message))}`);
  return r;
}

/** The 1-based line:col of the primary span. */
function at(d: { span?: { start: { line: number; col: number } } }): string {
  return d.span ? `${d.span.start.line}:${d.span.start.col}` : "-";
}

test("DESIGN §3: unknown field in a nested record of a typed construction, with did you mean", () => {
  const r = check(`import "k8s/apps/v1" as apps
let d = apps.Deployment {
  metadata: { name: "web" }
  spec: {
    replcas: 3
    selector: { matchLabels: { app: "web" } }
    template: { spec: { containers: [{ name: "web", image: "nginx" }] } }
  }
}
emit d
`);
  assert.deepEqual(r.codes, ["MK2001"]);
  const d = r.diagnostics[0];
  assert.equal(d.message, "unknown field `replcas` in apps.DeploymentSpec");
  assert.equal(d.label, "did you mean `replicas`?");
  assert.equal(at(d), "5:5");
  assert.equal(d.span?.end.col, 12);
});

test("a well-typed program has no diagnostics (the compile benchmark)", () => {
  const r = check(readFileSync(`${repoRoot}bench/compile/main.mkl`, "utf8"));
  assert.deepEqual(r.diagnostics, []);
});

test("a well-typed program using most of the language has no diagnostics", () => {
  const r = check(`import "k8s/apps/v1" as apps
import "k8s/core/v1" as core

param env: "dev" | "prod" = "dev"
param replicasOverride: int? = null
let replicas = replicasOverride ?? (if env == "prod" then 5 else 2)
let labels = { app: "nginx", tier: "web" }
let names = [for i in range(3) if i != 1: "cfg-\${i}"]
let upper = {for k, v in labels: strings.upper(k): v}

schema WebApp {
  name: string
  image: string
  replicas: int = 1
  port: int = 8080
  tags: [string]?
  check replicas >= 1 && replicas <= 100 : "replicas must be between 1 and 100"
}

fn container(w: WebApp): core.Container = { name: w.name, image: w.image, ports: [{ containerPort: w.port }] }

fn deployment(w: WebApp, extra: {string: string} = {}): apps.Deployment = apps.Deployment {
  metadata: { name: w.name, labels: { ...labels, ...extra } }
  spec: {
    replicas: w.replicas
    selector: { matchLabels: labels }
    template: {
      metadata: { labels: labels }
      spec: {
        containers: [container(w)]
        restartPolicy: "Always"
      }
    }
  }
}

let base = deployment(WebApp { name: "web", image: "nginx:1", replicas: replicas })
let scaled = base with { spec: { replicas: 3 } }
let cpu = 100m + 200m
let big = cpu > 250m
let total = lists.sum([1, 2, 3]) + len(names) * 2 + math.max(1, 2)
fn nameOf(d: apps.Deployment): string = d.metadata.name
fn more(d: apps.Deployment): int = if d.spec.paused && d.spec.replicas > 1 then d.spec.replicas + 1 else -d.spec.replicas
let firstName: string = lists.first(names)
let merged = maps.merge({ replicas: 1, name: "web" }, { port: 80 })
let keys: [string] = maps.keys({ a: 1, b: "two" })

emit scaled
emit [for n in names: core.ConfigMap { metadata: { name: n }, data: { index: "\${total}", upper: json.encode(upper) } }]
emit core.Service { metadata: { name: "web" }, spec: { ports: [{ port: 80, targetPort: 8080 }], selector: labels } }
`);
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.code} ${d.message}`),
    [],
  );
});

test("wrong type points at the value and says expected and found", () => {
  const r = check(`import "k8s/apps/v1" as apps
emit apps.Deployment { metadata: { name: "x" }, spec: { replicas: "three", selector: {}, template: {} } }
`);
  assert.deepEqual(r.codes, ["MK2002"]);
  const d = r.diagnostics[0];
  assert.equal(d.label, 'expected int, found "three"');
  assert.match(d.message, /field `replicas` of apps.DeploymentSpec/);
  assert.equal(at(d), "2:67");
});

test("missing required field at the opening brace, naming the field and the schema", () => {
  const r = check(`schema WebApp {
  name: string
  image: string
  replicas: int = 1
}
let w = WebApp { name: "web" }
`);
  assert.deepEqual(r.codes, ["MK2003"]);
  const d = r.diagnostics[0];
  assert.equal(d.message, "missing required field `image` in WebApp");
  assert.equal(at(d), "6:16");
  assert.equal(d.span?.end.col, 17);
});

test("value outside an enum, with did you mean", () => {
  const r = check(`import "k8s/core/v1" as core
let p = core.PodSpec { containers: [], restartPolicy: "Nevr" }
`);
  assert.deepEqual(r.codes, ["MK2004"]);
  assert.equal(r.diagnostics[0].message, '`Nevr` is not one of "Always" | "OnFailure" | "Never"');
  assert.equal(r.diagnostics[0].label, 'did you mean "Never"?');
});

test("comparison of an enum with a string it can never equal", () => {
  const r = check(`param env: "dev" | "prod" = "dev"
let n = if env == "prdo" then 5 else 2
`);
  assert.deepEqual(r.codes, ["MK2004"]);
  assert.equal(at(r.diagnostics[0]), "2:19");
});

test("unknown variable, function and module member, with did you mean", () => {
  const r = check(`let replicas = 3
let a = replcas + 1
let b = strings.uper("x")
let c = lenn([1])
`);
  assert.deepEqual(r.codes, ["MK2005", "MK2007", "MK2005"]);
  assert.equal(r.diagnostics[0].label, "did you mean `replicas`?");
  assert.equal(r.diagnostics[1].label, "did you mean `upper`?");
  assert.equal(r.diagnostics[2].label, "did you mean `len`?");
});

test("unknown type and unknown type in a module", () => {
  const r = check(`import "k8s/apps/v1" as apps
let a: strng = "x"
fn f(d: apps.Deploymnt): int = 1
`);
  assert.deepEqual(r.codes, ["MK2006", "MK2006"]);
  assert.equal(r.diagnostics[0].label, "did you mean `string`?");
  assert.equal(r.diagnostics[1].label, "did you mean `Deployment`?");
});

test("duplicate definitions and an unused import", () => {
  const r = check(`import "k8s/apps/v1" as apps
let x = 1
let x = 2
schema S { a: int }
schema S { b: int }
`);
  assert.deepEqual(r.codes, ["MK2009", "MK2008", "MK2008"]);
  assert.equal(r.diagnostics[0].severity, "warning");
  assert.equal(r.diagnostics[1].secondary?.[0].message, "first defined here");
});

test("calls: argument count and argument types, user functions and builtins", () => {
  const r = check(`fn f(a: int, b: string = "x"): int = a
let x = f()
let y = f(1, "a", 3)
let z = f("one")
let w = strings.join(["a"], 1)
let v = lists.contains(["a", "b"], 3)
`);
  assert.deepEqual(r.codes, ["MK2010", "MK2010", "MK2002", "MK2002", "MK2002"]);
  assert.match(r.diagnostics[0].message, /takes 1 to 2 arguments but 0 were given/);
  assert.equal(r.diagnostics[2].label, 'expected int, found "one"');
  assert.equal(r.diagnostics[4].label, "expected string, found int");
});

test("record arguments are checked against schema parameters", () => {
  const r = check(`schema P { port: int }
fn f(p: P): int = p.port
let x = f({ pot: 80 })
`);
  assert.deepEqual(r.codes, ["MK2003", "MK2001"]);
  assert.equal(r.diagnostics[1].label, "did you mean `port`?");
});

test("declared return types are checked, records against the returned schema", () => {
  const r = check(`import "k8s/core/v1" as core
fn cm(n: string): core.ConfigMap = { metadata: { nme: n } }
fn count(): int = "many"
`);
  assert.deepEqual(r.codes, ["MK2001", "MK2002"]);
  assert.equal(r.diagnostics[0].message, "unknown field `nme` in meta.ObjectMeta");
  assert.match(r.diagnostics[1].message, /the result of `count`/);
});

test("operators: strings, numbers, quantities; bad operands reported at the operator", () => {
  const r = check(`let a = "x" + 1
let b = 1 + 2.5
let c = 500m + 1Gi
let d = 500m < "1"
let e = [1] + [2]
let f = !3
let g = 500m < 1 && 2 >= 1500m && 500m + 1 == 1 - 500m
`);
  assert.deepEqual(r.codes, ["MK2012", "MK2012", "MK2012"], "a number beside a quantity is a quantity; a string is not");
  assert.equal(at(r.diagnostics[0]), "1:13");
  assert.deepEqual(r.diagnostics[0].help, ['build text with interpolation: "${a}${b}"']);
});

test("if conditions must be bool; branch types are joined", () => {
  const r = check(`let a = if 1 then "x" else "y"
let b: "x" | "y" = if true then "x" else "y"
let c: int = if true then 1 else "two"
`);
  assert.deepEqual(r.codes, ["MK2016", "MK2002"]);
  assert.equal(at(r.diagnostics[1]), "3:34");
});

test("comprehensions: iterables, filters, and the body checked once against the item type", () => {
  const r = check(`import "k8s/core/v1" as core
let a = [for x in 3: x]
let b = [for x in [1, 2] if x: x]
let c: [core.ConfigMap] = [for i in range(2): { metadata: { name: "c" }, dat: {} }]
`);
  assert.deepEqual(r.codes, ["MK2017", "MK2016", "MK2001"]);
  assert.deepEqual(r.diagnostics[0].help, ["iterate over `range(n)` for the numbers 0 to n-1"]);
  assert.equal(r.diagnostics[2].label, "did you mean `data`?");
});

test("`with` needs records and checks the right side against the left schema, without requiring fields", () => {
  const r = check(`import "k8s/apps/v1" as apps
let d = apps.Deployment { metadata: { name: "x" } }
let e = d with { spec: { replcas: 2 } }
let f = 3 with { a: 1 }
let g = d with { spec: { replicas: 2 } }
`);
  assert.deepEqual(r.codes, ["MK2001", "MK2015"]);
});

test("defaults of params, function parameters and schema fields are checked against their types", () => {
  const r = check(`param n: int = "x"
fn f(a: bool = 1): bool = a
schema S { port: int = "80" }
`);
  assert.deepEqual(r.codes, ["MK2002", "MK2002", "MK2002"]);
});

test("errors do not cascade: a bad name is reported once, uses of it are quiet", () => {
  const r = check(`let a = nope
let b = a.x.y + 1
let c = a(1)
let d: int = a
`);
  assert.deepEqual(r.codes, ["MK2005"]);
});

test("member access on schemas and records", () => {
  const r = check(`schema W { name: string }
fn f(w: W): string = w.nam
let r = { a: 1 }
let x = r.b
`);
  assert.deepEqual(r.codes, ["MK2013", "MK2013"]);
  assert.equal(r.diagnostics[0].label, "did you mean `name`?");
});

test("emit needs objects", () => {
  const r = check(`schema W { name: string }
emit 3
emit W { name: "x" }
emit [{ apiVersion: "v1", kind: "ConfigMap" }]
`);
  assert.deepEqual(r.codes, ["MK2018", "MK2018"]);
});

test("modules: functions and schemas of a project module; unknown members", () => {
  const r = check(
    `import "./lib.mkl" as lib
let a = lib.double(2)
let b = lib.doubl(2)
let c = lib.Box { size: "big" }
let d: string = lib.double(1)
`,
    { "lib.mkl": `schema Box { size: int }\nfn double(n: int): int = n * 2\n` },
  );
  assert.deepEqual(r.codes, ["MK2007", "MK2002", "MK2002"]);
  assert.equal(r.diagnostics[0].label, "did you mean `double`?");
});

test("recursive lets are reported; recursive functions are fine", () => {
  const r = check(`let a = b + 1
let b = a + 1
fn fact(n: int): int = if n <= 1 then 1 else n * fact(n - 1)
fn loop(n: int) = if n == 0 then 0 else loop(n - 1)
`);
  assert.deepEqual(r.codes, ["MK2021"]);
});

test("quantity fields accept quantity literals, numbers and quantity strings, not other strings", () => {
  const r = check(`import "k8s/core/v1" as core
let a = core.ResourceRequirements { requests: { cpu: 100m, memory: "128Mi", "nvidia.com/gpu": 1 } }
let b = core.ResourceRequirements { limits: { cpu: "lots" } }
`);
  assert.deepEqual(r.codes, ["MK2002"]);
  assert.equal(r.diagnostics[0].label, 'expected quantity, found "lots"');
});

test("int | string fields (IntOrString) take both", () => {
  const r = check(`import "k8s/core/v1" as core
let p = core.ServicePort { port: 80, targetPort: "http" }
let q = core.ServicePort { port: 80, targetPort: 8080 }
let s = core.ServicePort { port: 80, targetPort: true }
`);
  assert.deepEqual(r.codes, ["MK2002"]);
  assert.equal(r.diagnostics[0].label, "expected int | string, found bool");
});

test("a conditional list spreads, and a conditional record is a `with` override", () => {
  const ok = check(`import "k8s/core/v1" as core
param prod: bool = false
let extra = [...(if prod then ["p"] else []), "always"]
let base = core.ConfigMap { metadata: { name: "a" } }
emit base with (if prod then { data: { tier: "prod" } } else { data: { tier: "dev" } })
emit { a: 1 } with (if prod then { b: 2 } else { c: 3 })
emit core.ConfigMap { metadata: { name: "b" }, data: { n: "\${len(extra)}" } }
`);
  assert.deepEqual(ok.codes, []);
  // Each branch of a conditional override is still checked against the schema.
  const bad = check(`import "k8s/core/v1" as core
let base = core.ConfigMap { metadata: { name: "a" } }
emit base with (if true then { daat: {} } else {})
`);
  assert.deepEqual(bad.codes, ["MK2001"]);
  assert.equal(bad.diagnostics[0].label, "did you mean `data`?");
});
