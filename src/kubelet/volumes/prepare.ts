import { chmod, mkdir, rm, stat } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import type { JsonObject } from "../../schema/json.js";
import type { ObjectStore } from "../../store/index.js";
import { controllerOwner } from "../../control/reconciler.js";
import { LABEL, objectLabels, type Labels } from "../../runtime/labels.js";
import { podmanPodName, podmanVolumeName } from "../../runtime/names.js";
import type { RuntimeSession } from "../../runtime/session.js";
import { ensureVolume, inspectVolume, listVolumes, removeVolume } from "../../runtime/volumes.js";
import { ConfigSourceCache } from "../pod-spec/config-sources.js";
import { objectAt, objectsAt, podIdentity, podSpecOf, stringAt } from "../pod-spec/pod-fields.js";
import { bytesOf } from "../pod-spec/quantities.js";
import type { NodeAllocatable } from "../pod-spec/resources.js";
import { writeAtomically } from "./atomic-writer.js";
import { checkHostPath } from "./host-path.js";
import { configPayload, downwardPayload, projectedPayload, type PayloadResult } from "./payloads.js";
import type { ResolvedVolume, ResolvedVolumes } from "./resolved.js";

export type { ResolvedVolume, ResolvedVolumes } from "./resolved.js";

export interface VolumeEnvironment {
  store: ObjectStore;
  runtime: RuntimeSession;
  /** The project's state folder: pod volumes live under <stateDir>/pods/<pod uid>/volumes/<name>. */
  stateDir: string;
  /** Added to the labels of podman volumes made for the pod (tests' transient labels). */
  labels?: Labels;
  /** The value of unset limits in downwardAPI resourceFieldRefs (default: this machine). */
  node?: NodeAllocatable;
}

export type PrepareResult = { ok: true; volumes: ResolvedVolumes } | { ok: false; reason: "FailedMount"; volume: string; message: string };

/**
 * Makes every volume of `pod` ready to mount (the kubelet's volume manager, before the
 * containers start): emptyDir (a folder, 0777; medium Memory: a tmpfs podman volume shared by
 * the pod's containers), hostPath (type checks), configMap, secret, downwardAPI and projected
 * (files written atomically, mounted read-only), persistentVolumeClaim (the claim must exist and
 * be Bound: its podman volume). Idempotent: call it on every sync. The first failure is returned
 * with the kubelet's FailedMount text (`MountVolume.SetUp failed for volume "cfg" : configmap "x" not found`).
 */
export async function preparePodVolumes(pod: JsonObject, env: VolumeEnvironment): Promise<PrepareResult> {
  const sources = new ConfigSourceCache(env.store);
  const node = env.node ?? { cpuMillis: cpus().length * 1000, memoryBytes: totalmem() };
  const id = podIdentity(pod);
  const resolved: Record<string, ResolvedVolume> = {};
  for (const volume of objectsAt(podSpecOf(pod).volumes)) {
    const name = stringAt(volume.name) ?? "";
    const fail = (message: string): PrepareResult => ({ ok: false, reason: "FailedMount", volume: name, message: `MountVolume.SetUp failed for volume "${name}" : ${message}` });
    const dir = podVolumeDir(env.stateDir, id.uid, name);
    try {
      if (volume.emptyDir !== undefined) {
        const source = objectAt(volume.emptyDir);
        const sizeLimitBytes = bytesOf(source.sizeLimit);
        const size = sizeLimitBytes === undefined ? {} : { sizeLimitBytes };
        if (stringAt(source.medium) === "Memory") {
          const volumeName = memoryVolumeName(env.runtime.project, pod, name);
          const made = await ensureVolume(env.runtime.podman, volumeName, podVolumeLabels(pod, env), { tmpfs: true });
          if (!made.ok) return fail(made.error.message);
          resolved[name] = { kind: "podman", volume: volumeName, mountpoint: made.value.mountpoint, readOnly: false, source: "emptyDir", ...size };
        } else {
          await podFolder(env.stateDir, id.uid);
          await mkdir(dir, { recursive: true, mode: 0o777 });
          await chmod(dir, 0o777);
          resolved[name] = { kind: "host", path: dir, readOnly: false, source: "emptyDir", ...size };
        }
      } else if (volume.hostPath !== undefined) {
        const source = objectAt(volume.hostPath);
        const path = stringAt(source.path) ?? "";
        const checked = await checkHostPath(path, stringAt(source.type) ?? "");
        if (!checked.ok) return fail(checked.message);
        resolved[name] = { kind: "host", path, readOnly: false, source: "hostPath" };
      } else if (volume.persistentVolumeClaim !== undefined) {
        const source = objectAt(volume.persistentVolumeClaim);
        const claimName = stringAt(source.claimName) ?? "";
        const claim = await env.store.get({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: id.namespace, name: claimName });
        if (!claim) return fail(`persistentvolumeclaim "${claimName}" not found`);
        if (objectAt(claim.metadata).deletionTimestamp !== undefined) return fail(`persistentvolumeclaim "${claimName}" is being deleted`);
        if (stringAt(objectAt(claim.status).phase) !== "Bound") return fail(`PVC ${id.namespace}/${claimName} is not bound`);
        const volumeName = podmanVolumeName(env.runtime.project, id.namespace, claimName);
        const found = await inspectVolume(env.runtime.podman, volumeName);
        if (!found.ok) return fail(found.error.message);
        if (found.value.labels[LABEL.uid] !== stringAt(objectAt(claim.metadata).uid)) return fail(`podman volume ${volumeName} does not belong to claim ${id.namespace}/${claimName}`);
        resolved[name] = { kind: "podman", volume: volumeName, mountpoint: found.value.mountpoint, readOnly: source.readOnly === true, source: "persistentVolumeClaim" };
      } else {
        const kind = contentKind(volume);
        if (!kind) return fail("volume type not supported by mk");
        const payload = await contentPayload(pod, volume, kind, sources, node);
        if (!payload.ok) return fail(payload.message);
        await podFolder(env.stateDir, id.uid);
        await writeAtomically(dir, payload.payload);
        resolved[name] = { kind: "host", path: dir, readOnly: true, source: kind };
      }
    } catch (e) {
      return fail((e as Error).message);
    }
  }
  return { ok: true, volumes: resolved };
}

