/**
 * Parser benchmark: lexing and parsing a 5,000-line MKL file (the compile benchmark's program
 * repeated with distinct names) and the whole generated Kubernetes stdlib, after warm-up, plus
 * the one-time cost of building the parser and of the first parse in a fresh process.
 * Reports the median and the fastest of the timed runs, wall and CPU time.
 *
 *   npm run build && node dist/bench/parse.js
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatModule } from "../src/lang/format/format.js";
import { lex } from "../src/lang/syntax/lexer.js";
import { mklParser, parseModule } from "../src/lang/syntax/parse.js";

const root = new URL("../../", import.meta.url).pathname;
const runs = Number(process.env.RUNS ?? 30);

function fiveThousandLines(): string {
  const program = readFileSync(join(root, "bench/compile/main.mkl"), "utf8");
  const body = program.slice(program.indexOf("schema App"));
  let text = 'import "k8s/apps/v1" as apps\n';
  for (let i = 0; text.split("\n").length < 5000; i++) text += `${body.replace(/\bApp\b/g, `App${i}`).replace(/\bdeployment\b/g, `deployment${i}`)}\n`;
  return text;
}

function stdlib(): string {
  const dir = join(root, "stdlib/k8s");
  if (!existsSync(dir)) return "";
  const parts: string[] = [];
  for (const group of readdirSync(dir).sort()) for (const version of readdirSync(join(dir, group)).sort()) parts.push(readFileSync(join(dir, group, version), "utf8"));
  return parts.join("\n");
}

function time(label: string, lines: number, f: () => unknown): void {
  for (let i = 0; i < 5; i++) f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
  console.log(
    `${label.padEnd(34)} ${String(lines).padStart(6)} lines   median ${median(wall).toFixed(1).padStart(6)} ms (cpu ${median(cpu).toFixed(1)})   fastest ${wall[0].toFixed(1)} ms`,
  );
}

const c0 = performance.now();
mklParser();
const constructed = performance.now() - c0;
const big = fiveThousandLines();
const lib = stdlib();
const f0 = performance.now();
const first = parseModule("bench.mkl", big);
const firstParse = performance.now() - f0;
if (first.diagnostics.length > 0) throw new Error(`the benchmark program has syntax errors: ${first.diagnostics[0].message}`);

console.log(`parser construction (once per process): ${constructed.toFixed(1)} ms; first parse of 5,000 lines (cold JIT): ${firstParse.toFixed(1)} ms`);
time("lex 5,000-line program", big.split("\n").length, () => lex("bench.mkl", big));
time("parse 5,000-line program", big.split("\n").length, () => parseModule("bench.mkl", big));
if (lib) time("parse the Kubernetes stdlib", lib.split("\n").length, () => parseModule("stdlib.mkl", lib));
time("format 5,000-line program", big.split("\n").length, () => formatModule(big, "bench.mkl"));
