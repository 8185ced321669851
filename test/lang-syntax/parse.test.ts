import { test } from "node:test";
import assert from "node:assert/strict";
import type { Expr, ListExpr, RecordExpr, StringExpr } from "../../src/lang/ast.js";
import { parseModule, parseExpression, parseTypeExpression } from "../../src/lang/syntax/parse.js";
import { allSpans, assertValidSpan, expr, parseOk, sexpr, shape, type } from "./helpers.js";

test("declarations: import, param, let, schema, fn, emit in source order", () => {
  const m = parseOk(`import "k8s/apps/v1" as apps
import "./lib/web.mkl" as web
param env: "dev" | "prod" = "dev"
param replicas: int
param name = "web"
let labels = { app: "nginx" }
let port: int = 80
schema WebApp {
  name: string
  replicas: int = 1
  tags: [string]?
  check replicas >= 1 && replicas <= 100 : "replicas must be between 1 and 100"
  check replicas != 13
}
fn deployment(w: WebApp, extra: int = 0, untyped): apps.Deployment = apps.Deployment { metadata: { name: w.name } }
emit deployment(WebApp { name: "web", image: "x" })
`);
  assert.deepEqual(
    m.declarations.map((d) => d.kind),
    ["Import", "Import", "Param", "Param", "Param", "Let", "Let", "Schema", "Fn", "Emit"],
  );
  assert.deepEqual(
    m.imports.map((i) => [i.path.value, i.alias.name]),
    [
      ["k8s/apps/v1", "apps"],
      ["./lib/web.mkl", "web"],
    ],
  );
  const [, , env, replicas, name] = m.declarations;
  assert.ok(env.kind === "Param" && replicas.kind === "Param" && name.kind === "Param");
  assert.equal(env.type?.kind, "UnionType");
  assert.equal(env.default?.kind, "String");
  assert.equal(replicas.default, undefined);
  assert.equal(name.type, undefined);

  const schema = m.declarations[7];
  assert.ok(schema.kind === "Schema");
  assert.equal(schema.name.name, "WebApp");
  assert.deepEqual(
    schema.members.map((f) => (f.kind === "SchemaField" ? `${f.name.name}:${f.type.kind}${f.default ? "=" : ""}` : `check${f.message ? ":msg" : ""}`)),
    ["name:NamedType", "replicas:NamedType=", "tags:OptionalType", "check:msg", "check"],
  );

  const fn = m.declarations[8];
  assert.ok(fn.kind === "Fn");
  assert.deepEqual(
    fn.params.map((p) => [p.name.name, p.type?.kind, p.default?.kind]),
    [
      ["w", "NamedType", undefined],
      ["extra", "NamedType", "Int"],
      ["untyped", undefined, undefined],
    ],
  );
  assert.deepEqual(shape(fn.returnType), { kind: "NamedType", module: { name: "apps" }, name: { name: "Deployment" } });
  assert.equal(fn.body.kind, "TypedRecord");
});

test("names carry their own exact spans", () => {
  const text = `let replicas = 3\nschema S {\n  replcas: int\n}\nlet y = { "app.kubernetes.io/name": a.b }\n`;
  const m = parseOk(text, "main.mkl");
  const let0 = m.declarations[0];
  assert.ok(let0.kind === "Let");
  assert.deepEqual(let0.name.span, { file: "main.mkl", start: { line: 1, col: 5, offset: 4 }, end: { line: 1, col: 13, offset: 12 } });
  const schema = m.declarations[1];
  assert.ok(schema.kind === "Schema" && schema.members[0].kind === "SchemaField");
  const field = schema.members[0].name;
  assert.equal(text.slice(field.span.start.offset, field.span.end.offset), "replcas");
  assert.deepEqual([field.span.start.line, field.span.start.col], [3, 3]);
  const rec = m.declarations[2];
  assert.ok(rec.kind === "Let" && rec.value.kind === "Record" && rec.value.entries[0].kind === "Field");
  const entry = rec.value.entries[0];
  assert.equal(entry.name.name, "app.kubernetes.io/name");
  assert.equal(entry.name.quoted, true);
  assert.ok(entry.value.kind === "Member");
  assert.equal(text.slice(entry.value.name.span.start.offset, entry.value.name.span.end.offset), "b");
  for (const [path, span] of allSpans(m)) assertValidSpan(span, "main.mkl", text, undefined, path);
});

