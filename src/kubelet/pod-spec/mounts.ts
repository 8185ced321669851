import { posix } from "node:path";
import type { JsonObject } from "../../schema/json.js";
import type { ContainerMount } from "../../runtime/container-spec.js";
import type { ResolvedVolumes } from "../volumes/resolved.js";
import { expandVariables } from "./expansion.js";
import { objectsAt, stringAt } from "./pod-fields.js";

/** A mount plus, for subPaths on the host, the folder to create first (the kubelet creates a missing subPath). */
export interface PlannedMount {
  mount: ContainerMount;
  createDirectory?: string;
}

export type MountsResult = { ok: true; mounts: PlannedMount[] } | { ok: false; message: string };

/**
 * A container's volumeMounts as podman mounts. Pure. readOnly when the mount or the volume says
 * so; subPath (and subPathExpr, expanded with the container's environment) mounts a folder inside
 * the volume — a bind of that host folder, also for podman volumes (their mountpoint). A subPath
 * may not climb out of its volume.
 */
export function containerMounts(container: JsonObject, volumes: ResolvedVolumes, env: ReadonlyMap<string, string>): MountsResult {
  const mounts: PlannedMount[] = [];
  for (const vm of objectsAt(container.volumeMounts)) {
    const name = stringAt(vm.name) ?? "";
    const target = stringAt(vm.mountPath) ?? "";
    const volume = volumes[name];
    if (!volume) return { ok: false, message: `cannot find volume "${name}" to mount into container "${stringAt(container.name) ?? ""}"` };
    const expr = stringAt(vm.subPathExpr);
    const subPath = expr !== undefined ? expandVariables(expr, (n) => env.get(n)) : (stringAt(vm.subPath) ?? "");
    if (subPath !== "" && (posix.isAbsolute(subPath) || posix.normalize(subPath).split("/").includes(".."))) {
      return { ok: false, message: `failed to prepare subPath for volumeMount "${name}" of container "${stringAt(container.name) ?? ""}": subPath "${subPath}" must be a relative path inside the volume` };
    }
    const readOnly = vm.readOnly === true || volume.readOnly;
    const base = volume.kind === "host" ? volume.path : volume.mountpoint;
    for (const path of [target, base]) {
      if (path.includes(",")) return { ok: false, message: `mount path ${JSON.stringify(path)} contains a comma, which podman cannot mount` };
    }
    if (subPath !== "" && volume.kind === "podman" && volume.source === "emptyDir") {
      // The tmpfs is mounted only when a container starts: a folder made now would be on disk.
      return { ok: false, message: `subPath on the memory-backed emptyDir "${name}" is not supported by mk` };
    }
    if (subPath !== "") {
      const source = posix.join(base, posix.normalize(subPath));
      mounts.push({ mount: { type: "bind", source, target, readOnly }, createDirectory: source });
    } else if (volume.kind === "host") {
      mounts.push({ mount: { type: "bind", source: volume.path, target, readOnly } });
    } else {
      mounts.push({ mount: { type: "volume", source: volume.volume, target, readOnly } });
    }
  }
  return { ok: true, mounts };
}
