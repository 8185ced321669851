/**
 * Pod start-up benchmark on the real podman: N pods (one container each, the offline web image)
 * started by mk's kubelet — from the moment the Pods are in the store until every one is
 * Running in the store's status — next to the same pods and containers started by a plain
 * shell loop of podman commands (`podman pod create`, then `podman run -d --pod`), in the same
 * run. Reports pods per second for both and the ratio (target: the kubelet within 1.3x).
 *
 * Run: `npm run bench:pods`. `N=10` measures one size only; `ROUNDS=3` repeats each size and
 * keeps the best round of each side.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { JsonObject } from "../src/schema/json.js";
import { openStore } from "../src/store/index.js";
import { startControlLoop } from "../src/control/manager.js";
import { createKubelet } from "../src/kubelet/kubelet.js";
import { writeContainersConf } from "../src/runtime/containers-conf.js";
import { createPodman } from "../src/runtime/podman.js";
import { ensureNetwork } from "../src/runtime/network.js";
import { removeLabelled } from "../src/runtime/cleanup.js";
import { LABEL, networkLabels } from "../src/runtime/labels.js";
import { podmanNetworkName } from "../src/runtime/names.js";
import { buildTestImages, WEB_IMAGE_V1 } from "../src/runtime/test-images.js";
import { removeStaleTransientProjects, transientProject } from "../src/runtime/transient.js";
import { pollUntil } from "../test/e2e-support/poll.js";

const PURPOSE = "bench-pods";
/** Time zero of MK_BENCH_TRACE lines. */
const origin = performance.now();

interface Round {
  n: number;
  kubeletMs: number;
  plainMs: number;
}

async function main(): Promise<void> {
  const sizes = process.env.N ? [Number(process.env.N)] : [1, 10, 30];
  const rounds = Number(process.env.ROUNDS ?? "1");
  const confDir = mkdtempSync(join(tmpdir(), "mk-bench-pods-"));
  const containersConf = writeContainersConf(confDir);
  const podman = createPodman({
    containersConf,
    // MK_BENCH_TRACE=1: every podman call with its start time, for finding where a round's time goes.
    ...(process.env.MK_BENCH_TRACE
      ? { onCall: (call, _r, ms) => process.stderr.write(`${(performance.now() - origin - ms).toFixed(0)} +${ms.toFixed(0)} ${call.args.slice(0, 3).join(" ")}\n`) }
      : {}),
  });
  const stale = await removeStaleTransientProjects(podman, PURPOSE);
  if (!stale.ok) throw new Error(stale.error.message);
  const images = await buildTestImages(podman);
  if (!images.ok) throw new Error(images.error.message);
  const run = transientProject(PURPOSE);
  const network = podmanNetworkName(run.project);
  const net = await ensureNetwork(podman, network, { ...run.labels, ...networkLabels(run.project, network) });
  if (!net.ok) throw new Error(net.error.message);
  const podsOnly = { ...run.selector, [LABEL.kind]: "Pod" };
  const results: Round[] = [];
  try {
    for (const n of sizes) {
      let best: Round = { n, kubeletMs: Infinity, plainMs: Infinity };
      for (let r = 0; r < rounds; r++) {
        const plainMs = plainLoop(n, run.project, network, run.labels, containersConf);
        await clear(podman, podsOnly);
        const kubeletMs = await kubeletRound(n, { podman, project: run.project, network, containersConf }, run.labels);
        await clear(podman, podsOnly);
        best = { n, kubeletMs: Math.min(best.kubeletMs, kubeletMs), plainMs: Math.min(best.plainMs, plainMs) };
      }
      results.push(best);
      report(best);
    }
  } finally {
    await removeLabelled(podman, run.selector);
    rmSync(confDir, { recursive: true, force: true });
  }
  process.stdout.write("\n| pods | kubelet | plain podman loop | kubelet / plain |\n|---:|---:|---:|---:|\n");
  for (const r of results) {
    process.stdout.write(`| ${r.n} | ${rate(r.n, r.kubeletMs)} pods/s (${seconds(r.kubeletMs)}) | ${rate(r.n, r.plainMs)} pods/s (${seconds(r.plainMs)}) | ${(r.kubeletMs / r.plainMs).toFixed(2)}x |\n`);
  }
}

