import { test } from "node:test";
import assert from "node:assert/strict";
import { allBuiltins, builtinFunctions, builtinNamespaces } from "../../src/lang/builtins/registry.js";
import { isValidSignature } from "../../src/lang/types/signature.js";
import { emitJson } from "../../src/lang/emit/json.js";
import { valueFromPlain } from "../../src/lang/values/from-plain.js";
import { parseQuantity, Quantity } from "../../src/lang/values/quantity.js";
import { FloatValue, ListValue, RecordBuilder, RecordValue, type Value } from "../../src/lang/values/value.js";

function call(name: string, ...args: unknown[]): Value {
  const r = run(name, ...args);
  assert.ok(r.ok, `${name} failed: ${r.ok ? "" : r.message}`);
  return r.value;
}

function run(name: string, ...args: unknown[]) {
  const [ns, fn] = name.includes(".") ? name.split(".") : [undefined, name];
  const def = ns ? builtinNamespaces.get(ns)?.get(fn) : builtinFunctions.get(fn);
  assert.ok(def, `no builtin ${name}`);
  return def.call(args.map(toValue));
}

/** Plain test data to MKL values; values that already are MKL values stay as they are. */
function toValue(a: unknown): Value {
  if (a instanceof FloatValue || a instanceof ListValue || a instanceof RecordValue || a instanceof Quantity) return a;
  if (Array.isArray(a)) return new ListValue(a.map(toValue));
  if (a !== null && typeof a === "object") {
    const b = new RecordBuilder();
    for (const [k, v] of Object.entries(a)) b.set(k, toValue(v), undefined);
    return b.build();
  }
  return valueFromPlain(a);
}

function fails(name: string, pattern: RegExp, ...args: unknown[]): void {
  const r = run(name, ...args);
  assert.equal(r.ok, false, `${name} should fail`);
  if (!r.ok) assert.match(r.message, pattern);
}

/** Values compared through their JSON text: order, ints vs floats and quantities all show. */
function json(v: Value): string {
  return emitJson(v, { indent: 0 });
}

test("every builtin declares a signature the checker can parse, and a doc line", () => {
  const all = allBuiltins();
  assert.ok(all.length > 50, `only ${all.length} builtins`);
  for (const { qualifiedName, def } of all) {
    assert.ok(isValidSignature(def.signature), `${qualifiedName}: ${def.signature}`);
    assert.ok(def.doc.length > 10, `${qualifiedName} has no doc`);
  }
});

test("strings", () => {
  assert.equal(call("strings.upper", "abc"), "ABC");
  assert.equal(call("strings.lower", "ÀB"), "àb");
  assert.equal(call("strings.trim", " \tx \n"), "x");
  assert.equal(call("strings.trimPrefix", "v1.2", "v"), "1.2");
  assert.equal(call("strings.trimSuffix", "a.yaml", ".yaml"), "a");
  assert.equal(json(call("strings.split", "a,b,,c", ",")), '["a","b","","c"]');
  assert.equal(json(call("strings.split", "hé", "")), '["h","é"]');
  assert.equal(call("strings.join", ["a", "b"], "-"), "a-b");
  fails("strings.join", /list of strings/, ["a", 1], "-");
  assert.equal(call("strings.replace", "a.b.c", ".", "/"), "a/b/c");
  fails("strings.replace", /must not be empty/, "abc", "", "x");
  assert.equal(call("strings.contains", "nginx:1", ":"), true);
  assert.equal(call("strings.startsWith", "web-1", "web"), true);
  assert.equal(call("strings.endsWith", "web-1", "web"), false);
  assert.equal(call("strings.indexOf", "😀ab", "b"), 2);
  assert.equal(call("strings.substr", "kubernetes", 4), "rnetes");
  assert.equal(call("strings.substr", "kubernetes", -3, -1), "te");
  assert.equal(call("strings.substr", "abc", 2, 1), "");
  assert.equal(call("strings.repeat", "ab", 3), "ababab");
  fails("strings.repeat", /negative/, "ab", -1);
  assert.equal(call("strings.padLeft", "7", 3, "0"), "007");
  assert.equal(call("strings.padRight", "ab", 4), "ab  ");
  assert.equal(call("strings.format", "%s=%d %v%%", "a", 1, [1]), "a=1 [1]%");
  fails("strings.format", /more placeholders/, "%s %s", "a");
  fails("strings.format", /left over/, "%s", "a", "b");
  fails("strings.format", /%d needs an int/, "%d", "x");
  fails("strings.upper", /first argument must be a string, not int/, 3);
});

