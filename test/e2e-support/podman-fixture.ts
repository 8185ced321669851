import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeContainersConf } from "../../src/runtime/containers-conf.js";
import { createPodman, runJson, type Podman } from "../../src/runtime/podman.js";
import { removeLabelled } from "../../src/runtime/cleanup.js";
import { ensureNetwork } from "../../src/runtime/network.js";
import { podmanNetworkName } from "../../src/runtime/names.js";
import { networkLabels } from "../../src/runtime/labels.js";
import { buildTestImages, type TestImageBuild } from "../../src/runtime/test-images.js";
import { removeStaleTransientProjects, transientProject } from "../../src/runtime/transient.js";
import { listContainers, listPods } from "../../src/runtime/observe.js";
import { listNetworks } from "../../src/runtime/network.js";
import { listVolumes } from "../../src/runtime/volumes.js";

/**
 * The real podman for end-to-end tests: mk's containers.conf in a temporary folder, a transient
 * project (labels with this process's pid) with its own DNS network, the offline test images.
 * Leftovers of earlier runs that were killed are removed first; the objects of runs that are
 * still going (another `npm test` on this machine) are left alone.
 */
export interface E2eRuntime {
  podman: Podman;
  project: string;
  /** Put these on everything the test creates. */
  labels: Record<string, string>;
  /** Selects everything this run created. */
  selector: Record<string, string>;
  network: string;
  images: TestImageBuild[];
  /** What the start-up removed from killed earlier runs. */
  staleRemoved: number;
  /** Removes everything this run created and returns what is still there afterwards (should be nothing). */
  close(): Promise<string[]>;
}

export const PODMAN_FIX = "install podman, runc and busybox-static: `sudo apt-get install -y podman runc busybox-static` (or run scripts/setup.sh), then `mk doctor`";

export async function openE2eRuntime(purpose: string): Promise<E2eRuntime> {
  const confDir = mkdtempSync(join(tmpdir(), `mk-${purpose}-`));
  const podman = createPodman({ containersConf: writeContainersConf(confDir) });
  const version = await runJson(podman, { args: ["version", "--format", "json"], timeoutMs: 30_000 });
  if (!version.ok) {
    // Loud, never a skip: CI must have podman.
    throw new Error(`the end-to-end runtime tests need podman, which failed: ${version.error.message}\nfix: ${PODMAN_FIX}`);
  }
  const stale = await removeStaleTransientProjects(podman, purpose);
  if (!stale.ok) throw new Error(`removing leftovers of earlier runs failed: ${stale.error.message}`);
  const images = await buildTestImages(podman);
  if (!images.ok) throw new Error(`building the offline test images failed: ${images.error.message}\nfix: ${PODMAN_FIX}`);
  const run = transientProject(purpose);
  const network = podmanNetworkName(run.project);
  const net = await ensureNetwork(podman, network, { ...run.labels, ...networkLabels(run.project, network) });
  if (!net.ok) throw new Error(`creating network ${network} failed: ${net.error.message}`);
  const s = stale.value;
  return {
    podman,
    project: run.project,
    labels: run.labels,
    selector: run.selector,
    network,
    images: images.value,
    staleRemoved: s.pods + s.containers + s.networks + s.volumes,
    async close() {
      try {
        const removed = await removeLabelled(podman, run.selector);
        if (!removed.ok) return [`cleanup failed: ${removed.error.message}`];
        return [...removed.value.errors.map((e) => e.message), ...(await remainingObjects(podman, run.selector))];
      } finally {
        rmSync(confDir, { recursive: true, force: true });
      }
    },
  };
}

/** Every podman object still carrying `selector`, as "kind name" lines. */
export async function remainingObjects(podman: Podman, selector: Record<string, string>): Promise<string[]> {
  const left: string[] = [];
  const pods = await listPods(podman, selector);
  const containers = await listContainers(podman, selector);
  const networks = await listNetworks(podman, selector);
  const volumes = await listVolumes(podman, selector);
  for (const r of [pods, containers, networks, volumes]) if (!r.ok) left.push(`listing failed: ${r.error.message}`);
  if (pods.ok) left.push(...pods.value.map((p) => `pod ${p.name}`));
  if (containers.ok) left.push(...containers.value.map((c) => `container ${c.name}`));
  if (networks.ok) left.push(...networks.value.map((n) => `network ${n.name}`));
  if (volumes.ok) left.push(...volumes.value.map((v) => `volume ${v.name}`));
  return left;
}
