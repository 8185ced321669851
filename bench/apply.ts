/**
 * mkapply benchmark: a 10-replica Deployment applied from an empty state, then rolled from
 * localhost/mk/web:1 to :2 (maxSurge 25%, maxUnavailable 25%, as the defaults), timed end to end
 * through the real CLI as installed (the bundled bins in dist/bin) — planning, writing, the
 * controllers and the kubelet on podman, until every pod is ready. Next to it, in the same run, the same pod starts done by a plain loop of
 * podman commands (pod create + run -d for 10 pods; then for each pod a v2 pod started and the
 * old one removed), which is the work podman itself must do. mk's overhead is the difference.
 * Both stop pods gracefully (mk: the default 30 s grace; the loop: podman's default 10 s): the
 * web image ends on SIGTERM, so neither waits out its grace period.
 *
 * Run: `npm run bench:apply`. `ROUNDS=3` (the default) repeats both sides and keeps the best of
 * each: a shared machine's noise is larger than the overhead measured. Needs podman and the test
 * images (scripts/setup.sh).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { removeLabelled } from "../src/runtime/cleanup.js";
import { labelArgs, networkLabels, projectSelector } from "../src/runtime/labels.js";
import { projectId, podmanNetworkName } from "../src/runtime/names.js";
import { ensureNetwork } from "../src/runtime/network.js";
import { openRuntimeSession } from "../src/runtime/session.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REPLICAS = Number(process.env.REPLICAS ?? 10);

function deployment(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: bench }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: bench } }
  template:
    metadata: { labels: { app: bench } }
    spec:
      containers: [{ name: web, image: "${image}", ports: [{ containerPort: 80 }] }]
`;
}

function mk(program: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, "dist/bin", program), ...args], { env: { ...process.env, CI: "true" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${program} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return performance.now() - started;
}

/** podman as mk runs it: with mk's containers.conf (runc, the ulimits this machine allows). */
function podman(containersConf: string, args: string[]): void {
  const r = spawnSync("podman", args, { encoding: "utf8", env: { ...process.env, CONTAINERS_CONF: containersConf } });
  if (r.status !== 0) throw new Error(`podman ${args.join(" ")} failed: ${r.stderr}`);
}

interface Timing {
  create: number;
  rollout: number;
}

async function main(): Promise<void> {
  const rounds = Number(process.env.ROUNDS ?? 3);
  let mkBest: Timing = { create: Infinity, rollout: Infinity };
  let plainBest: Timing = { create: Infinity, rollout: Infinity };
  for (let r = 0; r < rounds; r++) {
    const mkRound = await mkRun();
    const plainRound = await plainRun();
    mkBest = { create: Math.min(mkBest.create, mkRound.create), rollout: Math.min(mkBest.rollout, mkRound.rollout) };
    plainBest = { create: Math.min(plainBest.create, plainRound.create), rollout: Math.min(plainBest.rollout, plainRound.rollout) };
  }
  const row = (what: string, mkMs: number, plainMs: number) =>
    `| ${what.padEnd(28)} | ${(mkMs / 1000).toFixed(1).padStart(6)} s | ${(plainMs / 1000).toFixed(1).padStart(6)} s | ${(((mkMs - plainMs) / plainMs) * 100).toFixed(0).padStart(5)} % |`;
  process.stdout.write(
    [
      `| ${REPLICAS}-replica Deployment (best of ${rounds}) | mkapply  | podman   | overhead |`,
      "|------------------------------|----------|----------|----------|",
      row("create (until all ready)", mkBest.create, plainBest.create),
      row("rollout v1 → v2", mkBest.rollout, plainBest.rollout),
      "",
    ].join("\n"),
  );
}

/** mk: the real CLI on a fresh state. */
async function mkRun(): Promise<Timing> {
  const dir = mkdtempSync(join(tmpdir(), "mk-bench-apply-"));
  const config = join(dir, "config");
  const state = join(dir, "state", "state.db");
  mkdirSync(config, { recursive: true });
  const session = openRuntimeSession(join(dir, "state"));
  let mkCreate = 0;
  let mkRollout = 0;
  try {
    writeFileSync(join(config, "deployment.yaml"), deployment("localhost/mk/web:1"));
    mkCreate = mk("mkapply.js", [config, "--auto-approve", "--state", state, "--timeout", "10m"]);
    writeFileSync(join(config, "deployment.yaml"), deployment("localhost/mk/web:2"));
    mkRollout = mk("mkapply.js", [config, "--auto-approve", "--state", state, "--timeout", "10m"]);
    mk("mk.js", ["destroy", config, "--auto-approve", "--state", state, "--timeout", "10m"]);
  } finally {
    await removeLabelled(session.podman, projectSelector(session.project));
    rmSync(dir, { recursive: true, force: true });
  }
  return { create: mkCreate, rollout: mkRollout };
}

/** podman alone: the same pods, one command after the other. */
async function plainRun(): Promise<Timing> {
  const dir = mkdtempSync(join(tmpdir(), "mk-bench-apply-plain-"));
  const session = openRuntimeSession(join(dir, "state"));
  const project = projectId(join(dir, "plain"));
  const network = podmanNetworkName(project);
  const labels = projectSelector(project);
  const made = await ensureNetwork(session.podman, network, networkLabels(project, network));
  if (!made.ok) throw new Error(made.error.message);
  let plainCreate = 0;
  let plainRollout = 0;
  try {
    const start = performance.now();
    for (let i = 0; i < REPLICAS; i++) {
      podman(session.containersConf, ["pod", "create", ...labelArgs(labels), "--network", network, "--name", `${project}_v1_${i}`]);
      podman(session.containersConf, ["run", "-d", ...labelArgs(labels), "--pod", `${project}_v1_${i}`, "--name", `${project}_v1_${i}_web`, "localhost/mk/web:1"]);
    }
    plainCreate = performance.now() - start;
    const roll = performance.now();
    for (let i = 0; i < REPLICAS; i++) {
      podman(session.containersConf, ["pod", "create", ...labelArgs(labels), "--network", network, "--name", `${project}_v2_${i}`]);
      podman(session.containersConf, ["run", "-d", ...labelArgs(labels), "--pod", `${project}_v2_${i}`, "--name", `${project}_v2_${i}_web`, "localhost/mk/web:2"]);
      podman(session.containersConf, ["pod", "rm", "-f", `${project}_v1_${i}`]);
    }
    plainRollout = performance.now() - roll;
  } finally {
    await removeLabelled(session.podman, labels);
    rmSync(dir, { recursive: true, force: true });
  }

  return { create: plainCreate, rollout: plainRollout };
}

await main();
