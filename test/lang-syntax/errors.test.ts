import { test } from "node:test";
import assert from "node:assert/strict";
import { parseModule } from "../../src/lang/syntax/parse.js";
import { assertValidDiagnostics } from "./helpers.js";

function diagnose(text: string, file = "t.mkl") {
  const r = parseModule(file, text);
  assertValidDiagnostics(r.diagnostics, file, text);
  return r;
}

const brief = (text: string) => diagnose(text).diagnostics.map((d) => `${d.code} ${d.span!.start.line}:${d.span!.start.col} ${d.message}`);

test("several independent errors are reported in one run, and the rest of the module survives", () => {
  const { module, diagnostics } = diagnose(`param env: "dev" | "prod" = "dev"
let replicas = if env == "prod" then 5
schema WebApp {
  name string
  replicas: int = 1
}
fn port(p: int): int = p +
emit WebApp { name: "web", replicas: replicas memory: 512MB }
let ok = 1
`);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.span!.start.line]),
    [
      ["MK1010", 2],
      ["MK1010", 4],
      ["MK1012", 7],
      ["MK1013", 8],
      ["MK1005", 8],
    ],
  );
  assert.deepEqual(
    module.declarations.map((d) => d.kind),
    ["Param", "Let", "Schema", "Fn", "Emit", "Let"],
  );
  const schema = module.declarations[2];
  assert.ok(schema.kind === "Schema");
  assert.deepEqual(
    schema.members.map((m) => (m.kind === "SchemaField" ? m.name.name : "check")),
    ["name", "replicas"],
    "`name string` is read as `name: string` after reporting the missing `:`",
  );
  const last = module.declarations[5];
  assert.ok(last.kind === "Let" && last.value.kind === "Int");
});

test("an unclosed record names where it was opened and points at both places", () => {
  const { diagnostics, module } = diagnose("let labels = {\n  app: \"nginx\"\n\nlet replicas = 3\n");
  assert.equal(diagnostics.length, 1);
  const d = diagnostics[0];
  assert.equal(d.code, "MK1011");
  assert.equal(d.message, "expected `}` to close the record opened at 1:14, found keyword `let`");
  assert.deepEqual([d.span!.start.line, d.span!.start.col], [4, 1]);
  assert.deepEqual([d.secondary![0].span.start.line, d.secondary![0].span.start.col], [1, 14]);
  assert.equal(d.secondary![0].message, "the record starts here");
  assert.deepEqual(
    module.declarations.map((x) => x.kind),
    ["Let", "Let"],
  );
});

test("unclosed lists, parentheses, argument and parameter lists", () => {
  assert.match(brief("let a = [1, 2\n")[0], /^MK1011 .*expected `\]` to close the list opened at 1:9, found end of file$/);
  assert.match(brief("let a = (1 + 2\n")[0], /expected `\)` to close the parenthesis opened at 1:9/);
  assert.match(brief("let a = f(1, 2\nlet b = 1\n")[0], /expected `\)` to close the argument list opened at 1:10/);
  assert.match(brief("fn f(a: int\nlet b = 1\n")[0], /expected `\)` to close the parameter list opened at 1:5/);
});

test("`=` where a record field needs `:` is reported once per field and the values are kept", () => {
  const { module, diagnostics } = diagnose("let web = {\n  name = \"nginx\"\n  port = 8080\n}\n");
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.message, d.help?.[0]]),
    [
      ["MK1014", "unexpected `=`: expected `:` after the field name", "record fields use `:` — write `name: value`"],
      ["MK1014", "unexpected `=`: expected `:` after the field name", "record fields use `:` — write `name: value`"],
    ],
  );
  const web = module.declarations[0];
  assert.ok(web.kind === "Let" && web.value.kind === "Record");
  assert.deepEqual(
    web.value.entries.map((e) => (e.kind === "Field" ? [e.name.name, e.value.kind] : [])),
    [
      ["name", "String"],
      ["port", "Int"],
    ],
  );
});

