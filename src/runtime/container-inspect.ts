import { field, flag, integer, records, stringMap, text, timestamp } from "./json-read.js";
import { containerState, type ContainerState, type ContainerSummary } from "./observe.js";

/** A container as `podman container inspect` sees it: what the pod controller builds status from. */
export interface ContainerInspection {
  id: string;
  name: string;
  podId: string;
  /** A podman pod's infra container (it holds the pod's network namespace). */
  isInfra: boolean;
  createdAt: Date | null;
  /** The image reference the container was created from ("localhost/mk/web:1"). */
  image: string;
  /** The image's id (sha256:...), Kubernetes' imageID. */
  imageId: string;
  labels: Record<string, string>;
  state: ContainerState;
  running: boolean;
  /** The main process's exit status (137 = SIGKILL, 143 = SIGTERM), once it exited. */
  exitCode: number;
  oomKilled: boolean;
  /** podman's error text when the container failed to start (e.g. command not found). */
  error: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** How often podman itself restarted the container (its restart policy; mk restarts by recreating). */
  restartCount: number;
  pid: number;
  /** The addresses of the container's network namespace, by network name. */
  networks: Record<string, string>;
}

export function parseContainerInspections(json: unknown): ContainerInspection[] {
  return records(json).map((r) => {
    const state = field(r, "State");
    const networks: Record<string, string> = {};
    const byNetwork = field(r, "NetworkSettings", "Networks");
    if (byNetwork && typeof byNetwork === "object") {
      for (const [net, settings] of Object.entries(byNetwork)) {
        const ip = text(field(settings, "IPAddress"));
        if (ip !== "") networks[net] = ip;
      }
    }
    const startedAt = timestamp(field(state, "StartedAt"));
    const finishedAt = timestamp(field(state, "FinishedAt"));
    return {
      id: text(r.Id),
      name: text(r.Name),
      podId: text(r.Pod),
      isInfra: flag(r.IsInfra),
      createdAt: timestamp(r.Created),
      image: text(r.ImageName) || text(field(r, "Config", "Image")),
      imageId: text(r.Image),
      labels: stringMap(field(r, "Config", "Labels")),
      state: containerState(field(state, "Status")),
      running: flag(field(state, "Running")),
      exitCode: integer(field(state, "ExitCode")),
      oomKilled: flag(field(state, "OOMKilled")),
      error: text(field(state, "Error")),
      // podman records StartedAt after runc returns, so a container that exits at once can show
      // a FinishedAt a few milliseconds before it; Kubernetes status never runs backwards.
      startedAt: startedAt && finishedAt && finishedAt < startedAt ? finishedAt : startedAt,
      finishedAt,
      restartCount: integer(r.RestartCount),
      pid: integer(field(state, "Pid")),
      networks,
    };
  });
}

/**
 * The row `podman ps -a` shows for an inspected container, times cut to the whole seconds ps
 * shows: a view from either is then the same (the probes and the status key a run by its start,
 * and a start that moved by its milliseconds would look like a restart).
 */
export function inspectionSummary(i: ContainerInspection): ContainerSummary {
  return {
    id: i.id,
    name: i.name,
    podId: i.podId,
    isInfra: i.isInfra,
    state: i.state,
    exitCode: i.exitCode,
    image: i.image,
    imageId: i.imageId.replace(/^sha256:/, ""),
    labels: i.labels,
    createdAt: wholeSeconds(i.createdAt),
    startedAt: wholeSeconds(i.startedAt),
    exitedAt: wholeSeconds(i.finishedAt),
  };
}

function wholeSeconds(date: Date | null): Date | null {
  return date === null ? null : new Date(Math.floor(date.getTime() / 1000) * 1000);
}
