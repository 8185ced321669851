import { isJsonObject, type JsonObject } from "../schema/json.js";

/** The apiserver's default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Every nodePort of these Services (the ones taken). */
export function usedNodePorts(services: readonly JsonObject[]): Set<number> {
  const used = new Set<number>();
  for (const s of services) {
    const spec = isJsonObject(s.spec) ? s.spec : {};
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) if (isJsonObject(p) && typeof p.nodePort === "number") used.add(p.nodePort);
  }
  return used;
}

export type NodePortAllocation = { ok: true; service: JsonObject; allocated: number[] } | { ok: false; message: string };

/**
 * Gives every port of a NodePort/LoadBalancer Service that has no nodePort a free one from the
 * range, as the apiserver does on create: a random free port (`random` in [0, 1)), then the next
 * free one upwards. Returns a copy of the Service (allocated empty when nothing was missing). Pure.
 */
export function allocateNodePorts(service: JsonObject, used: ReadonlySet<number>, random: () => number): NodePortAllocation {
  const spec = isJsonObject(service.spec) ? service.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const taken = new Set(used);
  const allocated: number[] = [];
  const size = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
  const newPorts = ports.map((p) => {
    if (!isJsonObject(p) || typeof p.nodePort === "number") return p;
    const start = Math.floor(random() * size);
    for (let i = 0; i < size; i++) {
      const candidate = NODE_PORT_RANGE.min + ((start + i) % size);
      if (taken.has(candidate)) continue;
      taken.add(candidate);
      allocated.push(candidate);
      return { ...p, nodePort: candidate };
    }
    return p;
  });
  if (newPorts.some((p) => isJsonObject(p) && typeof p.nodePort !== "number")) {
    return { ok: false, message: `no free node port in ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}` };
  }
  return { ok: true, service: { ...service, spec: { ...spec, ports: newPorts } }, allocated };
}
