import type { JsonObject } from "../../schema/json.js";
import type { ObjectStore } from "../../store/index.js";
import { objectAt } from "./pod-fields.js";

/**
 * The data of ConfigMaps and Secrets as the kubelet reads them: name → bytes. Secret `data` and a
 * ConfigMap's `binaryData` are base64; a Secret's `stringData` (if the store kept it) wins, as the
 * apiserver merges it into data on write.
 */
export type ConfigKind = "ConfigMap" | "Secret";

export interface ConfigSource {
  kind: ConfigKind;
  namespace: string;
  name: string;
  entries: ReadonlyMap<string, Buffer>;
}

/** undefined when the object does not exist. */
export async function loadConfigSource(store: ObjectStore, kind: ConfigKind, namespace: string, name: string): Promise<ConfigSource | undefined> {
  const object = await store.get({ apiVersion: "v1", kind, namespace, name });
  if (!object) return undefined;
  return { kind, namespace, name, entries: kind === "ConfigMap" ? configMapEntries(object) : secretEntries(object) };
}

export function configMapEntries(object: JsonObject): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(objectAt(object.data))) if (typeof v === "string") entries.set(k, Buffer.from(v, "utf8"));
  for (const [k, v] of Object.entries(objectAt(object.binaryData))) if (typeof v === "string") entries.set(k, Buffer.from(v, "base64"));
  return entries;
}

export function secretEntries(object: JsonObject): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(objectAt(object.data))) if (typeof v === "string") entries.set(k, Buffer.from(v, "base64"));
  for (const [k, v] of Object.entries(objectAt(object.stringData))) if (typeof v === "string") entries.set(k, Buffer.from(v, "utf8"));
  return entries;
}

/** The kubelet's NotFound text: `configmap "x" not found`, `secret "s" not found`. */
export function notFoundMessage(kind: ConfigKind, name: string): string {
  return `${kind === "ConfigMap" ? "configmap" : "secret"} "${name}" not found`;
}

/** `couldn't find key k in ConfigMap default/x` (names the key, never a value). */
export function missingKeyMessage(kind: ConfigKind, namespace: string, name: string, key: string): string {
  return `couldn't find key ${key} in ${kind} ${namespace}/${name}`;
}

/** Reads each source once per translation (a pod's containers often share one ConfigMap). */
export class ConfigSourceCache {
  private readonly loaded = new Map<string, Promise<ConfigSource | undefined>>();
  constructor(private readonly store: ObjectStore) {}
  get(kind: ConfigKind, namespace: string, name: string): Promise<ConfigSource | undefined> {
    const key = `${kind}/${namespace}/${name}`;
    let found = this.loaded.get(key);
    if (!found) {
      found = loadConfigSource(this.store, kind, namespace, name);
      this.loaded.set(key, found);
    }
    return found;
  }
}
