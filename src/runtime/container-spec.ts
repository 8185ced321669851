import { labelArgs, type Labels } from "./labels.js";

/**
 * The subset of a Kubernetes container that the runtime runs, as plain values (quantities
 * already converted to bytes and millicores by the caller): no store or schema dependency.
 */
export interface ContainerSpec {
  /** The podman container name (see podmanContainerName). */
  name: string;
  /** The podman pod to join (name or id): the container shares its network namespace. */
  pod: string;
  labels: Labels;
  image: string;
  /** Kubernetes `command`: replaces the image's ENTRYPOINT (and drops its CMD). */
  command?: readonly string[];
  /** Kubernetes `args`: replaces the image's CMD. */
  args?: readonly string[];
  env?: readonly EnvVar[];
  workingDir?: string;
  resources?: ContainerResources;
  securityContext?: ContainerSecurity;
  /**
   * terminationGracePeriodSeconds, recorded as podman's stop timeout so that podman's own stops
   * (e.g. `pod rm --force`) honour it too. stopContainer passes the grace period explicitly.
   */
  stopTimeoutSeconds?: number;
  /** Volumes mounted into the container (Kubernetes volumeMounts, resolved to host paths or podman volumes). */
  mounts?: readonly ContainerMount[];
}

/**
 * One mount. Paths go into `--mount` values, which podman splits at commas: the caller rejects
 * paths holding one (resolvePodContainers reports them as CreateContainerConfigError).
 */
export type ContainerMount =
  /** A host folder or file (emptyDir, hostPath, configMap, secret, downwardAPI; a PVC's subPath). */
  | { type: "bind"; source: string; target: string; readOnly?: boolean }
  /** A named podman volume (a PersistentVolumeClaim's storage, a memory-backed emptyDir). */
  | { type: "volume"; source: string; target: string; readOnly?: boolean }
  /** A private tmpfs of this container only. */
  | { type: "tmpfs"; target: string; sizeBytes?: number };

export interface EnvVar {
  name: string;
  value: string;
}

export interface ContainerResources {
  memoryLimitBytes?: number;
  memoryRequestBytes?: number;
  cpuLimitMillis?: number;
  cpuRequestMillis?: number;
}

export interface ContainerSecurity {
  runAsUser?: number;
  runAsGroup?: number;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  /** Kubernetes capabilities.add / drop (`NET_ADMIN`, `ALL`). */
  capabilitiesAdd?: readonly string[];
  capabilitiesDrop?: readonly string[];
  /** allowPrivilegeEscalation: false. */
  noNewPrivileges?: boolean;
  /** The pod's supplementalGroups (and fsGroup): extra groups of the container's process. */
  supplementalGroups?: readonly number[];
}

/**
 * The arguments of `podman create` for `spec`. Pure. Images are never pulled here
 * (`--pull never`): pulling is ensureImage's job, with its own time limit and typed errors
 * that become the Pod's ErrImagePull status.
 */
export function containerCreateArgs(spec: ContainerSpec): string[] {
  const args = ["create", "--name", spec.name, "--pod", spec.pod, ...labelArgs(spec.labels), "--pull", "never"];
  if (spec.stopTimeoutSeconds !== undefined) args.push("--stop-timeout", String(wholeSeconds(spec.stopTimeoutSeconds)));
  for (const e of spec.env ?? []) args.push("--env", `${e.name}=${e.value}`);
  if (spec.workingDir) args.push("--workdir", spec.workingDir);
  args.push(...resourceArgs(spec.resources ?? {}));
  args.push(...securityArgs(spec.securityContext ?? {}));
  for (const m of spec.mounts ?? []) args.push("--mount", mountArg(m));
  const command = spec.command ?? [];
  // JSON form: each element stays one argument, whatever spaces or quotes it holds.
  if (command.length > 0) args.push("--entrypoint", JSON.stringify(command));
  args.push(spec.image, ...(spec.args ?? []));
  return args;
}

/** `type=bind,source=/x,destination=/y,ro=true` */
export function mountArg(m: ContainerMount): string {
  if (m.type === "tmpfs") {
    const size = m.sizeBytes !== undefined && m.sizeBytes > 0 ? `,tmpfs-size=${Math.floor(m.sizeBytes)}` : "";
    return `type=tmpfs,destination=${m.target}${size}`;
  }
  return `type=${m.type},source=${m.source},destination=${m.target}${m.readOnly === true ? ",ro=true" : ""}`;
}

/** Memory and CPU as the kubelet maps them onto cgroups. */
export function resourceArgs(r: ContainerResources): string[] {
  const args: string[] = [];
  if (r.memoryLimitBytes !== undefined && r.memoryLimitBytes > 0) {
    const bytes = String(Math.floor(r.memoryLimitBytes));
    // memory-swap equal to memory: no swap, as on a Kubernetes node.
    args.push("--memory", bytes, "--memory-swap", bytes);
  }
  if (r.memoryRequestBytes !== undefined && r.memoryRequestBytes > 0) args.push("--memory-reservation", String(Math.floor(r.memoryRequestBytes)));
  if (r.cpuLimitMillis !== undefined && r.cpuLimitMillis > 0) args.push("--cpus", millisToCpus(r.cpuLimitMillis));
  if (r.cpuRequestMillis !== undefined && r.cpuRequestMillis > 0) args.push("--cpu-shares", String(cpuShares(r.cpuRequestMillis)));
  return args;
}

export function securityArgs(s: ContainerSecurity): string[] {
  const args: string[] = [];
  if (s.runAsUser !== undefined) args.push("--user", s.runAsGroup !== undefined ? `${s.runAsUser}:${s.runAsGroup}` : String(s.runAsUser));
  if (s.privileged === true) args.push("--privileged");
  // Kubernetes gives a read-only root no writable /tmp or /run; podman would add tmpfs mounts.
  if (s.readOnlyRootFilesystem === true) args.push("--read-only", "--read-only-tmpfs=false");
  for (const c of s.capabilitiesDrop ?? []) args.push("--cap-drop", c);
  for (const c of s.capabilitiesAdd ?? []) args.push("--cap-add", c);
  if (s.noNewPrivileges === true) args.push("--security-opt", "no-new-privileges");
  for (const g of s.supplementalGroups ?? []) args.push("--group-add", String(g));
  return args;
}

/** 1500 → "1.5", 250 → "0.25". */
export function millisToCpus(millis: number): string {
  return String(Math.round(millis) / 1000);
}

/** The kubelet's formula: shares = millicores × 1024 / 1000, at least 2. */
export function cpuShares(millis: number): number {
  return Math.max(2, Math.floor((millis * 1024) / 1000));
}

function wholeSeconds(seconds: number): number {
  return Math.max(0, Math.ceil(seconds));
}
