import { isJsonObject, type JsonObject, type JsonValue } from "../schema/json.js";

/**
 * A Service and a Pod read as the endpoints controller needs them: plain values, defaults of
 * the API applied (protocol TCP, targetPort = port, type ClusterIP). Pure.
 */
export interface ServicePort {
  /** "" for the single unnamed port. */
  name: string;
  protocol: string;
  port: number;
  /** A number, or the name of a container port of the selected pods. */
  targetPort: number | string;
  nodePort?: number;
}

export interface ServiceView {
  namespace: string;
  name: string;
  uid: string;
  /** Absent when the Service has no selector (or an empty one): its endpoints are not managed. */
  selector?: Record<string, string>;
  type: string;
  headless: boolean;
  publishNotReadyAddresses: boolean;
  ports: ServicePort[];
}

export interface PodView {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  ip: string;
  ready: boolean;
  /** Succeeded or Failed: never an endpoint again. */
  terminal: boolean;
  terminating: boolean;
  hostname: string;
  subdomain: string;
  nodeName: string;
  /** Container ports by name, for named targetPorts: name → [{port, protocol}]. */
  namedPorts: Map<string, { port: number; protocol: string }[]>;
}

const obj = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});
const str = (v: JsonValue | undefined): string => (typeof v === "string" ? v : "");
const list = (v: JsonValue | undefined): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

function stringRecord(v: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(obj(v))) if (typeof value === "string") out[k] = value;
  return out;
}

export function serviceView(service: JsonObject): ServiceView {
  const metadata = obj(service.metadata);
  const spec = obj(service.spec);
  const selector = stringRecord(spec.selector);
  return {
    namespace: str(metadata.namespace) || "default",
    name: str(metadata.name),
    uid: str(metadata.uid),
    selector: Object.keys(selector).length > 0 ? selector : undefined,
    type: str(spec.type) || "ClusterIP",
    headless: spec.clusterIP === "None",
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    ports: list(spec.ports).map((p) => {
      const port = typeof p.port === "number" ? p.port : 0;
      const target = p.targetPort;
      return {
        name: str(p.name),
        protocol: str(p.protocol) || "TCP",
        port,
        targetPort: typeof target === "number" ? target : typeof target === "string" && target !== "" ? target : port,
        ...(typeof p.nodePort === "number" ? { nodePort: p.nodePort } : {}),
      };
    }),
  };
}

/** NodePort and LoadBalancer Services are reached from the host (LoadBalancer as a NodePort: one machine). */
export function exposesNodePorts(service: ServiceView): boolean {
  return service.type === "NodePort" || service.type === "LoadBalancer";
}

export function podView(pod: JsonObject): PodView {
  const metadata = obj(pod.metadata);
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const phase = str(status.phase);
  const podIPs = list(status.podIPs);
  const namedPorts = new Map<string, { port: number; protocol: string }[]>();
  for (const container of list(spec.containers)) {
    for (const p of list(container.ports)) {
      const name = str(p.name);
      if (name === "" || typeof p.containerPort !== "number") continue;
      const found = namedPorts.get(name) ?? [];
      found.push({ port: p.containerPort, protocol: str(p.protocol) || "TCP" });
      namedPorts.set(name, found);
    }
  }
  return {
    namespace: str(metadata.namespace) || "default",
    name: str(metadata.name),
    uid: str(metadata.uid),
    labels: stringRecord(metadata.labels),
    ip: str(status.podIP) || str(podIPs[0]?.ip),
    ready: list(status.conditions).some((c) => c.type === "Ready" && c.status === "True"),
    terminal: phase === "Succeeded" || phase === "Failed",
    terminating: typeof metadata.deletionTimestamp === "string" && metadata.deletionTimestamp !== "",
    hostname: str(spec.hostname),
    subdomain: str(spec.subdomain),
    nodeName: str(spec.nodeName),
    namedPorts,
  };
}

/** A Service selects a Pod of its namespace whose labels carry every key=value of its selector. */
export function selects(service: ServiceView, pod: PodView): boolean {
  const selector = service.selector;
  if (!selector || pod.namespace !== service.namespace) return false;
  return Object.entries(selector).every(([k, v]) => pod.labels[k] === v);
}