/** The baseline: one podman pod and one started container per pod, by a bash loop. */
function plainLoop(n: number, project: string, network: string, labels: Record<string, string>, containersConf: string): number {
  const labelArgs = Object.entries({ ...labels, [LABEL.kind]: "Pod" })
    .map(([k, v]) => `--label ${k}=${v}`)
    .join(" ");
  const script = `
set -e
for i in $(seq 1 ${n}); do
  podman pod create --name ${project}_plain_p$i --network ${network} --exit-policy continue ${labelArgs} >/dev/null
  podman run -d --pod ${project}_plain_p$i --name ${project}_plain_p\${i}_web --pull never ${labelArgs} ${WEB_IMAGE_V1} >/dev/null
done`;
  const t0 = performance.now();
  const r = spawnSync("bash", ["-c", script], { env: { ...process.env, CONTAINERS_CONF: containersConf }, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`the plain podman loop failed: ${r.stderr}`);
  return ms;
}

/** N Pods in a fresh store, the kubelet's loop started: time until every Pod is Running in the store. */
async function kubeletRound(n: number, session: { podman: ReturnType<typeof createPodman>; project: string; network: string; containersConf: string }, labels: Record<string, string>): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), "mk-bench-pods-state-"));
  const store = openStore({ path: join(stateDir, "state.db") });
  try {
    for (let i = 1; i <= n; i++) {
      const pod: JsonObject = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `p${i}`, namespace: "default" },
        spec: { containers: [{ name: "web", image: WEB_IMAGE_V1, imagePullPolicy: "Never" }] },
      };
      await store.create(pod, { managedBy: "mkapply" });
    }
    const kubelet = createKubelet({ session, stateDir, extraLabels: labels, nodeName: "bench-node" });
    const t0 = performance.now();
    if (process.env.MK_BENCH_TRACE) process.stderr.write(`${(t0 - origin).toFixed(0)} kubelet round starts\n`);
    const loop = startControlLoop({ store, reconcilers: [kubelet], pollMs: 20, ...(process.env.MK_BENCH_VERBOSE ? { log: (m: string) => process.stderr.write(`${m}\n`) } : {}) });
    try {
      await pollUntil(
        async () => {
          const pods = await store.list({ apiVersion: "v1", kind: "Pod" });
          return pods.items.filter((p) => (p.status as JsonObject | undefined)?.phase === "Running").length === n ? true : undefined;
        },
        { timeoutMs: 600_000, what: `${n} pods Running`, intervalMs: 20 },
      );
      if (process.env.MK_BENCH_TRACE) process.stderr.write(`${(performance.now() - origin).toFixed(0)} all Running\n`);
      return performance.now() - t0;
    } finally {
      await loop.stop();
      for (const e of loop.errors) process.stderr.write(`reconcile error ${e.key.name}: ${e.error instanceof Error ? e.error.message : String(e.error)}\n`);
    }
  } finally {
    await store.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function clear(podman: ReturnType<typeof createPodman>, selector: Record<string, string>): Promise<void> {
  const r = await removeLabelled(podman, selector);
  if (!r.ok) throw new Error(r.error.message);
  if (r.value.errors.length > 0) throw new Error(r.value.errors.map((e) => e.message).join("\n"));
}

function rate(n: number, ms: number): string {
  return (n / (ms / 1000)).toFixed(2);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function report(r: Round): void {
  process.stderr.write(`${r.n} pods: kubelet ${seconds(r.kubeletMs)}, plain loop ${seconds(r.plainMs)} (${(r.kubeletMs / r.plainMs).toFixed(2)}x)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
