import { applyDefaults } from "../schema/defaults/index.js";
import { cloneJson } from "../schema/defaults/mutate.js";
import { isJsonObject, type JsonObject } from "../schema/json.js";
import { isClusterScoped } from "../schema/semantic/scope.js";

/**
 * Marks an object written by mkapply with the configuration it came from, so that a later plan of
 * the same configuration prunes it when it leaves the source, and never prunes another
 * configuration's objects. An annotation, not a label: the value is a path.
 */
export const CONFIGURATION_ANNOTATION = "mk.io/configuration";

/** metadata the store owns: never part of a comparison. */
const SYSTEM_METADATA = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields"];

/**
 * An object as the planner compares it: defaulted as the apiserver defaults it (so that a field
 * left out and its default value are the same), the namespace defaulted, without status, the
 * store's metadata and mk's own annotation. Pure: returns a new object. `defaults: false` keeps
 * the object as written (how a new object is shown: its defaults would only be noise).
 */
export function normalizeForPlan(object: JsonObject, options: { defaults?: boolean } = {}): JsonObject {
  const copy = options.defaults === false ? cloneJson(object) : applyDefaults(object);
  delete copy.status;
  if (!isJsonObject(copy.metadata)) copy.metadata = {};
  const metadata = copy.metadata;
  for (const key of SYSTEM_METADATA) delete metadata[key];
  const kind = typeof copy.kind === "string" ? copy.kind : "";
  if (isClusterScoped(kind)) delete metadata.namespace;
  else if (typeof metadata.namespace !== "string" || metadata.namespace === "") metadata.namespace = "default";
  if (isJsonObject(metadata.annotations)) {
    delete metadata.annotations[CONFIGURATION_ANNOTATION];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  if (kind === "Secret") mergeStringData(copy);
  return copy;
}

/**
 * A Secret's stringData merged into data, base64-encoded, as the apiserver stores it (stringData
 * is write-only and wins over data for the same key): `stringData: {a: x}` and `data: {a: eA==}`
 * are the same Secret.
 */
function mergeStringData(secret: JsonObject): void {
  const stringData = secret.stringData;
  delete secret.stringData;
  if (!isJsonObject(stringData)) return;
  const data: JsonObject = isJsonObject(secret.data) ? secret.data : {};
  for (const [key, value] of Object.entries(stringData)) if (typeof value === "string") data[key] = Buffer.from(value, "utf8").toString("base64");
  if (Object.keys(data).length > 0) secret.data = data;
}

/** The configuration a stored object was written for, if mkapply wrote it. */
export function configurationOf(object: JsonObject): string | undefined {
  const metadata = isJsonObject(object.metadata) ? object.metadata : undefined;
  const annotations = metadata && isJsonObject(metadata.annotations) ? metadata.annotations : undefined;
  const value = annotations?.[CONFIGURATION_ANNOTATION];
  return typeof value === "string" ? value : undefined;
}

/** A copy of `object` marked as written for `configuration`. */
export function withConfiguration(object: JsonObject, configuration: string): JsonObject {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const annotations = isJsonObject(metadata.annotations) ? metadata.annotations : {};
  return { ...object, metadata: { ...metadata, annotations: { ...annotations, [CONFIGURATION_ANNOTATION]: configuration } } };
}
