import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePlanFile, readPlanFile, serializePlanFile, writePlanFile } from "../../src/plan/plan-file.js";
import { renderPlanText } from "../../src/plan/render/text.js";
import { renderPlanJson } from "../../src/plan/render/json.js";
import { CONFIGURATION, configMap, deployment, planObjects } from "./harness.js";
import { normalizeForPlan, withConfiguration } from "../../src/plan/normalize.js";
import type { JsonObject } from "../../src/schema/json.js";

const secret: JsonObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, stringData: { password: "plan-file-secret" } };

function samplePlan() {
  const stored = [deployment("web"), configMap("old", { a: "1" })].map((o) => withConfiguration(normalizeForPlan(o), CONFIGURATION));
  return planObjects([deployment("web", { replicas: 5 }), secret], stored);
}

test("a plan file reads back as the same plan, and renders the same", () => {
  const plan = samplePlan();
  const text = serializePlanFile(plan, { mkVersion: "1.2.3" });
  assert.equal(serializePlanFile(plan, { mkVersion: "1.2.3" }), text, "deterministic");
  const parsed = parsePlanFile(text, "web.plan");
  assert.ok(parsed.ok);
  assert.equal(parsed.mkVersion, "1.2.3");
  assert.equal(renderPlanText(parsed.plan, { color: false }), renderPlanText(plan, { color: false }));
  assert.equal(renderPlanJson(parsed.plan), renderPlanJson(plan));
  assert.ok(parsed.plan.changes.every((c) => c.stored === undefined), "stored objects stay in memory");
  const fingerprints = parsed.plan.changes.map((c) => [c.action, c.fingerprint === null ? "null" : typeof c.fingerprint]);
  assert.deepEqual(fingerprints, [
    ["create", "null"],
    ["update", "string"],
    ["delete", "string"],
  ]);
});

test("a plan file holds the Secret data it will write, and shows it masked; it is written 0600", () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-planfile-"));
  const path = join(dir, "web.plan");
  writeFileSync(path, "old contents", { mode: 0o644 });
  const old = process.umask(0);
  try {
    writePlanFile(path, serializePlanFile(samplePlan(), { mkVersion: "test" }));
  } finally {
    process.umask(old);
  }
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const read = readPlanFile(path);
  assert.ok(read.ok);
  const parsed = parsePlanFile(read.text, path);
  assert.ok(parsed.ok);
  const change = parsed.plan.changes.find((c) => c.address === "Secret/db")!;
  assert.equal(((change.write!.data as JsonObject).password as string), Buffer.from("plan-file-secret").toString("base64"), "mkapply needs the value");
  assert.equal((change.after!.data as JsonObject).password, "(sensitive value)");
  assert.ok(!renderPlanText(parsed.plan, { color: false }).includes(Buffer.from("plan-file-secret").toString("base64")));
});

test("files that are not plans, damaged plans and other format versions are refused with MK8004", () => {
  const text = serializePlanFile(samplePlan(), { mkVersion: "1.2.3" });
  const cases: [string, RegExp][] = [
    ["not json", /not a plan file \(it is not JSON\)/],
    ['{"format":"terraform"}', /not an mk plan file/],
    [text.replace('"format_version": 1', '"format_version": 7'), /format version 7, written by mk 1\.2\.3; this mk reads version 1/],
    [text.replace(/"write": \{/, '"write_": {'), /damaged: change \d \(Deployment\/web\) has no object to write|damaged: change \d \(Secret\/db\) has no object to write/],
    [text.replace('"action": "update"', '"action": "upgrade"'), /damaged: change 1 \(Deployment\/web\) has an unknown action/],
  ];
  for (const [input, message] of cases) {
    const parsed = parsePlanFile(input, "x.plan");
    assert.ok(!parsed.ok, `accepted: ${input.slice(0, 40)}`);
    assert.equal(parsed.diagnostic.code, "MK8004");
    assert.match(parsed.diagnostic.message, message);
  }
  const missing = readPlanFile(join(tmpdir(), "does-not-exist.plan"));
  assert.ok(!missing.ok);
  assert.match(missing.diagnostic.message, /no such file/);
});

test("plan files are JSON with the documented top-level fields", () => {
  const file = JSON.parse(serializePlanFile(samplePlan(), { mkVersion: "1.2.3" })) as JsonObject;
  assert.deepEqual(Object.keys(file), ["format", "format_version", "mk_version", "plan"]);
  assert.equal(file.format, "mk-plan");
  const plan = file.plan as JsonObject;
  assert.deepEqual(Object.keys(plan).sort(), ["baseline", "changes", "configuration", "counts", "createdAt", "drift", "formatVersion", "mode", "refreshed", "targets"]);
  assert.ok(readFileSync(new URL("../../../docs/plan-file.md", import.meta.url), "utf8").includes("format_version"), "documented");
});
