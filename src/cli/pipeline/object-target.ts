import { error, type Diagnostic } from "../../diag/diagnostic.js";
import type { KindIndexEntry } from "../../schema/api-model-types.js";
import type { JsonObject } from "../../schema/json.js";
import type { ObjectRef, Store } from "../../store/index.js";
import { VIEW_CODES } from "../view-codes.js";

export type ObjectTarget = { ok: true; entry: KindIndexEntry; ref: ObjectRef; object: JsonObject } | { ok: false; diagnostic: Diagnostic };

/**
 * The one object a command such as describe, scale or rollout names, the kubectl ways:
 * `TYPE NAME` or `TYPE/NAME` (`deploy web`, `deployment/web`), in `namespace` unless the kind is
 * cluster-scoped. `defaultType` lets `mk logs web-0` mean a pod.
 */
export async function findObjectTarget(store: Store, args: readonly string[], namespace: string, defaultType?: string): Promise<ObjectTarget> {
  const { resolveResourceType } = await import("../../schema/resource-types.js");
  let typeText: string;
  let name: string | undefined;
  if (args[0]?.includes("/")) [typeText, name] = args[0].split("/", 2);
  else if (args.length >= 2) [typeText, name] = [args[0], args[1]];
  else if (defaultType !== undefined) [typeText, name] = [defaultType, args[0]];
  else return { ok: false, diagnostic: error(VIEW_CODES.badArgument, "name the object as TYPE NAME or TYPE/NAME (for example: deployment web, deploy/web)") };
  if (!name) return { ok: false, diagnostic: error(VIEW_CODES.badArgument, `no name given after "${typeText}"`) };
  const type = resolveResourceType(typeText);
  if (!type.ok) return { ok: false, diagnostic: error(VIEW_CODES.unknownResourceType, type.message) };
  const ref: ObjectRef = { apiVersion: type.entry.apiVersion, kind: type.entry.kind, namespace: type.entry.namespaced ? namespace : "", name };
  const object = await store.get(ref);
  if (!object) {
    const where = type.entry.namespaced ? ` in namespace "${namespace}"` : "";
    return { ok: false, diagnostic: error(VIEW_CODES.notFound, `${type.entry.plural} "${name}" not found${where}`) };
  }
  return { ok: true, entry: type.entry, ref, object };
}
