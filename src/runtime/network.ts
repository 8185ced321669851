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
}

export function parseNetworks(json: unknown): NetworkInfo[] {
  const list = Array.isArray(json) ? records(json) : isRecord(json) ? [json] : [];
  return list.map((r) => ({
    name: text(r.name ?? r.Name),
    id: text(r.id ?? r.Id),
    dnsEnabled: r.dns_enabled === true,
    labels: stringMap(r.labels ?? r.Labels),
    subnets: records(r.subnets).map((s) => text(field(s, "subnet"))),
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
