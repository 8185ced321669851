import { isRecord, records, stringMap, text } from "./json-read.js";
import { labelArgs, labelFilterArgs, matchesSelector, type Labels } from "./labels.js";
import { notOurs } from "./ownership.js";
import { runJson, type Podman } from "./podman.js";
import { failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";
import type { Removal } from "./containers.js";
import { TIMEOUTS } from "./timeouts.js";

/** Named podman volumes: the storage behind PersistentVolumeClaims. */
export interface VolumeInfo {
  name: string;
  mountpoint: string;
  labels: Record<string, string>;
}

export function parseVolumes(json: unknown): VolumeInfo[] {
  const list = Array.isArray(json) ? records(json) : isRecord(json) ? [json] : [];
  return list.map((r) => ({ name: text(r.Name), mountpoint: text(r.Mountpoint), labels: stringMap(r.Labels) }));
}

export async function inspectVolume(podman: Podman, name: string): Promise<RuntimeResult<VolumeInfo>> {
  const call = { args: ["volume", "inspect", "--format", "json", name], timeoutMs: TIMEOUTS.query };
  const r = await runJson(podman, call);
  if (!r.ok) return r;
  const found = parseVolumes(r.value)[0];
  return found ? success(found) : failure(runtimeError("not-found", `volume ${name} does not exist`, call.args));
}

export interface VolumeOptions {
  /**
   * Memory-backed (a Kubernetes emptyDir with medium Memory): podman's local driver mounts a
   * tmpfs when a container first uses it, shared by every container of the pod.
   */
  tmpfs?: boolean;
}

/** Makes sure the volume exists and carries `labels`; a same-named volume without them is an error. */
export async function ensureVolume(podman: Podman, name: string, labels: Labels, options: VolumeOptions = {}): Promise<RuntimeResult<VolumeInfo>> {
  const existing = await inspectVolume(podman, name);
  if (!existing.ok && existing.error.kind !== "not-found") return existing;
  if (!existing.ok) {
    // No size option: podman 4.3 reads `o=size=` as an XFS project quota and refuses it elsewhere.
    const tmpfs = options.tmpfs === true ? ["--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=nodev,nosuid"] : [];
    const created = await podman.run({ args: ["volume", "create", ...labelArgs(labels), ...tmpfs, name], timeoutMs: TIMEOUTS.create });
    if (!created.ok && created.error.kind !== "name-in-use") return created;
  }
  const now = existing.ok ? existing : await inspectVolume(podman, name);
  if (!now.ok) return now;
  if (!matchesSelector(now.value.labels, labels)) {
    return failure(runtimeError("not-owned", `podman volume ${name} exists but was not created by mk for this object (its labels differ)`));
  }
  return now;
}

/**
 * Volumes carrying every label in `selector`. podman 4.3's `volume ls` ORs several label filters
 * (containers and pods AND them), so the list is narrowed here too.
 */
export async function listVolumes(podman: Podman, selector: Labels): Promise<RuntimeResult<VolumeInfo[]>> {
  const r = await runJson(podman, { args: ["volume", "ls", "--format", "json", ...labelFilterArgs(selector)], timeoutMs: TIMEOUTS.query });
  return r.ok ? success(parseVolumes(r.value).filter((v) => matchesSelector(v.labels, selector))) : r;
}

/** Removes the volume (and its data) — only when it carries every label in `selector`. */
export async function removeVolume(podman: Podman, name: string, selector: Labels): Promise<RuntimeResult<Removal>> {
  const found = await inspectVolume(podman, name);
  if (!found.ok) return found.error.kind === "not-found" ? success("absent") : found;
  if (!matchesSelector(found.value.labels, selector)) return failure(notOurs("volume", name, selector));
  const r = await podman.run({ args: ["volume", "rm", name], timeoutMs: TIMEOUTS.remove });
  if (!r.ok) return r.error.kind === "not-found" ? success("absent") : r;
  return success("removed");
}
