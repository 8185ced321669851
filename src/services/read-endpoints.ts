import type { JsonObject } from "../schema/json.js";
import type { ObjectStore } from "../store/index.js";
import { namespaceOf } from "./dns-sync.js";
import { serviceEndpoints, type EndpointSet } from "./endpoints.js";

/** The endpoints of a stored Service now, from the Pods of its namespace (`mk describe`, mkapply's wait). */
export async function readServiceEndpoints(store: ObjectStore, service: JsonObject): Promise<EndpointSet> {
  const pods = await store.list({ apiVersion: "v1", kind: "Pod", namespace: namespaceOf(service) });
  return serviceEndpoints(service, pods.items);
}
