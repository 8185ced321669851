import type { JsonObject } from "../../schema/json.js";
import type { ContainerResources } from "../../runtime/container-spec.js";
import { ceilRatio, quantityOf } from "./quantities.js";
import { objectAt } from "./pod-fields.js";

/** What a node offers: the value of a limit that is not set (the kubelet's node allocatable). */
export interface NodeAllocatable {
  cpuMillis: number;
  memoryBytes: number;
}

/** A container's limits and requests in bytes and millicores (requests default to limits, as the apiserver defaults them). */
export function containerResources(container: JsonObject): ContainerResources {
  const resources = objectAt(container.resources);
  const limits = objectAt(resources.limits);
  const requests = objectAt(resources.requests);
  const out: ContainerResources = {};
  const memoryLimit = amount(limits.memory, 1n);
  const cpuLimit = amount(limits.cpu, 1000n);
  const memoryRequest = amount(requests.memory, 1n) ?? memoryLimit;
  const cpuRequest = amount(requests.cpu, 1000n) ?? cpuLimit;
  if (memoryLimit !== undefined) out.memoryLimitBytes = memoryLimit;
  if (cpuLimit !== undefined) out.cpuLimitMillis = cpuLimit;
  if (memoryRequest !== undefined) out.memoryRequestBytes = memoryRequest;
  if (cpuRequest !== undefined) out.cpuRequestMillis = cpuRequest;
  return out;
}

function amount(value: JsonObject[string] | undefined, scale: bigint): number | undefined {
  const q = quantityOf(value);
  return q === undefined ? undefined : Number(ceilRatio(q, scale));
}

const RESOURCES = ["limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage"] as const;

/**
 * A resourceFieldRef's value (env or downwardAPI): ceil(value / divisor) as text; cpu in cores
 * (`250m` with divisor 1 gives "1", with divisor 1m gives "250"). An unset limit is the node's
 * allocatable amount, an unset request falls back to the limit or 0.
 */
export function resourceFieldValue(container: JsonObject, ref: JsonObject, node: NodeAllocatable): { ok: true; value: string } | { ok: false; message: string } {
  const resource = typeof ref.resource === "string" ? ref.resource : "";
  if (!(RESOURCES as readonly string[]).includes(resource)) return { ok: false, message: `unsupported container resource : ${resource}` };
  const divisor = ref.divisor === undefined ? quantityOf("1") : quantityOf(ref.divisor);
  if (divisor === undefined || divisor.numerator <= 0n) return { ok: false, message: `invalid divisor for resource ${resource}` };
  const [section, name] = resource.split(".") as [string, string];
  const resources = objectAt(container.resources);
  const limit = quantityOf(objectAt(resources.limits)[name]);
  const request = quantityOf(objectAt(resources.requests)[name]) ?? limit;
  const chosen = section === "limits" ? limit : request;
  if (chosen === undefined) {
    if (section === "requests") return { ok: true, value: "0" };
    const fallback = name === "cpu" ? quantityOf(`${node.cpuMillis}m`) : name === "memory" ? quantityOf(node.memoryBytes) : undefined;
    if (fallback === undefined) return { ok: true, value: "0" };
    return { ok: true, value: String(ceilRatio(fallback, 1n, divisor)) };
  }
  return { ok: true, value: String(ceilRatio(chosen, 1n, divisor)) };
}
