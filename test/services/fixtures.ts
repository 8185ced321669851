import type { JsonObject } from "../../src/schema/json.js";

/** Plain Service and Pod objects for the Services tests (as the store holds them). */
export interface PodOptions {
  labels?: Record<string, string>;
  ip?: string;
  ready?: boolean;
  phase?: string;
  terminating?: boolean;
  hostname?: string;
  subdomain?: string;
  namespace?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

export function pod(name: string, o: PodOptions = {}): JsonObject {
  const spec: JsonObject = { containers: [{ name: "web", image: "localhost/mk/web:1", ...(o.ports ? { ports: o.ports as unknown as JsonObject[] } : {}) }] };
  if (o.hostname) spec.hostname = o.hostname;
  if (o.subdomain) spec.subdomain = o.subdomain;
  const metadata: JsonObject = { name, namespace: o.namespace ?? "default", uid: `uid-${name}`, labels: o.labels ?? { app: "web" } };
  if (o.terminating) metadata.deletionTimestamp = "2026-01-01T00:00:00Z";
  const status: JsonObject = {
    phase: o.phase ?? "Running",
    conditions: [{ type: "Ready", status: (o.ready ?? true) ? "True" : "False" }],
  };
  if (o.ip !== "") status.podIP = o.ip ?? `10.89.0.${name.length}`;
  return { apiVersion: "v1", kind: "Pod", metadata, spec, status };
}

export interface ServiceOptions {
  selector?: Record<string, string> | null;
  ports?: JsonObject[];
  type?: string;
  headless?: boolean;
  publishNotReadyAddresses?: boolean;
  namespace?: string;
}

export function service(name: string, o: ServiceOptions = {}): JsonObject {
  const spec: JsonObject = { ports: o.ports ?? [{ port: 80 }] };
  if (o.selector !== null) spec.selector = o.selector ?? { app: "web" };
  if (o.type) spec.type = o.type;
  if (o.headless) spec.clusterIP = "None";
  if (o.publishNotReadyAddresses) spec.publishNotReadyAddresses = true;
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: o.namespace ?? "default", uid: `uid-svc-${name}` }, spec };
}
