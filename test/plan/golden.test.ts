/**
 * Golden plans: every directory under test/golden/plan/<case>/ describes a fixture store and a
 * configuration, and holds what mkplan prints for them in each renderer.
 *
 *   stored.yaml      applied by this configuration (/projects/shop) through applyPlanToStore
 *   foreign.yaml     applied by another configuration (/projects/other)
 *   controller.yaml  created in the store as controller-owned objects
 *   desired.yaml     the configuration now
 *   drift.json       what a fake refresh reports (DriftObservation[])
 *   options.json     { "targets": [...], "destroy": true }
 *
 * Outputs: plan.txt (terminal, no colour), plan.md (pull-request comment), plan.json.
 * MK_UPDATE_GOLDEN=1 rewrites them (`npm run golden:update`); review the diff.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTarget } from "../../src/plan/address.js";
import type { DriftObservation, Refresher } from "../../src/plan/refresh.js";
import { renderPlanJson } from "../../src/plan/render/json.js";
import { renderPlanMarkdown } from "../../src/plan/render/markdown.js";
import { renderPlanText } from "../../src/plan/render/text.js";
import { applyDefaults } from "../../src/schema/defaults/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import { validateSchema } from "../../src/schema/schema-validate.js";
import { validateSemantics } from "../../src/schema/semantic/index.js";
import { assertGolden, repoRoot } from "../schema-model/golden.js";
import { applyConfiguration, freshStore, planStore, yamlObjects } from "./harness.js";

const casesDir = new URL("test/golden/plan/", repoRoot).pathname;
const cases = readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function read(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Fixtures must be valid objects, as the compiler hands them over. */
function assertValid(objects: JsonObject[], file: string): void {
  for (const object of objects) {
    const issues = [...validateSchema(object), ...validateSemantics(applyDefaults(object))].filter((i) => i.severity === "error");
    assert.deepEqual(
      issues.map((i) => `${i.code} ${i.message}`),
      [],
      `${file}: ${String(object.kind)}/${String((object.metadata as JsonObject).name)} is not valid`,
    );
  }
}

/** Every Secret value of the fixtures, as written and decoded: none may appear in any rendering. */
function secretValues(objects: JsonObject[]): string[] {
  const values: string[] = [];
  for (const o of objects) {
    if (o.kind !== "Secret") continue;
    for (const v of Object.values((o.data as JsonObject | undefined) ?? {})) values.push(String(v), Buffer.from(String(v), "base64").toString("utf8"));
    for (const v of Object.values((o.stringData as JsonObject | undefined) ?? {})) values.push(String(v), Buffer.from(String(v), "utf8").toString("base64"));
  }
  return values.filter((v) => v.length >= 6);
}

async function renderCase(name: string): Promise<{ text: string; markdown: string; json: string; secrets: string[] }> {
  const dir = join(casesDir, name);
  const { store } = freshStore();
  try {
    const stored = yamlObjects(read(dir, "stored.yaml") ?? "");
    const foreign = yamlObjects(read(dir, "foreign.yaml") ?? "");
    const controller = yamlObjects(read(dir, "controller.yaml") ?? "");
    const desired = yamlObjects(read(dir, "desired.yaml") ?? "");
    for (const [objects, file] of [[stored, "stored.yaml"], [foreign, "foreign.yaml"], [desired, "desired.yaml"]] as const) assertValid(objects, `${name}/${file}`);
    if (stored.length > 0) await applyConfiguration(store, stored);
    if (foreign.length > 0) await applyConfiguration(store, foreign, "/projects/other");
    for (const object of controller) await store.create(object, { managedBy: "controller" });

    const options = JSON.parse(read(dir, "options.json") ?? "{}") as { targets?: string[]; destroy?: boolean };
    const drift = read(dir, "drift.json");
    const refresher: Refresher | undefined = drift ? { name: "fake", refresh: async () => JSON.parse(drift) as DriftObservation[] } : undefined;
    const plan = await planStore(store, desired, { targets: options.targets?.map((t) => parseTarget(t)!), destroy: options.destroy, refresher });
    return {
      text: renderPlanText(plan, { color: false }),
      markdown: renderPlanMarkdown(plan),
      json: renderPlanJson(plan),
      secrets: secretValues([...stored, ...desired]),
    };
  } finally {
    await store.close();
  }
}

test("there are golden plan cases", () => {
  assert.ok(cases.length >= 10, `only ${cases.length} cases under ${casesDir}`);
});

for (const name of cases) {
  test(`golden plan: ${name}`, async () => {
    const first = await renderCase(name);
    const second = await renderCase(name);
    assert.deepEqual(second, first, "two plans of the same fixtures render differently");
    for (const secret of first.secrets) {
      for (const [renderer, output] of [["text", first.text], ["markdown", first.markdown], ["json", first.json]]) {
        assert.ok(!output.includes(secret), `${renderer} rendering shows the Secret value ${JSON.stringify(secret)}`);
      }
    }
    assertGolden(`plan/${name}/plan.txt`, first.text);
    assertGolden(`plan/${name}/plan.md`, first.markdown);
    assertGolden(`plan/${name}/plan.json`, first.json);
  });
}
