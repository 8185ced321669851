import { randomBytes } from "node:crypto";
import { LABEL, type Labels } from "./labels.js";
import { removeLabelled, type CleanupReport } from "./cleanup.js";
import { listContainers, listPods } from "./observe.js";
import { listNetworks } from "./network.js";
import { listVolumes } from "./volumes.js";
import { success, type RuntimeResult } from "./podman-error.js";
import type { Podman } from "./podman.js";
import { isProcessAlive } from "../host/process.js";

/**
 * Transient projects: short-lived mk projects made by `mk doctor` and the end-to-end tests.
 * Their objects carry the purpose and the creating process's pid, so a later run can remove
 * what a killed run left behind — and only that: objects of a live process (another test run
 * on the same machine) are never touched.
 */
export const TRANSIENT_LABEL = {
  purpose: "io.mk.transient",
  pid: "io.mk.transient-pid",
} as const;

export interface TransientProject {
  project: string;
  /** Labels to add to everything the run creates (project, purpose, pid). */
  labels: Record<string, string>;
  /** Selects everything of this run. */
  selector: Record<string, string>;
}

/** A new transient project for `purpose` ("doctor", "e2e-runtime", ...) owned by this process. */
export function transientProject(purpose: string): TransientProject {
  const project = `${purpose}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const selector = { [LABEL.project]: project };
  return { project, selector, labels: { ...selector, [TRANSIENT_LABEL.purpose]: purpose, [TRANSIENT_LABEL.pid]: String(process.pid) } };
}


/** Removes every transient project of `purpose` whose creating process is gone. */
export async function removeStaleTransientProjects(podman: Podman, purpose: string): Promise<RuntimeResult<CleanupReport>> {
  const selector: Labels = { [TRANSIENT_LABEL.purpose]: purpose };
  const labelSets: Record<string, string>[] = [];
  for (const list of [listPods, listContainers, listNetworks, listVolumes] as const) {
    const r = await list(podman, selector);
    if (!r.ok) return r;
    for (const item of r.value) labelSets.push(item.labels);
  }
  const stale = new Set<string>();
  for (const labels of labelSets) {
    const project = labels[LABEL.project];
    if (project && !isProcessAlive(Number(labels[TRANSIENT_LABEL.pid]))) stale.add(project);
  }
  const total: CleanupReport = { pods: 0, containers: 0, volumes: 0, networks: 0, errors: [] };
  for (const project of [...stale].sort()) {
    const r = await removeLabelled(podman, { [LABEL.project]: project, [TRANSIENT_LABEL.purpose]: purpose });
    if (!r.ok) return r;
    total.pods += r.value.pods;
    total.containers += r.value.containers;
    total.volumes += r.value.volumes;
    total.networks += r.value.networks;
    total.errors.push(...r.value.errors);
  }
  return success(total);
}
