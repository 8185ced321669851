import { ensureDnsServer, type DnsServerRevival } from "./dns-server.js";
import { field, records, stringMap, text } from "./json-read.js";
import { labelArgs, matchesSelector, type Labels } from "./labels.js";
import { podmanInfraName } from "./names.js";
import { notOurs } from "./ownership.js";
import { runJson, type Podman } from "./podman.js";
import { failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";
import { inspectContainer, type Removal } from "./containers.js";
import { TIMEOUTS } from "./timeouts.js";

/**
 * A Pod's sandbox: a podman pod whose infra container holds the network namespace (one IP on
 * mk's network, DNS aliases, published host ports) that the pod's containers join.
 */
export interface PodSandboxSpec {
  /** The podman pod name (see podmanPodName). */
  name: string;
  labels: Labels;
  /** mk's podman network (see ensureNetwork). */
  network: string;
  /** DNS names of the pod on that network (its name; `web-0.nginx` style names for headless Services). */
  aliases: readonly string[];
  /** The pod's hostname (Kubernetes: the pod name, or spec.hostname). At most 63 characters. */
  hostname?: string;
  /** containerPort/hostPort pairs of all the pod's containers: a pod publishes ports, not its containers. */
  ports?: readonly PortMapping[];
  /** Kubernetes hostAliases: extra /etc/hosts lines of every container. */
  hostAliases?: readonly HostAlias[];
  /** Kubernetes shareProcessNamespace: the containers see each other's processes (the infra's pause is PID 1). */
  shareProcessNamespace?: boolean;
}

export interface HostAlias {
  ip: string;
  hostnames: readonly string[];
}

export interface PortMapping {
  containerPort: number;
  hostPort: number;
  protocol?: "TCP" | "UDP" | "SCTP";
  /** The host address to bind (Kubernetes hostIP); all addresses when absent. */
  hostIP?: string;
}

export interface PodSandbox {
  /** podman's pod id. */
  id: string;
  /** The infra container's id. */
  infraId: string;
  /** podman's DNS server was not serving and was started again (src/runtime/dns-server.ts). */
  dnsServerRevival?: DnsServerRevival;
}

/** The arguments of `podman pod create` for `spec`. Pure. */
export function podCreateArgs(spec: PodSandboxSpec): string[] {
  const args = ["pod", "create", "--name", spec.name, "--infra-name", podmanInfraName(spec.name), ...labelArgs(spec.labels)];
  args.push("--network", spec.network);
  for (const alias of spec.aliases) args.push("--network-alias", alias);
  if (spec.hostname) args.push("--hostname", spec.hostname.slice(0, 63));
  for (const p of spec.ports ?? []) args.push("--publish", publishArg(p));
  for (const a of spec.hostAliases ?? []) for (const h of a.hostnames) args.push("--add-host", `${h}:${a.ip}`);
  // podman's default shares cgroup too, which it refuses together with pid ("cannot define the pod
  // as the cgroup parent at the same time as joining the infra container's cgroupNS").
  if (spec.shareProcessNamespace === true) args.push("--share", "ipc,net,uts,pid");
  // The pod stays when its containers exit: restarts are mk's decision, not podman's.
  args.push("--exit-policy", "continue");
  return args;
}

/** `127.0.0.1:8080:80/tcp` */
export function publishArg(p: PortMapping): string {
  const protocol = (p.protocol ?? "TCP").toLowerCase();
  const host = p.hostIP ? `${p.hostIP.includes(":") ? `[${p.hostIP}]` : p.hostIP}:` : "";
  return `${host}${p.hostPort}:${p.containerPort}/${protocol}`;
}

/**
 * Creates the podman pod and starts its infra container, so the pod has its address and DNS
 * name before any container starts (the CRI's RunPodSandbox). A failed create or start leaves
 * nothing behind: podman 4.3 can leave a half-made pod after a failed create.
 */
export async function createPodSandbox(podman: Podman, spec: PodSandboxSpec): Promise<RuntimeResult<PodSandbox>> {
  const created = await podman.run({ args: podCreateArgs(spec), timeoutMs: TIMEOUTS.create });
  if (!created.ok) {
    if (created.error.kind !== "name-in-use") await removePodSandbox(podman, spec.name, spec.labels);
    return created;
  }
  const started = await podman.run({ args: ["pod", "start", spec.name], timeoutMs: TIMEOUTS.start });
  if (!started.ok) {
    await removePodSandbox(podman, spec.name, spec.labels);
    return started;
  }
  // The infra container's start made netavark signal its DNS server, which may be dead.
  const server = await ensureDnsServer();
  const pod = await inspectPod(podman, spec.name);
  if (!pod.ok) return pod;
  return success({ id: pod.value.id, infraId: pod.value.infraId, ...(server.ok && server.value ? { dnsServerRevival: server.value } : {}) });
}

export interface PodInspection {
  id: string;
  name: string;
  /** Created, Running, Degraded, Exited, Stopped, Dead. */
  state: string;
  infraId: string;
  labels: Record<string, string>;
  containers: { id: string; name: string; state: string }[];
}

export async function inspectPod(podman: Podman, nameOrId: string): Promise<RuntimeResult<PodInspection>> {
  const call = { args: ["pod", "inspect", "--format", "json", nameOrId], timeoutMs: TIMEOUTS.query };
  const r = await runJson(podman, call);
  if (!r.ok) return r;
  // podman 4 prints one object; podman 5 prints an array.
  const found = Array.isArray(r.value) ? records(r.value)[0] : records([r.value])[0];
  if (!found) return failure(runtimeError("not-found", `pod ${nameOrId} does not exist`, call.args));
  return success({
    id: text(found.Id),
    name: text(found.Name),
    state: text(found.State),
    infraId: text(found.InfraContainerID),
    labels: stringMap(found.Labels),
    containers: records(found.Containers).map((c) => ({ id: text(c.Id), name: text(c.Name), state: text(field(c, "State")) })),
  });
}

/** The pod's IP address on `network` (from its infra container), or a not-found error. */
export async function podIP(podman: Podman, podName: string, network: string): Promise<RuntimeResult<string>> {
  const infra = await inspectContainer(podman, podmanInfraName(podName));
  if (!infra.ok) return infra;
  const ip = infra.value.networks[network];
  if (ip === undefined) {
    return failure(runtimeError("not-found", `pod ${podName} has no address on network ${network} (is its infra container running?)`));
  }
  return success(ip);
}

/**
 * Removes a podman pod and its containers — only when the pod carries every label in
 * `selector`. Containers still running get `graceSeconds` (default 0: stop them first with
 * stopContainer when they deserve their grace period).
 */
export async function removePodSandbox(podman: Podman, nameOrId: string, selector: Labels, graceSeconds = 0): Promise<RuntimeResult<Removal>> {
  const pod = await inspectPod(podman, nameOrId);
  if (!pod.ok) return pod.error.kind === "not-found" ? success("absent") : pod;
  if (!matchesSelector(pod.value.labels, selector)) return failure(notOurs("pod", nameOrId, selector));
  return removeSeenPod(podman, pod.value.id, graceSeconds);
}

/**
 * Removes the podman pod with this id, which the caller has just seen carrying its labels (in a
 * labelled `ps`): podman stops its running containers (SIGTERM, SIGKILL after `graceSeconds`) and
 * removes them with the pod, in one call. Ids are never reused, so the pod seen is the pod removed.
 */
export async function removeSeenPod(podman: Podman, podId: string, graceSeconds: number): Promise<RuntimeResult<Removal>> {
  const grace = Math.max(0, Math.ceil(graceSeconds));
  const r = await podman.run({ args: ["pod", "rm", "--force", "--time", String(grace), podId], timeoutMs: grace * 1000 + TIMEOUTS.remove });
  if (!r.ok) return r.error.kind === "not-found" ? success("absent") : r;
  return success("removed");
}
