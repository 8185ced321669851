import { arch, cpus, hostname, networkInterfaces, release, totalmem } from "node:os";
import type { JsonObject } from "../schema/json.js";
import { formatTimestamp, isConflict, isStoreError, type Clock, type ObjectStore } from "../store/index.js";
import { canonicalStatus } from "./status-compare.js";

/**
 * This host as a Kubernetes Node: the kubelet registers it (self-registration) so that pods can
 * be bound to it and views can show it.
 */

/** The Node's name: the host name, lower-cased and made a DNS-1123 subdomain (as the kubelet's hostname override rules). */
export function localNodeName(host: string = hostname()): string {
  const name = host
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .split(".")
    .map((part) => part.replace(/^-+|-+$/g, ""))
    .filter((part) => part !== "")
    .join(".")
    .slice(0, 253)
    .replace(/[.-]+$/, "");
  return name === "" ? "localhost" : name;
}

/** Node's kubernetes.io/arch: Go's GOARCH names. */
export function goArch(nodeArch: string = arch()): string {
  const map: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };
  return map[nodeArch] ?? nodeArch;
}

/** The host's first non-internal IPv4 address (the Node's InternalIP and the pods' hostIP), else 127.0.0.1. */
export function hostAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

export interface NodeFacts {
  name: string;
  cpuCount: number;
  memoryBytes: number;
  address: string;
  arch: string;
  kernel: string;
}

export function localNodeFacts(name: string = localNodeName()): NodeFacts {
  return { name, cpuCount: cpus().length, memoryBytes: totalmem(), address: hostAddress(), arch: goArch(), kernel: release() };
}

/** The Node object (metadata and spec) for the facts. Pure. */
export function nodeObject(facts: NodeFacts): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: facts.name,
      labels: {
        "kubernetes.io/hostname": facts.name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": facts.arch,
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": facts.arch,
      },
    },
    spec: {},
  };
}

/** The Node's status for the facts; the Ready condition keeps its transition time while it stays True. Pure. */
export function nodeStatus(facts: NodeFacts, previous: JsonObject | undefined, now: Date): JsonObject {
  const resources = { cpu: String(facts.cpuCount), memory: `${Math.floor(facts.memoryBytes / 1024)}Ki`, pods: "110" };
  const prevReady = Array.isArray(previous?.conditions)
    ? (previous.conditions as JsonObject[]).find((c) => c.type === "Ready" && c.status === "True")
    : undefined;
  const since = typeof prevReady?.lastTransitionTime === "string" ? prevReady.lastTransitionTime : formatTimestamp(now);
  const heartbeat = typeof prevReady?.lastHeartbeatTime === "string" ? prevReady.lastHeartbeatTime : formatTimestamp(now);
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: heartbeat, lastTransitionTime: since },
    ],
    addresses: [
      { type: "InternalIP", address: facts.address },
      { type: "Hostname", address: facts.name },
    ],
    nodeInfo: { operatingSystem: "linux", architecture: facts.arch, kernelVersion: facts.kernel, containerRuntimeVersion: "podman", kubeletVersion: "mk" },
  };
}

/**
 * Registers this host as a Node, or brings its status up to date; labels someone added are kept.
 * Writes only what changed. Returns the stored Node.
 */
export async function ensureNode(store: ObjectStore, clock: Clock, facts: NodeFacts = localNodeFacts()): Promise<JsonObject> {
  for (let attempt = 0; ; attempt++) {
    try {
      let node = await store.get({ apiVersion: "v1", kind: "Node", name: facts.name });
      if (!node) {
        try {
          node = await store.create(nodeObject(facts), { managedBy: "controller" });
        } catch (e) {
          if (isStoreError(e, "AlreadyExists") && attempt < 3) continue;
          throw e;
        }
      } else {
        const wanted = nodeObject(facts);
        const metadata = node.metadata as JsonObject;
        const labels = { ...((metadata.labels as JsonObject | undefined) ?? {}), ...(wanted.metadata as { labels: JsonObject }).labels };
        if (canonicalStatus(labels) !== canonicalStatus(metadata.labels ?? {})) node = await store.update({ ...node, metadata: { ...metadata, labels } });
      }
      const status = nodeStatus(facts, node.status as JsonObject | undefined, clock.now());
      if (canonicalStatus(status) !== canonicalStatus(node.status ?? null)) node = await store.updateStatus({ ...node, status });
      return node;
    } catch (e) {
      if (isConflict(e) && attempt < 3) continue;
      throw e;
    }
  }
}

/** The node's InternalIP address, as pods' hostIP. */
export function nodeInternalIP(node: JsonObject): string | undefined {
  const status = node.status as JsonObject | undefined;
  const addresses = Array.isArray(status?.addresses) ? (status.addresses as JsonObject[]) : [];
  const found = addresses.find((a) => a.type === "InternalIP");
  return typeof found?.address === "string" ? found.address : undefined;
}
