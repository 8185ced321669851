import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPayload, writeAtomically, type PayloadFile } from "../../../src/kubelet/volumes/atomic-writer.js";

const file = (text: string, mode = 0o644): PayloadFile => ({ data: Buffer.from(text), mode });

test("content goes into a timestamped folder behind ..data; names are links through ..data", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "mk-aw-")), "vol");
  const changed = await writeAtomically(dir, new Map([["app.conf", file("a=1")], ["conf/nested.txt", file("n", 0o600)]]), new Date("2026-11-22T03:04:05Z"));
  assert.equal(changed, true);
  const data = readlinkSync(join(dir, "..data"));
  assert.match(data, /^\.\.2026_11_22_03_04_05\.[0-9a-f]{8}$/);
  assert.equal(readlinkSync(join(dir, "app.conf")), "..data/app.conf");
  assert.equal(readlinkSync(join(dir, "conf")), "..data/conf");
  assert.equal(readFileSync(join(dir, "app.conf"), "utf8"), "a=1");
  assert.equal(readFileSync(join(dir, "conf", "nested.txt"), "utf8"), "n");
  assert.equal(statSync(join(dir, "conf", "nested.txt")).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, "app.conf")).mode & 0o777, 0o644);
});

test("the same content again writes nothing; a change swaps ..data, drops gone names and the old folder", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "mk-aw-")), "vol");
  await writeAtomically(dir, new Map([["a", file("1")], ["b", file("2")]]));
  const first = readlinkSync(join(dir, "..data"));
  assert.equal(await writeAtomically(dir, new Map([["a", file("1")], ["b", file("2")]])), false);
  assert.equal(readlinkSync(join(dir, "..data")), first);
  assert.equal(await writeAtomically(dir, new Map([["a", file("1", 0o400)], ["b", file("2")]])), true, "a mode change is a change");
  assert.equal(await writeAtomically(dir, new Map([["a", file("updated")]])), true);
  const second = readlinkSync(join(dir, "..data"));
  assert.notEqual(second, first);
  assert.equal(readFileSync(join(dir, "a"), "utf8"), "updated");
  assert.deepEqual(readdirSync(dir).sort(), ["..data", second, "a"].sort());
  assert.deepEqual([...(await readPayload(dir)).keys()], ["a"]);
});

test("a folder left by a write killed before its swap is removed by the next write", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "mk-aw-")), "vol");
  await writeAtomically(dir, new Map([["a", file("1")]]));
  mkdirSync(join(dir, "..2020_01_01_00_00_00.deadbeef"));
  writeFileSync(join(dir, "..2020_01_01_00_00_00.deadbeef", "a"), "half");
  await writeAtomically(dir, new Map([["a", file("2")]]));
  assert.deepEqual(readdirSync(dir).sort(), ["..data", readlinkSync(join(dir, "..data")), "a"].sort());
  assert.equal(readFileSync(join(dir, "a"), "utf8"), "2");
});

test("paths that would leave the folder are refused", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "mk-aw-")), "vol");
  for (const bad of ["../x", "/etc/passwd", "a/../../b", "..data", ""]) {
    await assert.rejects(writeAtomically(dir, new Map([[bad, file("x")]])), /invalid path/, bad);
  }
});