test("every node of a larger module has a valid span", () => {
  const text = `/// doc\n@kind("v1", "X")\nschema X {\n  a: {string: [int?]} = {}\n}\nlet v = [for i, x in xs if x > 1: { n: "\${i}-\${x.name}", q: 500m }]\nlet m = {for k, v in base: k: v ?? "-"}\nemit if a then -b.c[0](1) else let z = 1 in z with { a: 1 }\n`;
  const m = parseOk(text, "f.mkl");
  let count = 0;
  for (const [path, span] of allSpans(m)) {
    assertValidSpan(span, "f.mkl", text, undefined, path);
    count++;
  }
  assert.ok(count > 50, `only ${count} spans`);
});

test("literals: int, float, quantity, bool, null", () => {
  assert.deepEqual(shape(expr("42")), { kind: "Int", value: 42, raw: "42" });
  assert.deepEqual(shape(expr("3.14")), { kind: "Float", value: 3.14, raw: "3.14" });
  assert.deepEqual(shape(expr("1e3")), { kind: "Float", value: 1000, raw: "1e3" });
  assert.deepEqual(shape(expr("2.5E-2")), { kind: "Float", value: 0.025, raw: "2.5E-2" });
  for (const [raw, amount, suffix] of [
    ["500m", "500", "m"],
    ["512Mi", "512", "Mi"],
    ["1.5Gi", "1.5", "Gi"],
    ["1k", "1", "k"],
    ["3M", "3", "M"],
    ["2E", "2", "E"],
    ["1Ei", "1", "Ei"],
  ]) {
    assert.deepEqual(shape(expr(raw)), { kind: "Quantity", raw, amount, suffix }, raw);
  }
  assert.deepEqual(shape(expr("true")), { kind: "Bool", value: true });
  assert.deepEqual(shape(expr("false")), { kind: "Bool", value: false });
  assert.deepEqual(shape(expr("null")), { kind: "Null" });
  assert.equal(sexpr(expr("-1")), "(- 1)");
});

test("strings: escapes, interpolation parts, nested strings in interpolations", () => {
  const plain = expr(String.raw`"a\tb\n\"q\" \\ \$ \u{1F600} $x"`) as StringExpr;
  assert.deepEqual(shape(plain), { kind: "String", parts: [{ kind: "Text", value: 'a\tb\n"q" \\ $ \u{1F600} $x' }], multiline: false });
  assert.deepEqual(shape(expr(`""`)), { kind: "String", parts: [], multiline: false });

  const s = expr(`"cfg-\${i + 1}-\${name}"`) as StringExpr;
  assert.deepEqual(
    s.parts.map((p) => (p.kind === "Text" ? p.value : `{${sexpr(p.expr)}}`)),
    ["cfg-", "{(+ i 1)}", "-", "{name}"],
  );
  const nested = expr(`"a\${ f("b\${c}", { d: 1 }.d) }e"`) as StringExpr;
  assert.equal(nested.parts.length, 3);
  assert.equal(nested.parts[1].kind, "Interpolation");
  const inner = nested.parts[1].kind === "Interpolation" ? nested.parts[1].expr : undefined;
  assert.ok(inner?.kind === "Call" && inner.args[0].kind === "String" && inner.args[0].parts.length === 2);
  assert.equal(inner.args[1].kind, "Member");
});

test("multi-line strings lose the closing line's indentation and the last line break", () => {
  const m = parseOk(`let s = """
    server {
      listen 80;
    }

    # \${name} ok
    """
`);
  const d = m.declarations[0];
  assert.ok(d.kind === "Let" && d.value.kind === "String");
  assert.equal(d.value.multiline, true);
  assert.deepEqual(
    d.value.parts.map((p) => (p.kind === "Text" ? p.value : "<i>")),
    ["server {\n  listen 80;\n}\n\n# ", "<i>", " ok"],
  );
  const kept = parseOk(`let s = """\n  a\n\n  """\n`).declarations[0];
  assert.ok(kept.kind === "Let" && kept.value.kind === "String");
  assert.deepEqual(kept.value.parts.map((p) => (p.kind === "Text" ? p.value : "")), ["a\n"]);
});

