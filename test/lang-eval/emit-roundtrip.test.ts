import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, parseAllDocuments } from "yaml";
import { emitYamlDocuments } from "../../src/lang/emit/yaml.js";
import { emitJson, emitJsonList } from "../../src/lang/emit/json.js";
import { isPlainSafe } from "../../src/lang/emit/scalar-style.js";
import { toJson } from "../../src/lang/values/to-json.js";
import { parseQuantity } from "../../src/lang/values/quantity.js";
import { FloatValue, ListValue, RecordBuilder, type Value } from "../../src/lang/values/value.js";
import { readYamlDocuments } from "../../src/lang/yaml-source/read-documents.js";
import { mulberry32 as rng } from "../support/prng.js";


// Strings a YAML writer gets wrong: reserved words of YAML 1.1 and 1.2, numbers in every base,
// indicators, comment and mapping markers, blanks at the edges, line breaks, odd Unicode.
const trickyWords = [
  "", " ", "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "Null", "~", "0755", "0x1F", "0o17", "0b101", "1_000",
  "1:20", "1e3", "1.0", ".5", "+1", "-1", "-.inf", ".NaN", ".inf", "2001-12-14", "12:30:00", "=", "<<", "-", "--", "---", "...",
  "- a", "? x", ": y", "a: b", "a:", "a #b", "#c", "a#b", "x:y", "@at", "`tick", "!tag", "&anchor", "*alias", "|pipe", ">gt",
  "%pct", "'single'", '"double"', "{x}", "[y]", "a, b", "tab\there", "trailing ", " leading", "line\nbreak", "two\n\nlines\n",
  "ends\n", "ends\n\n\n", "\n", "\nstart", "  indented\nblock", "crlf\r\nx", "nbsp\u00a0x", "ls\u2028x", "bom\ufeff", "é", "日本語",
  "emoji 😀", "nel\u0085x", "ctrl\u0001", "del\u007f", "a\tb\n\tc", "x\n  \ny", "plain text", "/bin/sh", "./run", "nginx:1.25",
  "registry.example.com/app:1.2.3", "app.kubernetes.io/name", "500m", "512Mi", "Yes please", "1.2.3", "0", "-0", "00", "0.",
];

function randomString(r: () => number): string {
  if (r() < 0.6) return trickyWords[Math.floor(r() * trickyWords.length)];
  const alphabet = "ab:# -\n\t'\"\\{}[],&*!|>%@`?yYnN01.eE+_~é😀\u2028";
  const chars = Array.from(alphabet);
  let s = "";
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}

function randomValue(r: () => number, depth: number): Value {
  const p = r();
  if (depth > 3 || p < 0.45) {
    const q = r();
    if (q < 0.5) return randomString(r);
    if (q < 0.65) return Math.floor((r() - 0.5) * 1e6);
    if (q < 0.75) return new FloatValue(Math.round((r() - 0.5) * 1e4) / 100);
    if (q < 0.85) return r() < 0.5;
    if (q < 0.9) return null;
    return parseQuantity(["500m", "1Gi", "2", "1.5", "1e3", "100Ki"][Math.floor(r() * 6)]) ?? null;
  }
  if (p < 0.7) {
    const n = Math.floor(r() * 4);
    return new ListValue(Array.from({ length: n }, () => randomValue(r, depth + 1)));
  }
  const b = new RecordBuilder();
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) b.set(randomString(r), randomValue(r, depth + 1), undefined);
  return b.build();
}

test("YAML output reads back to the same data, in YAML 1.2 and as Kubernetes reads it (YAML 1.1), for 3000 random values", () => {
  for (let seed = 1; seed <= Number(process.env.MK_ROUNDTRIP_SEEDS ?? 3000); seed++) {
    const r = rng(seed);
    const docs = [randomValue(r, 0), randomValue(r, 0)];
    const text = emitYamlDocuments(docs);
    const expected = docs.map((d) => toJson(d));
    const core = parseAllDocuments(text).map((d) => {
      assert.deepEqual(d.errors, [], `seed ${seed}: YAML 1.2 errors in\n${text}`);
      return d.toJS();
    });
    assert.deepEqual(core, expected, `seed ${seed} (YAML 1.2):\n${text}`);
    const k8s = readYamlDocuments("t.yaml", text);
    assert.deepEqual(k8s.diagnostics, [], `seed ${seed}: YAML 1.1 errors in\n${text}`);
    assert.deepEqual(k8s.documents.map((d) => d.value ?? null), expected, `seed ${seed} (YAML 1.1):\n${text}`);
  }
});

test("JSON output parses back to the same data", () => {
  for (let seed = 1; seed <= 1000; seed++) {
    const r = rng(seed);
    const v = randomValue(r, 0);
    assert.deepEqual(JSON.parse(emitJson(v)), toJson(v), `seed ${seed}`);
    assert.deepEqual(JSON.parse(emitJson(v, { indent: 0 })), toJson(v), `seed ${seed} (compact)`);
  }
});

test("the same value always gives byte-identical output", () => {
  const a = randomValue(rng(42), 0);
  const b = randomValue(rng(42), 0);
  assert.equal(emitYamlDocuments([a]), emitYamlDocuments([b]));
  assert.equal(emitJsonList([a]), emitJsonList([b]));
});

test("strings that YAML would read as something else are quoted; ordinary ones are not", () => {
  for (const s of ["yes", "no", "on", "off", "y", "n", "true", "null", "~", "0755", "1e3", "1:20", "8080", "1.0", ".inf", "- a", "a: b", "a #b", "", " x", "x ", "@x"]) {
    assert.equal(isPlainSafe(s), false, s);
  }
  for (const s of ["nginx", "nginx:1.25", "/bin/sh", "app.kubernetes.io/name", "hello world", "a#b", "x:y", "Yes please", "é"]) {
    assert.equal(isPlainSafe(s), true, s);
  }
});

test("a top-level object shows apiVersion, kind, metadata and spec first, then source order; null fields are left out", () => {
  const b = new RecordBuilder();
  b.set("data", new RecordBuilder().build(), undefined);
  b.set("spec", 1, undefined);
  b.set("gone", null, undefined);
  b.set("kind", "ConfigMap", undefined);
  b.set("apiVersion", "v1", undefined);
  b.set("metadata", "m", undefined);
  b.set("zeta", 2, undefined);
  assert.equal(emitYamlDocuments([b.build()]), "apiVersion: v1\nkind: ConfigMap\nmetadata: m\nspec: 1\ndata: {}\nzeta: 2\n");
  const json = parse(emitJsonList([b.build()])) as { items: Record<string, unknown>[] };
  assert.deepEqual(Object.keys(json.items[0]), ["apiVersion", "kind", "metadata", "spec", "data", "zeta"]);
});

test("floats keep a decimal point, quantities print canonically as strings", () => {
  const b = new RecordBuilder();
  b.set("f", new FloatValue(2), undefined);
  b.set("g", new FloatValue(0.25), undefined);
  b.set("cpu", parseQuantity("0.5") ?? null, undefined);
  b.set("mem", parseQuantity("1024Mi") ?? null, undefined);
  b.set("n", parseQuantity("2") ?? null, undefined);
  assert.equal(emitYamlDocuments([b.build()]), 'f: 2.0\ng: 0.25\ncpu: 500m\nmem: 1Gi\n"n": "2"\n');
  assert.equal(emitJson(b.build(), { indent: 0 }), '{"f":2.0,"g":0.25,"cpu":"500m","mem":"1Gi","n":"2"}');
});