test("lists", () => {
  assert.equal(call("len", [1, 2, 3]), 3);
  assert.equal(call("len", "héllo"), 5);
  assert.equal(call("len", { a: 1, b: null }), 1);
  fails("len", /needs a string, a list or a record/, 3);
  assert.equal(json(call("lists.concat", [1], [], [2, 3])), "[1,2,3]");
  assert.equal(json(call("lists.flatten", [[1], [2, [3]], 4])), "[1,2,[3],4]");
  assert.equal(json(call("lists.sort", [3, 1, 2, 1])), "[1,1,2,3]");
  assert.equal(json(call("lists.sort", ["b", "B", "a"])), '["B","a","b"]');
  assert.equal(json(call("lists.sort", [parseQuantity("1Gi"), parseQuantity("500Mi")])), '["500Mi","1Gi"]');
  fails("lists.sort", /cannot order/, [1, "a"]);
  assert.equal(json(call("lists.unique", [1, 2, 1, { a: 1 }, { a: 1 }])), '[1,2,{"a":1}]');
  assert.equal(json(call("lists.reverse", [1, 2, 3])), "[3,2,1]");
  assert.equal(call("lists.contains", [{ a: 1 }], { a: 1 }), true);
  assert.equal(call("lists.indexOf", ["a", "b"], "b"), 1);
  assert.equal(call("lists.first", []), null);
  assert.equal(call("lists.last", [1, 2]), 2);
  assert.equal(json(call("lists.slice", [1, 2, 3, 4], 1, -1)), "[2,3]");
  assert.equal(call("lists.sum", [1, 2, 3]), 6);
  assert.equal(json(call("lists.sum", [1, new FloatValue(0.5)])), "1.5");
  assert.equal(json(call("lists.sum", [parseQuantity("500m"), parseQuantity("1.5")])), '"2"');
  fails("lists.sum", /needs numbers or quantities/, [1, "a"]);
  assert.equal(call("lists.min", [3, 1, 2]), 1);
  assert.equal(call("lists.max", ["a", "c", "b"]), "c");
  fails("lists.min", /empty list/, []);
  assert.equal(json(call("range", 3)), "[0,1,2]");
  assert.equal(json(call("range", 5, 1, -2)), "[5,3]");
  assert.equal(json(call("range", 2, 2)), "[]");
  fails("range", /step must not be 0/, 0, 5, 0);
  fails("range", /limit/, 1e9);
});

test("maps", () => {
  const m = { b: 2, a: 1, gone: null };
  assert.equal(json(call("maps.keys", m)), '["b","a"]');
  assert.equal(json(call("maps.values", m)), "[2,1]");
  assert.equal(json(call("maps.entries", { x: 1 })), '[{"key":"x","value":1}]');
  assert.equal(json(call("maps.fromEntries", [{ key: "x", value: 1 }, { key: "x", value: 2 }])), '{"x":2}');
  fails("maps.fromEntries", /string `key`/, [{ k: 1 }]);
  assert.equal(json(call("maps.merge", { a: 1, b: { c: 1 } }, { b: { d: 2 } })), '{"a":1,"b":{"d":2}}');
  assert.equal(call("maps.has", m, "a"), true);
  assert.equal(call("maps.has", m, "gone"), false);
  assert.equal(call("maps.get", m, "zzz", "dflt"), "dflt");
  assert.equal(call("maps.get", m, "zzz"), null);
  assert.equal(json(call("maps.remove", m, "a", "gone")), '{"b":2}');
  assert.equal(json(call("maps.filterKeys", m, ["a"])), '{"a":1}');
});

test("math", () => {
  assert.equal(call("math.abs", -3), 3);
  assert.equal(json(call("math.abs", new FloatValue(-2.5))), "2.5");
  assert.equal(json(call("math.abs", parseQuantity("-500m"))), '"500m"');
  assert.equal(call("math.floor", new FloatValue(2.7)), 2);
  assert.equal(call("math.ceil", new FloatValue(-2.7)), -2);
  assert.equal(call("math.round", new FloatValue(2.5)), 3);
  assert.equal(call("math.round", new FloatValue(-2.5)), -3);
  assert.equal(call("math.min", 3, 1, 2), 1);
  assert.equal(call("math.max", 3, 1, 2), 3);
  assert.equal(call("math.pow", 2, 10), 1024);
  assert.equal(json(call("math.pow", 2, -1)), "0.5");
  fails("math.min", /cannot compare/, 1, "a");
});

test("encodings and hashing", () => {
  assert.equal(call("base64.encode", "héllo"), "aMOpbGxv");
  assert.equal(call("base64.decode", "aMOpbGxv"), "héllo");
  fails("base64.decode", /not valid base64/, "a*b");
  fails("base64.decode", /not UTF-8/, "/w==");
  assert.equal(call("sha256", ""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(call("json.encode", { b: [1, new FloatValue(2), null], a: "x", n: null }), '{"b":[1,2.0,null],"a":"x"}');
  assert.equal(call("json.encode", { a: [1] }, 2), '{\n  "a": [\n    1\n  ]\n}');
  assert.equal(json(call("json.decode", '{"a": [1, 2.5, true, null]}')), '{"a":[1,2.5,true,null]}');
  fails("json.decode", /invalid JSON/, "{");
  assert.equal(call("yaml.encode", { name: "x", on: "yes", list: [1] }), 'name: x\n"on": "yes"\nlist:\n  - 1\n');
  assert.equal(json(call("yaml.decode", "a: yes\nb: 0755\nc: '1'")), '{"a":true,"b":493,"c":"1"}');
  assert.equal(json(call("yaml.decodeAll", "a: 1\n---\n---\nb: 2\n")), '[{"a":1},{"b":2}]');
  fails("yaml.decode", /2 documents/, "a: 1\n---\nb: 2\n");
  fails("yaml.decode", /line 1/, "a: [");
});
