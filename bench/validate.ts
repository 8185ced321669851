/**
 * Validation benchmark: 10,000 objects through the schema layer (strict schema, defaulting,
 * semantic rules), the same work `mk validate` does per object (defaulting as validation does it,
 * `withDefaults`, which copies only what it fills in), plus the start-up time of the `mk validate`
 * process. Run: `npm run bench:validate` (figures go to the README).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { makeObject } from "./support/objects.js";

const count = Number(process.env.N ?? 10_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const [{ validateSchema }, { withDefaults }, { validateSemantics }] = await Promise.all([
    import("../src/schema/schema-validate.js"),
    import("../src/schema/defaults/index.js"),
    import("../src/schema/semantic/index.js"),
  ]);
  const loadMs = performance.now() - t0;
  const objects = Array.from({ length: count }, (_, i) => makeObject(i));

  // Warm up, then time the steady state.
  for (const o of objects.slice(0, 500)) validateSemantics(withDefaults(o)), validateSchema(o);
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let issues = 0;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    for (const o of objects) {
      const schemaIssues = validateSchema(o);
      issues += schemaIssues.length;
      if (schemaIssues.length === 0) issues += validateSemantics(withDefaults(o)).length;
    }
    runs.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuRuns.push((cpu.user + cpu.system) / 1000);
  }
  if (issues !== 0) throw new Error(`benchmark objects should be valid, got ${issues} issues`);
  const ms = median(runs);

  // Start-up: the whole `mk validate` process on one small file, median of 10.
  const dir = mkdtempSync(join(tmpdir(), "mk-bench-"));
  const file = join(dir, "one.yaml");
  writeFileSync(file, JSON.stringify(objects[0]));
  const mk = new URL("../src/cli/mk.js", import.meta.url).pathname;
  const startups: number[] = [];
  for (let r = 0; r < 10; r++) {
    const start = performance.now();
    const p = spawnSync(process.execPath, [mk, "validate", file], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(`mk validate failed: ${p.stderr}`);
    startups.push(performance.now() - start);
  }
  const versions: number[] = [];
  for (let r = 0; r < 10; r++) {
    const start = performance.now();
    spawnSync(process.execPath, [mk, "--version"]);
    versions.push(performance.now() - start);
  }

  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`objects:                 ${count} (Deployments, Services, ConfigMaps)`);
  console.log(`validator load:          ${loadMs.toFixed(0)} ms (in process)`);
  console.log(`validate (median of 3):  ${ms.toFixed(0)} ms  = ${Math.round((count / ms) * 1000).toLocaleString("en")} objects/s (CPU ${median(cpuRuns).toFixed(0)} ms)`);
  console.log(`peak RSS:                ${peakMb.toFixed(0)} MB`);
  console.log(`mk validate one file:    ${median(startups).toFixed(0)} ms (process start to exit, median of 10)`);
  console.log(`mk --version:            ${median(versions).toFixed(0)} ms (median of 10)`);
}

await main();
