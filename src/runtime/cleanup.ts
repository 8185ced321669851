import { LABEL, type Labels } from "./labels.js";
import { listContainers, listPods } from "./observe.js";
import { listNetworks, removeNetwork } from "./network.js";
import { listVolumes, removeVolume } from "./volumes.js";
import { removePodSandbox } from "./pod-sandbox.js";
import { removeContainer } from "./containers.js";
import { success, type PodmanError, type RuntimeResult } from "./podman-error.js";
import type { Podman } from "./podman.js";

export interface CleanupReport {
  pods: number;
  containers: number;
  volumes: number;
  networks: number;
  /** What could not be removed (the rest was still attempted). */
  errors: PodmanError[];
}

/**
 * Removes every podman object that carries all labels in `selector` — pods with their
 * containers, stray containers, volumes, then networks (last: they must be empty). The selector
 * must name an mk project, so this can never reach beyond one project's objects.
 */
export async function removeLabelled(podman: Podman, selector: Labels): Promise<RuntimeResult<CleanupReport>> {
  if (!selector[LABEL.project]) throw new Error(`removeLabelled needs a selector with ${LABEL.project}`);
  const report: CleanupReport = { pods: 0, containers: 0, volumes: 0, networks: 0, errors: [] };

  const pods = await listPods(podman, selector);
  if (!pods.ok) return pods;
  for (const pod of pods.value) count(report, "pods", await removePodSandbox(podman, pod.id, selector));

  const containers = await listContainers(podman, selector);
  if (!containers.ok) return containers;
  for (const c of containers.value) count(report, "containers", await removeContainer(podman, c.id, selector));

  const volumes = await listVolumes(podman, selector);
  if (!volumes.ok) return volumes;
  for (const v of volumes.value) count(report, "volumes", await removeVolume(podman, v.name, selector));

  const networks = await listNetworks(podman, selector);
  if (!networks.ok) return networks;
  for (const n of networks.value) count(report, "networks", await removeNetwork(podman, n.name, selector));

  return success(report);
}

function count(report: CleanupReport, what: "pods" | "containers" | "volumes" | "networks", r: RuntimeResult<"removed" | "absent">): void {
  if (!r.ok) report.errors.push(r.error);
  else if (r.value === "removed") report[what] += 1;
}