test("types: named, qualified, list, map, optional, union, literal, null, parentheses", () => {
  assert.deepEqual(shape(type("string")), { kind: "NamedType", name: { name: "string" } });
  assert.deepEqual(shape(type("core.Container")), { kind: "NamedType", module: { name: "core" }, name: { name: "Container" } });
  assert.deepEqual(shape(type("[string]")), { kind: "ListType", element: { kind: "NamedType", name: { name: "string" } } });
  assert.deepEqual(shape(type("{string: int}")), {
    kind: "MapType",
    key: { kind: "NamedType", name: { name: "string" } },
    value: { kind: "NamedType", name: { name: "int" } },
  });
  assert.deepEqual(shape(type("[string]?")), { kind: "OptionalType", inner: { kind: "ListType", element: { kind: "NamedType", name: { name: "string" } } } });
  assert.deepEqual(shape(type(`"Always" | "OnFailure" | null`)), {
    kind: "UnionType",
    members: [
      { kind: "StringLiteralType", value: "Always" },
      { kind: "StringLiteralType", value: "OnFailure" },
      { kind: "NullType" },
    ],
  });
  const paren = type(`("a" | "b")?`);
  assert.equal(paren.kind, "OptionalType");
  assert.equal(paren.kind === "OptionalType" && paren.inner.kind, "UnionType");
  const union = type(`int | string?`);
  assert.ok(union.kind === "UnionType" && union.members[1].kind === "OptionalType");
  const standalone = parseTypeExpression("sig", "[{string: quantity}]");
  assert.deepEqual(standalone.diagnostics, []);
  assert.equal(standalone.value.kind, "ListType");
});

test("operator precedence and associativity follow the language reference", () => {
  const cases: [string, string][] = [
    ["a + b * c", "(+ a (* b c))"],
    ["a * b + c", "(+ (* a b) c)"],
    ["a - b - c", "(- (- a b) c)"],
    ["a / b % c", "(% (/ a b) c)"],
    ["a < b == c > d", "(== (< a b) (> c d))"],
    ["a || b && c", "(|| a (&& b c))"],
    ["a ?? b || c", "(?? a (|| b c))"],
    ["a with b ?? c", "(with a (?? b c))"],
    ["a with b with c", "(with (with a b) c)"],
    ["!a && -b", "(&& (! a) (- b))"],
    ["-a.b[0](c)", "(- a.b[0](c))"],
    ["!!a", "(! (! a))"],
    ["(a + b) * c", "(* [(+ a b)] c)"],
    ["a <= b != c >= d", "(!= (<= a b) (>= c d))"],
    ["x?.y.z", "x?.y.z"],
    ["if a then b else c + 1", "(if a b (+ c 1))"],
    ["1 + if a then b else c", "(+ 1 (if a b c))"],
  ];
  for (const [source, expected] of cases) assert.equal(sexpr(expr(source)), expected, source);
  const e = expr("a + b * c");
  assert.ok(e.kind === "Binary");
  assert.deepEqual([e.opSpan.start.col, e.opSpan.end.col], [11, 12]);
});

test("member, optional member, index, call and keyword members", () => {
  const e = expr("a.type?.if[0](1, 2).with");
  assert.equal(sexpr(e), "a.type?.if[0](1, 2).with");
  const call = expr("f()");
  assert.deepEqual(shape(call), { kind: "Call", callee: { kind: "Ident", name: "f" }, args: [] });
});

test("records: commas or newlines, quoted and keyword field names, spread, source order", () => {
  const r = expr(`{
    z: 1, a: 2
    "b-c": 3,
    type: "ClusterIP"
    if: true
    with: 4
    ...base
    for: 5,
  }`) as RecordExpr;
  assert.equal(r.kind, "Record");
  assert.deepEqual(
    r.entries.map((e) => (e.kind === "Field" ? `${e.name.name}${e.name.quoted ? "'" : ""}` : "...")),
    ["z", "a", "b-c'", "type", "if", "with", "...", "for"],
  );
  assert.deepEqual(shape(expr("{}")), { kind: "Record", entries: [] });
  // `with:` on a new line is a field, not the operator continuing the previous value.
  const w = expr("{ a: b\n with: c }") as RecordExpr;
  assert.equal(w.entries.length, 2);
});

test("typed records: Name { } and module.Name { }", () => {
  assert.deepEqual(shape(expr("WebApp { name: \"web\" }")), {
    kind: "TypedRecord",
    type: { kind: "NamedType", name: { name: "WebApp" } },
    record: { kind: "Record", entries: [{ kind: "Field", name: { name: "name", quoted: false }, value: { kind: "String", parts: [{ kind: "Text", value: "web" }], multiline: false } }] },
  });
  const q = expr("apps.Deployment {}");
  assert.ok(q.kind === "TypedRecord");
  assert.equal(q.type.module?.name, "apps");
  assert.equal(q.type.name.name, "Deployment");
});

test("lists and comprehensions with index, filters and nested clauses", () => {
  const l = expr("[1, ...xs, 2\n 3]") as ListExpr;
  assert.deepEqual(l.items.map((i) => i.kind), ["Int", "Spread", "Int", "Int"]);
  const c = expr("[for i, x in xs if x > 1 for y in ys: x * y]");
  assert.ok(c.kind === "ListComprehension");
  assert.deepEqual(
    c.clauses.map((k) => (k.kind === "For" ? `for ${k.key ? `${k.key.name},` : ""}${k.value.name}` : "if")),
    ["for i,x", "if", "for y"],
  );
  assert.equal(sexpr(c.body), "(* x y)");
  const m = expr(`{for k, v in m if v != null: "\${k}-x": v}`);
  assert.ok(m.kind === "MapComprehension");
  assert.equal(m.key.kind, "String");
  assert.equal(sexpr(m.value), "v");
  assert.equal(expr("{ for: 1 }").kind, "Record");
});

