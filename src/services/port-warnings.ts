import type { ServiceView } from "./service-model.js";

/**
 * There is no cluster IP on one machine: a Service name resolves to the pods themselves, so a
 * client on mk's network that connects to the Service port reaches the pod's port of that number,
 * not the targetPort. Each such port gets one Warning (docs/services.md). Named targetPorts are
 * left out: their number differs per pod. Pure.
 */
export function portWarnings(service: ServiceView): string[] {
  if (!service.selector) return [];
  return service.ports
    .filter((p) => typeof p.targetPort === "number" && p.targetPort !== p.port)
    .map((p) => `Service port ${p.port} is not forwarded to targetPort ${String(p.targetPort)} on mk's network (no cluster IP on one machine): clients must connect to ${service.name}:${String(p.targetPort)}`);
}
