import type { JsonObject } from "../schema/json.js";
import { isConflict, isNotFound, refOf, type ObjectStore } from "../store/index.js";
import { FINALIZER } from "./finalizer.js";

/**
 * Writes a Pod's status through the status subresource. The status is computed from podman, not
 * from the stored object, so a conflict (someone changed the Pod meanwhile) is retried with the
 * fresh resourceVersion. A Pod deleted meanwhile is left alone.
 */
export async function writePodStatus(store: ObjectStore, pod: JsonObject, status: JsonObject): Promise<JsonObject | undefined> {
  let current: JsonObject | undefined = pod;
  for (let attempt = 0; attempt < 5 && current; attempt++) {
    try {
      return await store.updateStatus({ ...current, status });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      if (!isConflict(e)) throw e;
      current = await store.get(refOf(pod));
      if (current && (current.metadata as JsonObject).uid !== (pod.metadata as JsonObject).uid) return undefined;
    }
  }
  return undefined;
}

/** Updates the Pod's metadata/spec with `change` applied to the latest stored version (conflicts retried). */
export async function updatePod(store: ObjectStore, pod: JsonObject, change: (latest: JsonObject) => JsonObject | undefined): Promise<JsonObject | undefined> {
  let current: JsonObject | undefined = pod;
  for (let attempt = 0; attempt < 5 && current; attempt++) {
    const next = change(current);
    if (!next) return current;
    try {
      return await store.update(next);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      if (!isConflict(e)) throw e;
      current = await store.get(refOf(pod));
      if (current && (current.metadata as JsonObject).uid !== (pod.metadata as JsonObject).uid) return undefined;
    }
  }
  throw new Error(`pod ${refOf(pod).namespace}/${refOf(pod).name} kept changing while the kubelet updated it`);
}

export function finalizersOf(pod: JsonObject): string[] {
  const f = (pod.metadata as JsonObject | undefined)?.finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === "string") : [];
}

/** The pod with the kubelet's finalizer added (undefined when it has it). */
export function withFinalizer(pod: JsonObject): JsonObject | undefined {
  const finalizers = finalizersOf(pod);
  if (finalizers.includes(FINALIZER)) return undefined;
  return { ...pod, metadata: { ...(pod.metadata as JsonObject), finalizers: [...finalizers, FINALIZER] } };
}

/** The pod without the kubelet's finalizer (undefined when it has none). */
export function withoutFinalizer(pod: JsonObject): JsonObject | undefined {
  const finalizers = finalizersOf(pod);
  if (!finalizers.includes(FINALIZER)) return undefined;
  return { ...pod, metadata: { ...(pod.metadata as JsonObject), finalizers: finalizers.filter((f) => f !== FINALIZER) } };
}