test("lexical errors: unterminated strings and comments, bad escapes, stray characters", () => {
  assert.deepEqual(brief('let a = "abc\nlet b = 1\n'), ["MK1002 1:9 unterminated string"]);
  assert.deepEqual(brief("let a = 1 /* open\n"), ["MK1003 1:11 unterminated block comment"]);
  assert.deepEqual(brief('let a = "C:\\data"\n'), ["MK1004 1:12 unknown escape `\\d`"]);
  assert.deepEqual(brief('let a = "\\u{110000}"\n'), ["MK1004 1:10 invalid unicode escape"]);
  const semi = diagnose("let a = 1;\n").diagnostics[0];
  assert.equal(semi.code, "MK1001");
  assert.match(semi.help![0], /needs no `;`/);
  assert.deepEqual(brief("let a = 1 # note\n").slice(0, 1), ["MK1001 1:11 unexpected character `#`"]);
  assert.deepEqual(brief('let s = """\n  a\n b\n  """\n'), ['MK1006 3:1 this line of a multi-line string is less indented than its closing `"""`']);
  assert.deepEqual(brief('let s = "x ${a\nlet b = 1\n'), ["MK1002 1:9 unterminated string"]);
});

test("missing pieces are reported where they are missing, at the end of the line", () => {
  assert.deepEqual(brief("let a = if x then 1\nlet b = 2\n"), ["MK1010 1:20 expected `else`, found keyword `let`"]);
  assert.deepEqual(brief("let a = 1 +\nemit a\n"), ["MK1012 1:12 expected an expression, found keyword `emit`"]);
  assert.deepEqual(brief("emit\n"), ["MK1012 1:5 expected an expression, found end of file"]);
});

test("keywords as names, separators, typed records, params, interpolation, numbers", () => {
  assert.deepEqual(brief("let in = 3\n"), ["MK1018 1:5 expected a name, found keyword `in`"]);
  assert.deepEqual(brief("let s = { type: 1, if: 2 }\n"), []);
  assert.deepEqual(brief("let a = { x: 1 y: 2 }\n"), ["MK1013 1:16 expected `,` or a newline between record fields"]);
  assert.deepEqual(brief("let a = [1 2]\n"), ["MK1013 1:12 expected `,` or a newline between list items"]);
  assert.deepEqual(brief("let a = f(x) { b: 1 }\n"), ["MK1017 1:9 only a schema name can come before a record literal"]);
  assert.deepEqual(brief("param p\n"), ["MK1019 1:7 param `p` needs a type or a default value"]);
  assert.deepEqual(brief('import "./${x}.mkl" as m\n'), ["MK1016 1:13 `${...}` is not allowed here: this string must be a constant"]);
  const mb = diagnose("let m = 512MB\n").diagnostics[0];
  assert.equal(mb.code, "MK1005");
  assert.match(mb.help![0], /`Mi`.*`M`/);
  assert.match(diagnose("let m = 500mm\n").diagnostics[0].help![0], /did you mean `500m`\?/);
  assert.deepEqual(brief("}\n"), ["MK1015 1:1 expected a declaration, found `}`"]);
  assert.match(diagnose("replicas = 3\n").diagnostics[0].help![0], /did you mean `let replicas = \.\.\.`\?/);
});

test("nesting deeper than the limit is one clear error, not a crash", () => {
  const deep = `let x = ${"[".repeat(150)}${"]".repeat(150)}\n`;
  assert.deepEqual(brief(deep), ["MK1020 1:109 brackets are nested more than 100 levels deep"]);
  let chain = "let x = ";
  for (let i = 0; i < 5000; i++) chain += "if a then 1 else ";
  assert.deepEqual(brief(`${chain}2\n`), ["MK1020 1:1 this file nests expressions too deeply to be read"]);
});

test("error floods are capped per file", () => {
  const text = Array.from({ length: 200 }, (_, i) => `let x${i} = {a: 1 b: 2}`).join("\n");
  const { diagnostics } = diagnose(text);
  assert.equal(diagnostics.length, 50);
  assert.match(diagnostics[49].notes!.at(-1)!, /150 more syntax errors/);
});
