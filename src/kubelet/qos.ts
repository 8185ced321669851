import type { JsonObject } from "../schema/json.js";
import { objectAt, objectsAt } from "./pod-spec/pod-fields.js";

/**
 * The pod's QoS class (v1.PodQOSClass) from its containers' cpu and memory requests and limits:
 * BestEffort with none at all, Guaranteed when every container limits both and requests equal
 * limits (requests default to limits), Burstable otherwise. Pure.
 */
export function qosClass(spec: JsonObject): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers = [...objectsAt(spec.initContainers), ...objectsAt(spec.containers)];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = objectAt(c.resources);
    const limits = objectAt(resources.limits);
    const requests = objectAt(resources.requests);
    for (const name of ["cpu", "memory"]) {
      const limit = limits[name];
      const request = requests[name] ?? limit;
      if (limit !== undefined || request !== undefined) any = true;
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
