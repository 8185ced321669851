import { isRecord, records, stringMap, text, field } from "./json-read.js";
import { labelArgs, labelFilterArgs, matchesSelector, type Labels } from "./labels.js";
import { notOurs } from "./ownership.js";
import { runJson, type Podman } from "./podman.js";
import { failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";
import type { Removal } from "./containers.js";
import { TIMEOUTS } from "./timeouts.js";

/**
 * mk's podman network: a bridge with DNS (netavark + aardvark-dns), so pods resolve each
 * other's aliases (pod names, Service names) on it.
 */
export interface NetworkInfo {
  name: string;
  id: string;
  dnsEnabled: boolean;
  labels: Record<string, string>;
  subnets: string[];
  /** The host's bridge interface (`podman1`); it exists only while a container is attached. */
  interfaceName: string;
}

export function parseNetworks(json: unknown): NetworkInfo[] {
  const list = Array.isArray(json) ? records(json) : isRecord(json) ? [json] : [];
  return list.map((r) => ({
    name: text(r.name ?? r.Name),
    id: text(r.id ?? r.Id),
    dnsEnabled: r.dns_enabled === true,
    labels: stringMap(r.labels ?? r.Labels),
    subnets: records(r.subnets).map((s) => text(field(s, "subnet"))),
    interfaceName: text(r.network_interface),
  }));
}

export async function inspectNetwork(podman: Podman, name: string): Promise<RuntimeResult<NetworkInfo>> {
  const call = { args: ["network", "inspect", "--format", "json", name], timeoutMs: TIMEOUTS.query };
  const r = await runJson(podman, call);
  if (!r.ok) return r;
  const found = parseNetworks(r.value)[0];
  return found ? success(found) : failure(runtimeError("not-found", `network ${name} does not exist`, call.args));
}

/**
 * Makes sure the network exists with DNS and carries `labels`; creates it when missing.
 * A network of that name without mk's labels is an error: mk does not adopt foreign objects.
 * Safe when several mk processes race to create it.
 */
export async function ensureNetwork(podman: Podman, name: string, labels: Labels): Promise<RuntimeResult<NetworkInfo>> {
  const existing = await inspectNetwork(podman, name);
  if (existing.ok) return checkNetwork(existing.value, labels);
  if (existing.error.kind !== "not-found") return existing;
  const created = await podman.run({ args: ["network", "create", ...labelArgs(labels), name], timeoutMs: TIMEOUTS.create });
  if (!created.ok && created.error.kind !== "name-in-use") return created;
  const now = await inspectNetwork(podman, name);
  return now.ok ? checkNetwork(now.value, labels) : now;
}

function checkNetwork(network: NetworkInfo, labels: Labels): RuntimeResult<NetworkInfo> {
  if (!matchesSelector(network.labels, labels)) {
    return failure(runtimeError("not-owned", `podman network ${network.name} exists but was not created by mk for this project (its labels differ); remove or rename it`));
  }
  if (!network.dnsEnabled) {
    return failure(runtimeError("failed", `podman network ${network.name} has DNS disabled; mk needs aardvark-dns (remove the network so mk recreates it)`));
  }
  return success(network);
}

/** Networks carrying every label in `selector`. */
export async function listNetworks(podman: Podman, selector: Labels): Promise<RuntimeResult<NetworkInfo[]>> {
  const r = await runJson(podman, { args: ["network", "ls", "--format", "json", ...labelFilterArgs(selector)], timeoutMs: TIMEOUTS.query });
  return r.ok ? success(parseNetworks(r.value)) : r;
}

/** Removes the network — only when it carries every label in `selector` and nothing is attached. */
export async function removeNetwork(podman: Podman, name: string, selector: Labels): Promise<RuntimeResult<Removal>> {
  const found = await inspectNetwork(podman, name);
  if (!found.ok) return found.error.kind === "not-found" ? success("absent") : found;
  if (!matchesSelector(found.value.labels, selector)) return failure(notOurs("network", name, selector));
  const r = await podman.run({ args: ["network", "rm", name], timeoutMs: TIMEOUTS.remove });
  if (!r.ok) return r.error.kind === "not-found" ? success("absent") : r;
  return success("removed");
}

/** A container's membership of one network as `podman container inspect` shows it. */
export interface NetworkAttachment {
  containerId: string;
  containerName: string;
  labels: Record<string, string>;
  running: boolean;
  /** The container's address on the network ("" when it is not attached or not running). */
  ip: string;
  /** Its MAC address on the network ("" when unknown). */
  mac: string;
  /** Its DNS aliases on the network, without the short container id podman always adds. */
  aliases: string[];
}

export function parseNetworkAttachments(json: unknown, network: string): NetworkAttachment[] {
  return records(json).map((r) => {
    const id = text(r.Id);
    const settings = field(r, "NetworkSettings", "Networks", network);
    const shortId = id.slice(0, 12);
    const aliases = Array.isArray(field(settings, "Aliases")) ? (field(settings, "Aliases") as unknown[]).map((a) => text(a)) : [];
    return {
      containerId: id,
      containerName: text(r.Name),
      labels: stringMap(field(r, "Config", "Labels")),
      running: field(r, "State", "Running") === true,
      ip: text(field(settings, "IPAddress")),
      mac: text(field(settings, "MacAddress")),
      aliases: aliases.filter((a) => a !== "" && a !== shortId),
    };
  });
}

/**
 * The network attachments of several containers in one `podman container inspect` call. A
 * container removed meanwhile is left out (podman fails the whole call for one missing name,
 * so the survivors are then inspected one by one).
 */
export async function inspectNetworkAttachments(podman: Podman, containers: readonly string[], network: string): Promise<RuntimeResult<NetworkAttachment[]>> {
  if (containers.length === 0) return success([]);
  const r = await runJson(podman, { args: ["container", "inspect", "--format", "json", ...containers], timeoutMs: TIMEOUTS.query });
  if (r.ok) return success(parseNetworkAttachments(r.value, network));
  if (r.error.kind !== "not-found" || containers.length === 1) return r.error.kind === "not-found" ? success([]) : r;
  const out: NetworkAttachment[] = [];
  for (const c of containers) {
    const one = await inspectNetworkAttachments(podman, [c], network);
    if (!one.ok) return one;
    out.push(...one.value);
  }
  return success(out);
}

/**
 * Replaces the DNS aliases of a running container on `network` and keeps its address. podman 4.3
 * cannot change the aliases of a live attachment, so this is `network disconnect` then `network
 * connect --ip <same> --mac-address <same> --alias ...` (about 0.1 s each; the container's
 * network namespace is without that interface in between). The MAC is kept too: a new one would
 * leave the host and the other pods with a stale ARP entry for the address (unreachable for
 * tens of seconds). Only a container carrying every label in `selector` is touched. When the old
 * address was taken in between, the container is connected without one rather than left off the
 * network; the returned address says which it got.
 */
export async function replaceNetworkAliases(
  podman: Podman,
  attachment: NetworkAttachment,
  network: string,
  aliases: readonly string[],
  selector: Labels,
): Promise<RuntimeResult<{ ip: string }>> {
  if (!matchesSelector(attachment.labels, selector)) return failure(notOurs("container", attachment.containerName, selector));
  const id = attachment.containerId;
  const disconnected = await podman.run({ args: ["network", "disconnect", network, id], timeoutMs: TIMEOUTS.create });
  if (!disconnected.ok) return disconnected;
  const aliasArgs = aliases.flatMap((a) => ["--alias", a]);
  const withIP = attachment.ip === "" ? [] : ["--ip", attachment.ip];
  const withMac = attachment.mac === "" ? [] : ["--mac-address", attachment.mac];
  const connected = await podman.run({ args: ["network", "connect", ...withIP, ...withMac, ...aliasArgs, network, id], timeoutMs: TIMEOUTS.create });
  if (connected.ok) return success({ ip: attachment.ip });
  if (withIP.length === 0) return connected;
  const fallback = await podman.run({ args: ["network", "connect", ...aliasArgs, network, id], timeoutMs: TIMEOUTS.create });
  if (!fallback.ok) return fallback;
  const now = await inspectNetworkAttachments(podman, [id], network);
  return success({ ip: now.ok && now.value[0] ? now.value[0].ip : "" });
}
