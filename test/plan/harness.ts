// Shared set-up for the planner tests: fixture stores built from YAML the way mkapply builds them
// (through applyPlanToStore), a fixed clock and predictable uids. Not a test file itself.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { JsonObject } from "../../src/schema/json.js";
import { applyPlanToStore } from "../../src/plan/apply-to-store.js";
import type { Plan } from "../../src/plan/model.js";
import { planAgainstStore } from "../../src/plan/plan-store.js";
import { computePlan, type StoredObject } from "../../src/plan/planner.js";
import type { Refresher } from "../../src/plan/refresh.js";
import type { TargetSelector } from "../../src/plan/address.js";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/store.js";

export const PLAN_TIME = new Date("2025-03-01T10:00:00Z");
export const CONFIGURATION = "/projects/shop";

/** The objects of a multi-document YAML text (empty documents skipped). */
export function yamlObjects(text: string): JsonObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJSON() as JsonObject | null)
    .filter((o): o is JsonObject => o !== null && typeof o === "object");
}

export interface TestStore {
  store: Store;
  path: string;
}

/** A fresh store in a temp dir, with a fixed clock and uids uid-1, uid-2, ... */
export function freshStore(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), "mk-plan-"));
  const path = join(dir, ".mk", "state.db");
  let n = 0;
  const clock = { now: () => PLAN_TIME };
  return { store: openStore({ path, clock, newUid: () => `uid-${++n}` }), path };
}

/** Plans `desired` against the store (no refresh unless given). */
export async function planStore(store: Store | undefined, desired: readonly JsonObject[], options: { configuration?: string; targets?: TargetSelector[]; destroy?: boolean; refresher?: Refresher } = {}): Promise<Plan> {
  const { plan, diagnostics } = await planAgainstStore({
    store,
    location: ".mk/state.db",
    configuration: options.configuration ?? CONFIGURATION,
    desired,
    mode: options.destroy ? "destroy" : "normal",
    targets: options.targets,
    refresher: options.refresher,
    now: PLAN_TIME,
  });
  assert.deepEqual(diagnostics, [], "planning reported problems");
  return plan;
}

/** Plans and applies `desired` for a configuration, as mkapply would (the store must accept it). */
export async function applyConfiguration(store: Store, desired: readonly JsonObject[], configuration = CONFIGURATION): Promise<Plan> {
  const plan = await planStore(store, desired, { configuration });
  const result = await applyPlanToStore(plan, store, { actor: { user: "tester", host: "testhost", pid: process.pid } });
  assert.ok(result.ok, result.ok ? "" : result.diagnostic.message);
  return plan;
}

/** A plan without a store: desired against plain stored objects (all owned). */
export function planObjects(desired: readonly JsonObject[], stored: readonly JsonObject[]): Plan {
  const storedObjects: StoredObject[] = stored.map((object) => ({ object, owned: true, managedBy: "mkapply" }));
  const { plan, diagnostics } = computePlan({ configuration: CONFIGURATION, desired, stored: storedObjects, baseline: { kind: "store", location: ".mk/state.db" }, now: PLAN_TIME });
  assert.deepEqual(diagnostics, []);
  return plan;
}

export function deployment(name: string, options: { replicas?: number; image?: string; labels?: Record<string, string>; extra?: JsonObject } = {}): JsonObject {
  const labels = options.labels ?? { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "web", image: options.image ?? "nginx:1.25", ...(options.extra ?? {}) }] } },
    },
  };
}

export function configMap(name: string, data: Record<string, string>): JsonObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data };
}
