import { mkdir, stat } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import type { JsonObject } from "../../schema/json.js";
import type { ObjectStore } from "../../store/index.js";
import { controllerOwner } from "../../control/reconciler.js";
import { containerLabels, type Labels } from "../../runtime/labels.js";
import { podmanContainerName, podmanPodName } from "../../runtime/names.js";
import type { ContainerSpec } from "../../runtime/container-spec.js";
import type { ResolvedVolumes } from "../volumes/resolved.js";
import { ConfigSourceCache } from "./config-sources.js";
import { containerEnvironment } from "./env.js";
import { expandVariables } from "./expansion.js";
import { containerMounts } from "./mounts.js";
import { numberAt, objectsAt, podIdentity, podSpecOf, stringAt, stringsAt } from "./pod-fields.js";
import { containerResources, type NodeAllocatable } from "./resources.js";
import { containerSecurity } from "./security.js";

export interface PodContainerEnvironment {
  store: ObjectStore;
  runtime: { project: string; network: string; labels?: Labels };
  /** The pod's address (from its sandbox): status.podIP for fieldRefs. */
  podIP: string;
  /** status.hostIP for fieldRefs (default: the stored status's). */
  hostIP?: string;
  volumes: ResolvedVolumes;
  /** The value of unset limits in resourceFieldRefs (default: this machine's CPUs and memory). */
  node?: NodeAllocatable;
}

export type PodContainersResult =
  | { ok: true; init: ContainerSpec[]; app: ContainerSpec[]; warnings: string[] }
  | { ok: false; container: string; reason: "CreateContainerConfigError"; message: string };

/** Kubernetes' default terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_SECONDS = 30;

/**
 * Every container of `pod` as a podman ContainerSpec (the kubelet's generateContainerConfig):
 * environment (see containerEnvironment), command and args with `$(VAR)` expanded, workingDir,
 * resources, the effective securityContext, volume mounts and the grace period as stop timeout.
 * The first container whose configuration cannot be built fails the whole translation with
 * CreateContainerConfigError and the kubelet's message (`configmap "x" not found`). Folders of
 * subPath mounts are created as the kubelet creates them.
 * `warnings`: envFrom keys that were skipped as invalid names (the kubelet's InvalidEnvironmentVariableNames event).
 */
export async function resolvePodContainers(pod: JsonObject, env: PodContainerEnvironment): Promise<PodContainersResult> {
  const sources = new ConfigSourceCache(env.store);
  const node = env.node ?? { cpuMillis: cpus().length * 1000, memoryBytes: totalmem() };
  const id = podIdentity(pod);
  const spec = podSpecOf(pod);
  const podName = podmanPodName(env.runtime.project, id.namespace, id.name);
  const podRef = { uid: id.uid, namespace: id.namespace, name: id.name, kind: "Pod", ownerUid: controllerOwner(pod)?.uid };
  const grace = numberAt(spec.terminationGracePeriodSeconds) ?? DEFAULT_GRACE_SECONDS;
  const warnings: string[] = [];
  const translate = async (container: JsonObject): Promise<{ ok: true; spec: ContainerSpec } | { ok: false; container: string; reason: "CreateContainerConfigError"; message: string }> => {
    const name = stringAt(container.name) ?? "";
    const fail = (message: string) => ({ ok: false as const, container: name, reason: "CreateContainerConfigError" as const, message });
    const environment = await containerEnvironment(pod, container, sources, { podIP: env.podIP, hostIP: env.hostIP }, node);
    if (!environment.ok) return fail(environment.message);
    for (const s of environment.skipped) {
      warnings.push(`Keys [${s.keys.join(", ")}] from the EnvFrom ${s.kind === "ConfigMap" ? "configMap" : "secret"} ${s.namespace}/${s.name} were skipped since they are considered invalid environment variable names.`);
    }
    const values = new Map(environment.env.map((e) => [e.name, e.value]));
    const lookup = (n: string) => values.get(n);
    const security = containerSecurity(pod, container);
    if (!security.ok) return fail(security.message);
    const mounts = containerMounts(container, env.volumes, values);
    if (!mounts.ok) return fail(mounts.message);
    for (const m of mounts.mounts) {
      if (m.createDirectory === undefined) continue;
      try {
        // An existing subPath may be a file (a configMap key mounted as one file): used as it is.
        if (!(await stat(m.createDirectory).catch(() => undefined))) await mkdir(m.createDirectory, { recursive: true, mode: 0o755 });
      } catch (e) {
        return fail(`failed to create subPath directory for volumeMount: ${(e as Error).message}`);
      }
    }
    const result: ContainerSpec = {
      name: podmanContainerName(podName, name),
      pod: podName,
      labels: { ...(env.runtime.labels ?? {}), ...containerLabels(env.runtime.project, podRef, name) },
      image: stringAt(container.image) ?? "",
      env: environment.env,
      resources: containerResources(container),
      securityContext: security.security,
      stopTimeoutSeconds: grace,
    };
    const command = stringsAt(container.command);
    const args = stringsAt(container.args);
    if (command) result.command = command.map((c) => expandVariables(c, lookup));
    if (args) result.args = args.map((a) => expandVariables(a, lookup));
    const workingDir = stringAt(container.workingDir);
    if (workingDir) result.workingDir = workingDir;
    if (mounts.mounts.length > 0) result.mounts = mounts.mounts.map((m) => m.mount);
    return { ok: true, spec: result };
  };
  const init: ContainerSpec[] = [];
  const app: ContainerSpec[] = [];
  for (const [list, out] of [[objectsAt(spec.initContainers), init], [objectsAt(spec.containers), app]] as const) {
    for (const container of list) {
      const r = await translate(container);
      if (!r.ok) return r;
      out.push(r.spec);
    }
  }
  return { ok: true, init, app, warnings };
}
