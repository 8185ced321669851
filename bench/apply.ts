/**
 * mkapply benchmark: a 10-replica Deployment applied from an empty state, then rolled from
 * localhost/mk/web:1 to :2 (maxSurge 25%, maxUnavailable 25%, as the defaults), timed end to end
 * through the real CLI — planning, writing, the controllers and the kubelet on podman, until
 * every pod is ready. Next to it, in the same run, the same pod starts done by a plain loop of
 * podman commands (pod create + run -d for 10 pods; then for each pod a v2 pod started and the
 * old one removed), which is the work podman itself must do. mk's overhead is the difference.
 * The pods have terminationGracePeriodSeconds 0 (and the loop removes with -t 0): busybox httpd
 * as PID 1 ignores SIGTERM, and a 30 s grace would measure waiting, not work.
 *
 * Run: `npm run bench:apply`. Needs podman and the test images (scripts/setup.sh).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
      terminationGracePeriodSeconds: 0
      containers: [{ name: web, image: "${image}", ports: [{ containerPort: 80 }] }]
`;
}

function mk(program: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, "dist/src/cli", program), ...args], { env: { ...process.env, CI: "true" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${program} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return performance.now() - started;
}

/** podman as mk runs it: with mk's containers.conf (runc, the ulimits this machine allows). */
function podman(containersConf: string, args: string[]): void {
  const r = spawnSync("podman", args, { encoding: "utf8", env: { ...process.env, CONTAINERS_CONF: containersConf } });
  if (r.status !== 0) throw new Error(`podman ${args.join(" ")} failed: ${r.stderr}`);
}

async function main(): Promise<void> {
  // mk: the real CLI on a fresh state.
  const dir = mkdtempSync(join(tmpdir(), "mk-bench-apply-"));
  const config = join(dir, "config");
  const state = join(dir, "state", "state.db");
  spawnSync("mkdir", ["-p", config]);
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
  }

  // podman alone: the same pods, one command after the other.
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
      podman(session.containersConf, ["pod", "rm", "-f", "-t", "0", `${project}_v1_${i}`]);
    }
    plainRollout = performance.now() - roll;
  } finally {
    await removeLabelled(session.podman, labels);
    rmSync(dir, { recursive: true, force: true });
  }

  const row = (what: string, mkMs: number, plainMs: number) =>
    `| ${what.padEnd(28)} | ${(mkMs / 1000).toFixed(1).padStart(6)} s | ${(plainMs / 1000).toFixed(1).padStart(6)} s | ${(((mkMs - plainMs) / plainMs) * 100).toFixed(0).padStart(5)} % |`;
  process.stdout.write(
    [
      `| ${REPLICAS}-replica Deployment        | mkapply  | podman   | overhead |`,
      "|------------------------------|----------|----------|----------|",
      row("create (until all ready)", mkCreate, plainCreate),
      row("rollout v1 → v2", mkRollout, plainRollout),
      "",
    ].join("\n"),
  );
}

await main();
