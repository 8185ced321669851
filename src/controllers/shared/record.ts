import type { JsonObject } from "../../schema/json.js";
import type { ControlContext } from "../../control/reconciler.js";
import { isConflict, isNotFound, refOf } from "../../store/index.js";
import { canonicalJson } from "../../store/canonical-json.js";
import { metadataOf } from "./pod-facts.js";

/** Records an Event about `object` from `component` (the reconciler's name). */
export async function recordAbout(ctx: ControlContext, component: string, object: JsonObject, type: "Normal" | "Warning", reason: string, message: string): Promise<void> {
  const ref = refOf(object);
  const meta = metadataOf(object);
  await ctx.recordEvent({
    involvedObject: { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace || undefined, name: ref.name, uid: typeof meta.uid === "string" ? meta.uid : undefined },
    type,
    reason,
    message,
    source: { component },
  });
}

/** Runs a write; a Conflict or NotFound (someone else moved first) answers `undefined` instead of throwing. */
export async function tolerateRace<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (e) {
    if (isConflict(e) || isNotFound(e)) return undefined;
    throw e;
  }
}

/** The status differs from the stored one (writing an identical status would wake every watcher for nothing). */
export function statusChanged(object: JsonObject, status: JsonObject): boolean {
  return canonicalJson(object.status ?? {}) !== canonicalJson(status);
}
