/**
 * Reads from the store what a wait rule needs besides the object (./progress-model.ts
 * RelatedObjects), and the uids of everything that belongs to the object, so that Events about
 * its ReplicaSets and pods can be shown under it.
 */
import type { JsonObject } from "../schema/json.js";
import type { ObjectStore } from "../store/index.js";
import { list, obj, str, uidOf } from "./pods.js";
import type { RelatedObjects } from "./progress-model.js";

export interface Gathered {
  related: Omit<RelatedObjects, "warnings">;
  /** The object's own uid and those of its ReplicaSets and pods. */
  uids: string[];
}

const POD = { apiVersion: "v1", kind: "Pod" } as const;

export async function gatherRelated(store: ObjectStore, object: JsonObject): Promise<Gathered> {
  const uid = uidOf(object);
  const namespace = str(obj(object.metadata).namespace) ?? "default";
  switch (object.kind) {
    case "Deployment": {
      const replicaSets = (await store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace, ownerUid: uid, controllerOnly: true })).items;
      const pods: JsonObject[] = [];
      for (const rs of replicaSets) pods.push(...(await store.list({ ...POD, namespace, ownerUid: uidOf(rs), controllerOnly: true })).items);
      return { related: { pods, replicaSets }, uids: [uid, ...replicaSets.map(uidOf), ...pods.map(uidOf)] };
    }
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "ReplicationController":
    case "Job": {
      const pods = (await store.list({ ...POD, namespace, ownerUid: uid, controllerOnly: true })).items;
      return { related: { pods }, uids: [uid, ...pods.map(uidOf)] };
    }
    case "Service": {
      const selector = obj(obj(object.spec).selector);
      const matchLabels: Record<string, string> = {};
      for (const [k, v] of Object.entries(selector)) if (typeof v === "string") matchLabels[k] = v;
      if (Object.keys(matchLabels).length === 0) return { related: { pods: [] }, uids: [uid] };
      const pods = (await store.list({ ...POD, namespace, labelSelector: { matchLabels } })).items;
      // The Service's pods belong to their workloads: their Events are shown there, not twice.
      return { related: { pods }, uids: [uid] };
    }
    default:
      return { related: { pods: [] }, uids: [uid] };
  }
}

/**
 * The objects that still depend on a deleted one (its ownerReferences' dependents, transitively).
 * `known` keeps every dependent seen on earlier calls: once the garbage collector removed a
 * ReplicaSet, its pods (still terminating) are no longer found through it, but must still go.
 */
export async function remainingDependents(store: ObjectStore, uid: string, known: Set<string>): Promise<JsonObject[]> {
  const found = new Map<string, JsonObject>();
  const seen = new Set<string>([uid]);
  let frontier = [uid, ...known];
  for (const k of known) seen.add(k);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const owner of frontier) {
      for (const dependent of (await store.list({ ownerUid: owner })).items) {
        const id = uidOf(dependent);
        found.set(id, dependent);
        if (seen.has(id)) continue;
        seen.add(id);
        known.add(id);
        next.push(id);
      }
    }
    frontier = next;
  }
  for (const id of known) {
    if (found.has(id)) continue;
    const still = await store.getByUid(id);
    if (still) found.set(id, still);
    else known.delete(id);
  }
  return [...found.values()];
}
