/**
 * Planner benchmark: a store holding N objects (Deployments, Services, ConfigMaps, Secrets) as
 * mkapply writes them, and a configuration with 1% of them changed. Measures what mkplan does
 * after compilation — read the store, default and compare every object, diff the changed ones,
 * work out consequences, render the terminal plan — and the peak memory of a process that does
 * only that. Runs N = 2,500 ... 20,000 to show that the cost grows with N, not N².
 *
 * Run: `npm run bench:plan` (figures go to the README). `N=10000` measures one size only.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { JsonObject } from "../src/schema/json.js";
import { makeObject } from "./support/objects.js";

const CONFIGURATION = "/bench/shop";

/** Every hundredth object changed: 1%. */
function configuration(count: number, withChanges: boolean): JsonObject[] {
  return Array.from({ length: count }, (_, i) => makeObject(i, withChanges && i % 100 === 50));
}

interface Measurement {
  count: number;
  listMs: number;
  planMs: number;
  renderMs: number;
  totalMs: number;
  changes: number;
  peakRssMb: number;
  heapMb: number;
}

/** The child: opens the prepared store, plans, renders, reports. Nothing else runs in it. */
async function measure(statePath: string, count: number): Promise<void> {
  const [{ openStore }, { planAgainstStore }, { renderPlanText }] = await Promise.all([
    import("../src/store/open.js"),
    import("../src/plan/plan-store.js"),
    import("../src/plan/render/text.js"),
  ]);
  const desired = configuration(count, true);
  const runs: Omit<Measurement, "peakRssMb" | "heapMb" | "count">[] = [];
  for (let r = 0; r < 3; r++) {
    const store = openStore({ path: statePath, create: false });
    const t0 = performance.now();
    await store.list({ managedBy: "mkapply" });
    const listMs = performance.now() - t0;
    const t1 = performance.now();
    const { plan } = await planAgainstStore({ store, location: statePath, configuration: CONFIGURATION, desired, now: new Date() });
    const planMs = performance.now() - t1;
    const t2 = performance.now();
    const text = renderPlanText(plan, { color: false });
    const renderMs = performance.now() - t2;
    await store.close();
    if (text.length === 0) throw new Error("empty rendering");
    runs.push({ listMs, planMs, renderMs, totalMs: planMs + renderMs, changes: plan.counts.update + plan.counts.replace + plan.counts.create + plan.counts.delete });
  }
  runs.sort((a, b) => a.totalMs - b.totalMs);
  const median = runs[1];
  const result: Measurement = { count, ...median, peakRssMb: process.resourceUsage().maxRSS / 1024, heapMb: process.memoryUsage().heapUsed / 1024 / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The parent: builds a store of `count` objects through applyPlanToStore, then measures in a child. */
async function prepare(count: number): Promise<Measurement> {
  const [{ openStore }, { planAgainstStore }, { applyPlanToStore }] = await Promise.all([
    import("../src/store/open.js"),
    import("../src/plan/plan-store.js"),
    import("../src/plan/apply-to-store.js"),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "mk-bench-plan-"));
  const statePath = join(dir, "state.db");
  try {
    const store = openStore({ path: statePath });
    const { plan } = await planAgainstStore({ store, location: statePath, configuration: CONFIGURATION, desired: configuration(count, false), now: new Date() });
    const applied = await applyPlanToStore(plan, store);
    if (!applied.ok) throw new Error(applied.diagnostic.message);
    await store.close();
    const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--measure", statePath, String(count)], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (child.status !== 0) throw new Error(`measurement failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Measurement;
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "--measure") {
    await measure(process.argv[3], Number(process.argv[4]));
    return;
  }
  const sizes = process.env.N ? [Number(process.env.N)] : [2_500, 5_000, 10_000, 20_000];
  console.log("objects  changed  store read  plan (incl. read)  render  plan+render  per object  peak RSS  heap after");
  for (const count of sizes) {
    const m = await prepare(count);
    console.log(
      [
        String(m.count).padStart(7),
        String(m.changes).padStart(8),
        `${m.listMs.toFixed(0)} ms`.padStart(11),
        `${m.planMs.toFixed(0)} ms`.padStart(18),
        `${m.renderMs.toFixed(0)} ms`.padStart(7),
        `${m.totalMs.toFixed(0)} ms`.padStart(12),
        `${((m.totalMs / m.count) * 1000).toFixed(0)} µs`.padStart(11),
        `${m.peakRssMb.toFixed(0)} MB`.padStart(9),
        `${m.heapMb.toFixed(0)} MB`.padStart(11),
      ].join(" "),
    );
  }
  console.log("(median of 3 runs in a fresh process per size; the store is built beforehand with applyPlanToStore)");
}

await main();
