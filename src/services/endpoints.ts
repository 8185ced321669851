import type { JsonObject } from "../schema/json.js";
import { podView, selects, serviceView, type PodView, type ServicePort, type ServiceView } from "./service-model.js";

/**
 * A Service's endpoints, computed from the Service and the Pods as Kubernetes' endpoints
 * controller does (pkg/controller/endpoint): no Endpoints object is stored; this is computed on
 * demand from the store (see docs/services.md for why). Pure.
 */
export interface EndpointPort {
  /** The Service port's name ("" for a single unnamed port). */
  name: string;
  /** The port on the pod: the targetPort number, or the container port its name resolved to. */
  port: number;
  protocol: string;
}

export interface EndpointAddress {
  ip: string;
  podName: string;
  podUid: string;
  /** spec.hostname of a pod whose spec.subdomain names this Service (headless per-pod names). */
  hostname?: string;
  nodeName?: string;
  /** The pod's ports for this Service (a pod whose named port resolves nowhere lacks that port). */
  ports: EndpointPort[];
}

export interface EndpointSet {
  namespace: string;
  service: string;
  /** false for a Service without selector: its endpoints are not managed (there are none here). */
  managed: boolean;
  /** Serve traffic and are published in DNS: ready pods (all pods with publishNotReadyAddresses). */
  addresses: EndpointAddress[];
  /** Selected pods that are not ready (empty with publishNotReadyAddresses). */
  notReadyAddresses: EndpointAddress[];
  /** Why a selected pod lacks a port: `pod web-1 has no container port named "http"`. */
  problems: string[];
}

/**
 * The endpoints of `service` among `pods` (any namespace; only the Service's are considered).
 * A pod counts when the selector matches, it has an IP and it is not Succeeded/Failed; a
 * terminating pod counts only with publishNotReadyAddresses (as ShouldPodBeInEndpoints). Ready
 * pods — every counted pod with publishNotReadyAddresses — are `addresses`, the rest
 * `notReadyAddresses`.
 */
export function serviceEndpoints(service: JsonObject, pods: readonly JsonObject[]): EndpointSet {
  return endpointsOf(serviceView(service), pods.map(podView));
}

export function endpointsOf(service: ServiceView, pods: readonly PodView[]): EndpointSet {
  const set: EndpointSet = { namespace: service.namespace, service: service.name, managed: service.selector !== undefined, addresses: [], notReadyAddresses: [], problems: [] };
  if (!set.managed) return set;
  const selected = pods.filter((p) => selects(service, p) && shouldBeEndpoint(p, service.publishNotReadyAddresses));
  for (const pod of [...selected].sort((a, b) => a.name.localeCompare(b.name))) {
    const ports: EndpointPort[] = [];
    for (const sp of service.ports) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) set.problems.push(`pod ${pod.name} has no container port named "${String(sp.targetPort)}" (${sp.protocol}) for Service port ${portLabel(sp)}`);
      else ports.push({ name: sp.name, port, protocol: sp.protocol });
    }
    if (service.ports.length > 0 && ports.length === 0) continue;
    const address: EndpointAddress = {
      ip: pod.ip,
      podName: pod.name,
      podUid: pod.uid,
      ...(pod.hostname !== "" && pod.subdomain === service.name ? { hostname: pod.hostname } : {}),
      ...(pod.nodeName !== "" ? { nodeName: pod.nodeName } : {}),
      ports,
    };
    if (service.publishNotReadyAddresses || pod.ready) set.addresses.push(address);
    else set.notReadyAddresses.push(address);
  }
  return set;
}

/** endpointutil.ShouldPodBeInEndpoints. */
export function shouldBeEndpoint(pod: PodView, includeTerminating: boolean): boolean {
  if (pod.terminal || pod.ip === "") return false;
  return includeTerminating || !pod.terminating;
}

/** podutil.FindPort: a number as is; a name through the pod's container ports of the same protocol. */
export function resolveTargetPort(port: ServicePort, pod: PodView): number | undefined {
  if (typeof port.targetPort === "number") return port.targetPort;
  return pod.namedPorts.get(port.targetPort)?.find((p) => p.protocol === port.protocol)?.port;
}

function portLabel(port: ServicePort): string {
  return port.name === "" ? String(port.port) : `${port.name} (${port.port})`;
}

/** mkapply's wait rule "Service: has endpoints": a ready address, or no selector to manage. */
export function hasEndpoints(set: EndpointSet): boolean {
  return !set.managed || set.addresses.length > 0;
}

/**
 * kubectl describe's `Endpoints:` line: `10.89.0.2:80,10.89.0.3:80`, the first three and
 * ` + N more...`, or `<none>`; with `portName`, only that Service port's endpoints (one line per port).
 */
export function formatEndpoints(set: EndpointSet, max = 3, portName?: string): string {
  const items = set.addresses.flatMap((a) => (a.ports.length === 0 ? [a.ip] : a.ports.filter((p) => portName === undefined || p.name === portName).map((p) => `${a.ip}:${p.port}`)));
  if (items.length === 0) return "<none>";
  const shown = items.slice(0, max).join(",");
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}
