import type { JsonObject } from "../json.js";
import { objectField, stringField } from "./json-access.js";
import { isClusterScoped } from "./scope.js";

export interface DuplicateObject {
  /** The later definition. */
  index: number;
  /** The first definition of the same object. */
  firstIndex: number;
}

/**
 * Finds objects defined more than once in one input: the same API group, kind, namespace and name.
 * The version does not matter (apps/v1 and apps/v1beta2 name the same object); the namespace of a
 * namespaced kind defaults to "default". Objects without a name (generateName) never collide.
 */
export function findDuplicateObjects(objects: readonly { object: JsonObject }[]): DuplicateObject[] {
  return findDuplicateIdentities(objects.map(({ object }) => identityKey(object)));
}

/**
 * The same search over the objects' identity keys (`identityKey`), for callers that read each
 * object once and keep only its key.
 */
export function findDuplicateIdentities(keys: readonly (string | undefined)[]): DuplicateObject[] {
  const first = new Map<string, number>();
  const duplicates: DuplicateObject[] = [];
  keys.forEach((key, index) => {
    if (key === undefined) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else duplicates.push({ index, firstIndex: earlier });
  });
  return duplicates;
}

/** `group/Kind/namespace/name`, or undefined when the object has no kind or name. */
export function identityKey(object: JsonObject): string | undefined {
  const kind = stringField(object, "kind") ?? "";
  const metadata = objectField(object, "metadata");
  const name = stringField(metadata, "name") ?? "";
  if (kind === "" || name === "") return undefined;
  const apiVersion = stringField(object, "apiVersion") ?? "";
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const namespace = isClusterScoped(kind) ? "" : stringField(metadata, "namespace") || "default";
  return `${group}/${kind}/${namespace}/${name}`;
}
