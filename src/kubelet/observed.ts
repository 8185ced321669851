import { LABEL } from "../runtime/labels.js";
import type { ContainerSummary } from "../runtime/observe.js";

/**
 * A pod's containers as podman shows them (one `podman ps -a` row each), keyed by the container's
 * name in the pod spec: what status is computed from and restart decisions are made on.
 */
export interface ObservedContainer {
  /** The container's name in the pod spec. */
  name: string;
  id: string;
  /** podman's state: "created" (never started), "running", "exited", ... */
  state: string;
  exitCode: number;
  /** podman's image reference and image id. */
  image: string;
  imageId: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** From `podman inspect`, read once per run of an exited container. */
  oomKilled?: boolean;
}

export interface ObservedPod {
  /** The infra container runs: the sandbox (network namespace) is up. */
  sandboxRunning: boolean;
  /** The sandbox exists at all (its infra container). */
  sandboxExists: boolean;
  /** The podman pod's id, when podman showed any container of it (rows carry the pod's labels: it is ours). */
  podId?: string;
  containers: Map<string, ObservedContainer>;
}

/** Groups `podman ps -a` rows of one pod (already filtered to the pod's uid). */
export function observePod(rows: readonly ContainerSummary[]): ObservedPod {
  const containers = new Map<string, ObservedContainer>();
  let sandboxRunning = false;
  let sandboxExists = false;
  let podId: string | undefined;
  for (const row of rows) {
    if (row.podId !== "") podId ??= row.podId;
    if (row.isInfra) {
      sandboxExists = true;
      sandboxRunning ||= row.state === "running";
      continue;
    }
    const name = row.labels[LABEL.container];
    if (!name) continue;
    containers.set(name, {
      name,
      id: row.id,
      state: row.state,
      exitCode: row.exitCode,
      image: row.image,
      imageId: row.imageId,
      startedAt: row.startedAt,
      finishedAt: row.exitedAt,
    });
  }
  return { sandboxRunning, sandboxExists, ...(podId ? { podId } : {}), containers };
}

/** A container that ran and stopped (as opposed to created and never started). */
export function hasExited(c: ObservedContainer | undefined): boolean {
  return c !== undefined && (c.state === "exited" || c.state === "stopped") && c.startedAt !== null;
}

export function isRunning(c: ObservedContainer | undefined): boolean {
  return c !== undefined && (c.state === "running" || c.state === "stopping" || c.state === "paused");
}