/**
 * Rewrites the configMap, secret, downwardAPI and projected volumes of a running pod whose
 * sources changed (the kubelet's periodic resync; mk calls it when a watched object changes).
 * A source that is now missing or broken leaves the old content, as the kubelet does. True when
 * some file changed. Volumes not yet prepared are left alone.
 */
export async function refreshPodVolumes(pod: JsonObject, env: VolumeEnvironment): Promise<boolean> {
  const sources = new ConfigSourceCache(env.store);
  const node = env.node ?? { cpuMillis: cpus().length * 1000, memoryBytes: totalmem() };
  const id = podIdentity(pod);
  let changed = false;
  for (const volume of objectsAt(podSpecOf(pod).volumes)) {
    const kind = contentKind(volume);
    if (!kind) continue;
    const dir = podVolumeDir(env.stateDir, id.uid, stringAt(volume.name) ?? "");
    if (!(await stat(dir).catch(() => undefined))) continue;
    const payload = await contentPayload(pod, volume, kind, sources, node);
    if (!payload.ok) continue;
    if (await writeAtomically(dir, payload.payload)) changed = true;
  }
  return changed;
}

/**
 * Removes what preparePodVolumes made for the pod: its folder under the state dir and, given the
 * runtime, its memory-backed podman volumes (label-guarded: only volumes of this pod uid). Never
 * touches hostPath folders or PersistentVolumeClaims' volumes. Call after the podman pod is gone.
 */
export async function cleanupPodVolumes(podUid: string, stateDir: string, runtime?: RuntimeSession): Promise<void> {
  if (!/^[A-Za-z0-9-]+$/.test(podUid)) throw new Error(`refusing to clean up volumes of pod uid ${JSON.stringify(podUid)}`);
  await rm(join(resolve(stateDir), "pods", podUid), { recursive: true, force: true });
  if (!runtime) return;
  const selector = { [LABEL.project]: runtime.project, [LABEL.uid]: podUid, [LABEL.kind]: "Pod" };
  const volumes = await listVolumes(runtime.podman, selector);
  if (!volumes.ok) throw new Error(volumes.error.message);
  for (const v of volumes.value) {
    const removed = await removeVolume(runtime.podman, v.name, selector);
    if (!removed.ok) throw new Error(removed.error.message);
  }
}

/** The pod has volumes that are podman volumes (memory-backed emptyDirs), which cleanupPodVolumes must look for in podman. */
export function hasPodmanVolumes(pod: JsonObject): boolean {
  return objectsAt(podSpecOf(pod).volumes).some((v) => v.emptyDir !== undefined && stringAt(objectAt(v.emptyDir).medium) === "Memory");
}

/** <stateDir>/pods/<uid>/volumes/<name>, absolute (podman needs absolute mount sources). */
export function podVolumeDir(stateDir: string, podUid: string, volume: string): string {
  return join(resolve(stateDir), "pods", podUid, "volumes", volume);
}

/** The podman volume behind a memory-backed emptyDir: per pod uid, so a re-created pod of the same name gets a fresh one. */
export function memoryVolumeName(project: string, pod: JsonObject, volume: string): string {
  const id = podIdentity(pod);
  return `${podmanPodName(project, id.namespace, id.name)}_${id.uid.slice(0, 8)}_${volume}`;
}

type ContentKind = "configMap" | "secret" | "downwardAPI" | "projected";

function contentKind(volume: JsonObject): ContentKind | undefined {
  if (volume.configMap !== undefined) return "configMap";
  if (volume.secret !== undefined) return "secret";
  if (volume.downwardAPI !== undefined) return "downwardAPI";
  if (volume.projected !== undefined) return "projected";
  return undefined;
}

async function contentPayload(pod: JsonObject, volume: JsonObject, kind: ContentKind, sources: ConfigSourceCache, node: NodeAllocatable): Promise<PayloadResult> {
  const { namespace } = podIdentity(pod);
  switch (kind) {
    case "configMap":
      return configPayload("ConfigMap", objectAt(volume.configMap), namespace, sources);
    case "secret":
      return configPayload("Secret", objectAt(volume.secret), namespace, sources);
    case "downwardAPI":
      return downwardPayload(pod, objectAt(volume.downwardAPI), node);
    case "projected":
      return projectedPayload(pod, objectAt(volume.projected), sources, node);
  }
}

/** The pod's folder, readable by root only: secrets are written below it. */
async function podFolder(stateDir: string, podUid: string): Promise<void> {
  const pods = join(resolve(stateDir), "pods");
  await mkdir(pods, { recursive: true, mode: 0o700 });
  await chmod(pods, 0o700);
  await mkdir(join(pods, podUid, "volumes"), { recursive: true, mode: 0o755 });
}

function podVolumeLabels(pod: JsonObject, env: VolumeEnvironment): Record<string, string> {
  const id = podIdentity(pod);
  return { ...(env.labels ?? {}), ...objectLabels(env.runtime.project, { uid: id.uid, namespace: id.namespace, name: id.name, kind: "Pod", ownerUid: controllerOwner(pod)?.uid }) };
}
export { podsUsingObject } from "./users.js";
