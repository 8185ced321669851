import { endpointsOf } from "./endpoints.js";
import type { PodView, ServiceView } from "./service-model.js";

/**
 * The DNS names Services give their pods on mk's podman network, and how a pod's alias list
 * changes when they change. aardvark-dns answers a name with the addresses of every container
 * carrying it as an alias, so a Service "resolves to its ready endpoints" when exactly its ready
 * endpoints' pods carry its names. Pure.
 */
export const CLUSTER_DOMAIN = "cluster.local";

/** `web`, `web.default`, `web.default.svc`, `web.default.svc.cluster.local` (base may be `web-0.nginx`). */
export function dnsNames(base: string, namespace: string): string[] {
  return [base, `${base}.${namespace}`, `${base}.${namespace}.svc`, `${base}.${namespace}.svc.${CLUSTER_DOMAIN}`];
}

/**
 * The Service names each pod should carry (by pod uid): every Service whose DNS-published
 * addresses include the pod gives it its four names; a headless Service also gives a pod with
 * spec.hostname and spec.subdomain = the Service's name its per-pod names `<hostname>.<service>`.
 */
export function desiredServiceAliases(services: readonly ServiceView[], pods: readonly PodView[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const service of services) {
    const set = endpointsOf(service, pods);
    for (const address of set.addresses) {
      const names = out.get(address.podUid) ?? new Set<string>();
      for (const n of dnsNames(service.name, service.namespace)) names.add(n);
      if (service.headless && address.hostname) for (const n of dnsNames(`${address.hostname}.${service.name}`, service.namespace)) names.add(n);
      out.set(address.podUid, names);
    }
  }
  return out;
}

/** The pod an alias list belongs to: `name` is its own alias, given by the sandbox. */
export interface AliasOwner {
  namespace: string;
  hostname: string;
  subdomain: string;
  /** The pod's name; absent or "" when unknown. */
  name?: string;
}

/**
 * Which of a pod's current aliases are Service names (mk's to change): every group whose long
 * form `<base>.<namespace>.svc.cluster.local` is present (mk always publishes the four forms
 * together), and the pod's own `<hostname>.<subdomain>` names, which the sandbox may carry from
 * its creation but Kubernetes publishes only while the pod is a ready endpoint. Everything else
 * belongs to the pod and is kept; the pod's name is never managed, not even when a Service of the
 * same name gives the pod that name too (a pod `web` behind a Service `web` keeps resolving by its
 * own name while it is not ready).
 */
export function managedAliases(current: readonly string[], pod: AliasOwner): Set<string> {
  const managed = new Set<string>();
  const suffix = `.${pod.namespace}.svc.${CLUSTER_DOMAIN}`;
  for (const alias of current) {
    if (alias.endsWith(suffix) && alias.length > suffix.length) for (const n of dnsNames(alias.slice(0, -suffix.length), pod.namespace)) managed.add(n);
  }
  if (pod.hostname !== "" && pod.subdomain !== "") for (const n of dnsNames(`${pod.hostname}.${pod.subdomain}`, pod.namespace)) managed.add(n);
  if (pod.name !== undefined && pod.name !== "") managed.delete(pod.name);
  return managed;
}

export interface AliasChange {
  /** The complete alias list the pod should have (its own names first, then Service names sorted). */
  wanted: string[];
  added: string[];
  removed: string[];
}

/** The change to a pod's aliases, or undefined when podman already has the wanted set. */
export function aliasChange(current: readonly string[], desired: ReadonlySet<string>, pod: AliasOwner): AliasChange | undefined {
  const managed = managedAliases(current, pod);
  const own = current.filter((a) => !managed.has(a) && !desired.has(a));
  const wanted = [...new Set([...own, ...[...desired].sort()])];
  const have = new Set(current);
  const want = new Set(wanted);
  const added = wanted.filter((a) => !have.has(a));
  const removed = [...have].filter((a) => !want.has(a));
  return added.length === 0 && removed.length === 0 ? undefined : { wanted, added, removed };
}
