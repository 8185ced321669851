import { field, flag, integer, records, stringList, stringMap, text, timestamp, type JsonRecord } from "./json-read.js";
import { labelFilterArgs, type Labels } from "./labels.js";
import { runJson, type Podman } from "./podman.js";
import { success, type RuntimeResult } from "./podman-error.js";
import { TIMEOUTS } from "./timeouts.js";

/**
 * Observation: what podman has, read by polling `podman ps -a` / `podman pod ps` with mk's
 * label filters. This is the source of truth for controllers; `podman events` are only hints.
 */

/** podman's container states, lower case ("created", "running", "exited", "stopping", ...). */
export type ContainerState = "created" | "initialized" | "running" | "paused" | "stopping" | "stopped" | "exited" | "removing" | "unknown";

/** One row of `podman ps -a --format json`. */
export interface ContainerSummary {
  id: string;
  name: string;
  /** The podman pod's id ("" when the container is not in a pod). */
  podId: string;
  isInfra: boolean;
  state: ContainerState;
  /** Meaningful once `state` is "exited" or "stopped". */
  exitCode: number;
  image: string;
  /** The image's id (hex, without `sha256:`). */
  imageId: string;
  labels: Record<string, string>;
  createdAt: Date | null;
  startedAt: Date | null;
  exitedAt: Date | null;
}

/** One row of `podman pod ps --format json`. */
export interface PodSummary {
  id: string;
  name: string;
  /** podman's pod status: Created, Running, Degraded, Exited, Stopped, Dead. */
  status: string;
  infraId: string;
  labels: Record<string, string>;
  networks: string[];
  containers: { id: string; name: string; status: string }[];
}

const STATES: readonly ContainerState[] = ["created", "initialized", "running", "paused", "stopping", "stopped", "exited", "removing"];

export function containerState(value: unknown): ContainerState {
  const s = text(value).toLowerCase();
  return (STATES as readonly string[]).includes(s) ? (s as ContainerState) : s === "configured" ? "created" : "unknown";
}

export function parseContainerSummaries(json: unknown): ContainerSummary[] {
  return records(json).map((r: JsonRecord) => ({
    id: text(r.Id ?? r.ID),
    name: stringList(r.Names)[0] ?? text(r.Names),
    podId: text(r.Pod),
    isInfra: flag(r.IsInfra),
    state: containerState(r.State),
    exitCode: integer(r.ExitCode),
    image: text(r.Image),
    imageId: text(r.ImageID),
    labels: stringMap(r.Labels),
    createdAt: timestamp(r.Created),
    startedAt: timestamp(r.StartedAt),
    exitedAt: timestamp(r.ExitedAt),
  }));
}

export function parsePodSummaries(json: unknown): PodSummary[] {
  return records(json).map((r) => ({
    id: text(r.Id ?? r.ID),
    name: text(r.Name),
    status: text(r.Status),
    infraId: text(r.InfraId ?? r.InfraID),
    labels: stringMap(r.Labels),
    networks: stringList(r.Networks),
    containers: records(r.Containers).map((c) => ({ id: text(c.Id), name: text(field(c, "Names")), status: text(c.Status) })),
  }));
}

/** All containers (running or not, infra included) carrying every label in `selector`. */
export async function listContainers(podman: Podman, selector: Labels): Promise<RuntimeResult<ContainerSummary[]>> {
  const r = await runJson(podman, { args: ["ps", "--all", "--format", "json", ...labelFilterArgs(selector)], timeoutMs: TIMEOUTS.query });
  return r.ok ? success(parseContainerSummaries(r.value)) : r;
}

/** All podman pods carrying every label in `selector`. */
export async function listPods(podman: Podman, selector: Labels): Promise<RuntimeResult<PodSummary[]>> {
  const r = await runJson(podman, { args: ["pod", "ps", "--format", "json", ...labelFilterArgs(selector)], timeoutMs: TIMEOUTS.query });
  return r.ok ? success(parsePodSummaries(r.value)) : r;
}