test("if, let-in and nested conditionals", () => {
  const e = expr("if a then 1 else if b then 2 else 3");
  assert.equal(sexpr(e), "(if a 1 (if b 2 3))");
  const l = expr("let y: int = 2 in y * y");
  assert.deepEqual(shape(l), {
    kind: "LetIn",
    name: { name: "y" },
    type: { kind: "NamedType", name: { name: "int" } },
    value: { kind: "Int", value: 2, raw: "2" },
    body: { kind: "Binary", op: "*", left: { kind: "Ident", name: "y" }, right: { kind: "Ident", name: "y" } },
  });
});

test("line breaks: (, [ and { on a new line start a new item; a leading - is unary", () => {
  assert.deepEqual((expr("[a\n(b)]") as ListExpr).items.map((i) => i.kind), ["Ident", "Paren"]);
  assert.deepEqual((expr("[a\n[0]]") as ListExpr).items.map((i) => i.kind), ["Ident", "List"]);
  assert.deepEqual((expr("[A\n{ b: 1 }]") as ListExpr).items.map((i) => i.kind), ["Ident", "Record"]);
  assert.deepEqual((expr("[1\n-1]") as ListExpr).items.map((i) => sexpr(i as Expr)), ["1", "(- 1)"]);
  assert.equal(sexpr(expr("a\n  + b\n  * c")), "(+ a (* b c))");
  assert.equal(sexpr(expr("a -\n b")), "(- a b)");
  assert.equal(expr("base\n  with { x: 1 }").kind, "Binary");
  assert.equal(sexpr(expr("a\n  .b\n  ?.c")), "a.b?.c");
});

test("annotations and doc comments attach to declarations and schema fields", () => {
  const m = parseOk(`// not a doc comment
/// A web app.
///
/// Second paragraph.
@kind("apps/v1", "Deployment")
@deprecated
schema Web {
  /// The name.
  name: string
  @mergeKey("name") containers: [string]?
  //// four slashes: an ordinary comment
  x: int
}

/// Detached doc comment

let y = 1
`);
  const s = m.declarations[0];
  assert.ok(s.kind === "Schema");
  assert.equal(s.doc?.text, "A web app.\n\nSecond paragraph.");
  assert.deepEqual(
    s.annotations.map((a) => [a.name.name, a.args.map((x) => x.kind)]),
    [
      ["kind", ["String", "String"]],
      ["deprecated", []],
    ],
  );
  const [name, containers, x] = s.members;
  assert.equal(name.doc?.text, "The name.");
  assert.equal(containers.annotations[0].name.name, "mergeKey");
  assert.equal(containers.doc, undefined);
  assert.equal(x.doc, undefined);
  assert.equal(m.declarations[1].doc, undefined, "a blank line detaches a doc comment");
  assert.deepEqual(
    m.comments.map((c) => c.kind),
    ["line", "doc", "doc", "doc", "doc", "line", "doc"],
  );
  assert.equal(m.comments[0].text, "// not a doc comment");
});

test("comments of every kind are kept on the module in source order", () => {
  const text = "/* a */ let x = 1 // b\n/* multi\nline */\nlet y = [ /* c */ 1 ] /// d\n";
  const m = parseOk(text);
  assert.deepEqual(
    m.comments.map((c) => [c.kind, c.text]),
    [
      ["block", "/* a */"],
      ["line", "// b"],
      ["block", "/* multi\nline */"],
      ["block", "/* c */"],
      ["doc", "/// d"],
    ],
  );
  for (const c of m.comments) assert.equal(text.slice(c.span.start.offset, c.span.end.offset), c.text);
});

test("standalone expressions parse, and trailing garbage is reported", () => {
  assert.deepEqual(parseExpression("-p", "[1, 2]").diagnostics, []);
  const bad = parseExpression("-p", "1 2");
  assert.ok(bad.diagnostics.length > 0);
});

test("an empty file and a comment-only file are empty modules", () => {
  assert.deepEqual(parseOk("").declarations, []);
  const m = parseOk("// only a comment\n");
  assert.deepEqual(m.declarations, []);
  assert.equal(m.comments.length, 1);
  const bom = parseModule("b.mkl", "\uFEFFlet x = 1\n");
  assert.deepEqual(bom.diagnostics, []);
});
