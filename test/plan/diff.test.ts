import { test } from "node:test";
import assert from "node:assert/strict";
import { changedPaths } from "../../src/plan/diff/changed-paths.js";
import { diffValues, plainDiffContext, type DiffContext } from "../../src/plan/diff/diff-values.js";
import { markForcesReplacement } from "../../src/plan/diff/mark-replacement.js";
import { semanticEqual } from "../../src/plan/diff/semantic-equal.js";
import { changeSymbol, type ListItemChange, type ValueChange } from "../../src/plan/diff/value-change.js";
import { formatFieldPath } from "../../src/diag/span.js";

const byName: DiffContext = { mergeKeysAt: (path) => (path[path.length - 1] === "containers" || path[path.length - 1] === "env" ? ["name"] : undefined) };

function items(change: ValueChange): ListItemChange[] {
  assert.equal(change.type, "list");
  return change.type === "list" ? change.items : [];
}

function paths(change: ValueChange): string[] {
  return changedPaths(change).map(formatFieldPath);
}

test("absent, null, {} and [] are the same; key order does not matter", () => {
  assert.ok(semanticEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }));
  assert.ok(semanticEqual({ a: 1, labels: {}, args: [], x: null }, { a: 1 }));
  assert.ok(!semanticEqual({ a: 1 }, { a: 2 }));
  assert.ok(!semanticEqual({ a: [1, 2] }, { a: [2, 1] }), "list order matters");
  assert.ok(!semanticEqual({ a: "1" }, { a: 1 }), "types matter");
  assert.equal(diffValues({ labels: {} }, {}, plainDiffContext).type, "same");
});

test("maps: changed, added and removed keys; unchanged keys kept for counting", () => {
  const change = diffValues({ a: 1, b: 2, c: 3 }, { a: 1, b: 5, d: 4 }, plainDiffContext);
  assert.equal(change.type, "map");
  if (change.type !== "map") return;
  assert.deepEqual(
    change.entries.map((e) => `${e.key}:${e.change.type}`),
    ["a:same", "b:scalar", "c:removed", "d:added"],
  );
  assert.deepEqual(paths(change), ["b", "c", "d"]);
});

test("keyed lists match items by key wherever they are", () => {
  const before = { containers: [{ name: "web", image: "a:1" }, { name: "sidecar", image: "s:1" }] };
  const after = { containers: [{ name: "sidecar", image: "s:1" }, { name: "web", image: "a:2" }] };
  const change = diffValues(before, after, byName);
  if (change.type !== "map") return assert.fail("expected a map");
  const list = items(change.entries[0].change);
  const web = list.find((i) => i.key?.name === "web")!;
  const sidecar = list.find((i) => i.key?.name === "sidecar")!;
  assert.equal(web.change.type, "map", "web is compared with web, not with the item at its old index");
  assert.equal(sidecar.change.type, "same");
  assert.equal([web, sidecar].filter((i) => i.moved).length, 1, "one of the two left the common order");
  assert.ok(paths(change).includes("containers[1].image"), "the web container's image changed, at its new index");
});

test("a keyed item equal apart from its key is a rename; otherwise removed and added", () => {
  const renamed = diffValues({ env: [{ name: "OLD", value: "x" }] }, { env: [{ name: "NEW", value: "x" }] }, byName);
  if (renamed.type !== "map") return assert.fail();
  const [item] = items(renamed.entries[0].change);
  assert.deepEqual(item.renamedFrom, { name: "OLD" });
  assert.deepEqual(item.key, { name: "NEW" });

  const replaced = diffValues({ env: [{ name: "OLD", value: "x" }] }, { env: [{ name: "NEW", value: "y" }] }, byName);
  if (replaced.type !== "map") return assert.fail();
  assert.deepEqual(
    items(replaced.entries[0].change).map((i) => i.change.type),
    ["removed", "added"],
  );
});

test("keyed lists with a repeated key fall back to item-by-item comparison", () => {
  const change = diffValues({ env: [{ name: "A", value: "1" }, { name: "A", value: "2" }] }, { env: [{ name: "A", value: "1" }] }, byName);
  if (change.type !== "map") return assert.fail();
  const list = change.entries[0].change;
  assert.equal(list.type, "list");
  if (list.type === "list") assert.equal(list.mergeKeys, undefined);
});

test("plain lists: longest common subsequence; a replaced map shows its own changes", () => {
  const change = diffValues(["a", "b", "c"], ["a", "x", "c", "d"], plainDiffContext);
  assert.deepEqual(
    items(change).map((i) => `${i.change.type}:${JSON.stringify("value" in i.change ? i.change.value : null)}`),
    ['same:"a"', 'removed:"b"', 'added:"x"', 'same:"c"', 'added:"d"'],
  );
  const maps = diffValues([{ key: "a", value: "1" }], [{ key: "a", value: "2" }], plainDiffContext);
  assert.deepEqual(paths(maps), ["[0].value"]);
});

test("multi-line strings are diffed line by line", () => {
  const change = diffValues({ conf: "a\nb\nc\n" }, { conf: "a\nB\nc\n" }, plainDiffContext);
  if (change.type !== "map") return assert.fail();
  const text = change.entries[0].change;
  assert.equal(text.type, "text");
  if (text.type === "text") {
    assert.deepEqual(
      text.lines.map((l) => `${l.op} ${l.text}`),
      ["same a", "removed b", "added B", "same c"],
    );
  }
  assert.equal(diffValues({ s: "one line" }, { s: "other" }, plainDiffContext).type, "map");
});

test("the field that forces a replacement is marked, through lists by index", () => {
  const change = diffValues(
    { spec: { selector: { app: "a" }, template: { spec: { containers: [{ name: "x", args: ["1"] }] } } } },
    { spec: { selector: { app: "b" }, template: { spec: { containers: [{ name: "x", args: ["2"] }] } } } },
    byName,
  );
  markForcesReplacement(change, ["spec", "selector"]);
  markForcesReplacement(change, ["spec", "template", "spec", "containers", 0, "args"]);
  const json = JSON.stringify(change);
  assert.equal(json.match(/"forcesReplacement":true/g)?.length, 2);
  if (change.type !== "map" || change.entries[0].change.type !== "map") return assert.fail();
  assert.equal(change.entries[0].change.entries.find((e) => e.key === "selector")?.forcesReplacement, true);
});

test("symbols: a map whose every entry was added counts as added", () => {
  assert.equal(changeSymbol(diffValues({}, { a: { b: 1 } }, plainDiffContext)), "+");
  assert.equal(changeSymbol(diffValues({ a: 1 }, {}, plainDiffContext)), "-");
  assert.equal(changeSymbol(diffValues({ a: 1, b: 1 }, { a: 2, b: 1 }, plainDiffContext)), "~");
  assert.equal(changeSymbol(diffValues({ a: 1 }, { a: 1 }, plainDiffContext)), " ");
});

test("changedPaths names an item replaced in place once, not as a removal and an addition", () => {
  const change = diffValues({ args: ["run", "--fast", "x"] }, { args: ["run", "--slow", "x"] }, plainDiffContext);
  const paths = changedPaths(change).map(formatFieldPath);
  assert.deepEqual(paths, [...new Set(paths)], "no path twice");
  assert.ok(paths.includes("args[1]"), paths.join(", "));
});
