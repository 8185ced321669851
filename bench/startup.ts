/**
 * Start-up benchmark: the whole `mk validate` process on one small manifest, from process start
 * to exit, as a user runs it (the shipped bin, dist/bin/mk.js), beside `node -e 0` (the floor: Node
 * itself) and the unbundled tsc output (dist/src/cli/mk.js). The commands take turns, so a change
 * in the machine's load during the run affects all of them alike. Run: `npm run bench:startup`
 * (N=30 runs each by default; figures go to the README).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const runs = Number(process.env.N ?? 30);

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: localhost/mk/web:1
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 100m, memory: 64Mi}
`;

interface Case {
  label: string;
  args: string[];
  times: number[];
  /** CPU time (user + system) of all timed runs, in ms. */
  cpuMs: number;
}

/**
 * CPU time used so far by this process's finished children, in ms (Linux: cutime + cstime of
 * /proc/self/stat, in clock ticks of 10 ms), or undefined elsewhere. Unlike the wall time, it
 * hardly changes with the machine's load, so it compares runs made at different times.
 */
function childCpuMs(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "mk-bench-startup-"));
  const file = join(dir, "web.yaml");
  writeFileSync(file, manifest);
  const bin = new URL("../bin/mk.js", import.meta.url).pathname;
  const unbundled = new URL("../src/cli/mk.js", import.meta.url).pathname;
  const cases: Case[] = [
    { label: "node -e 0 (floor)", args: ["-e", "0"], times: [], cpuMs: 0 },
    { label: "mk validate one file", args: [bin, "validate", file], times: [], cpuMs: 0 },
    { label: "mk --version", args: [bin, "--version"], times: [], cpuMs: 0 },
    { label: "mk validate, unbundled tsc output", args: [unbundled, "validate", file], times: [], cpuMs: 0 },
  ];
  const loadBefore = loadavg()[0];
  try {
    // One untimed round first: the files are then in the page cache for every timed run.
    for (let r = -1; r < runs; r++) {
      for (const c of cases) {
        const cpuStart = childCpuMs();
        const start = performance.now();
        const p = spawnSync(process.execPath, c.args, { encoding: "utf8" });
        const ms = performance.now() - start;
        const cpuEnd = childCpuMs();
        if (p.status !== 0) throw new Error(`${c.label} failed (exit ${p.status}): ${p.stderr}`);
        if (c.args.includes("validate") && !p.stdout.includes("1 resource: 1 valid")) throw new Error(`${c.label}: unexpected output ${p.stdout}`);
        if (r >= 0) {
          c.times.push(ms);
          if (cpuStart !== undefined && cpuEnd !== undefined) c.cpuMs += cpuEnd - cpuStart;
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0];
  console.log(`runs: ${runs} each, interleaved; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (2 cores)`);
  for (const c of cases) {
    console.log(`${c.label.padEnd(36)} median ${median(c.times).toFixed(0).padStart(4)} ms   p90 ${percentile(c.times, 90).toFixed(0).padStart(4)} ms   min ${Math.min(...c.times).toFixed(0).padStart(4)} ms   CPU ${(c.cpuMs / runs).toFixed(0).padStart(4)} ms (mean)`);
  }
  const floor = median(cases[0].times);
  console.log(`mk validate above the floor: ${(median(cases[1].times) - floor).toFixed(0)} ms (median minus node's own start-up)`);
}

main();
