import { createHash } from "node:crypto";
import { isJsonObject, type JsonObject, type JsonValue } from "../schema/json.js";
import { SERVER_ANNOTATIONS } from "./server-set.js";

/**
 * The fingerprint of a stored object: sha256 over its content as a plan depends on it, so that a
 * saved plan can tell whether the object changed since. Left out: status and resourceVersion
 * (controllers write them all the time without changing what the plan would do) and the
 * annotations controllers keep (a Deployment's revision). Kept: uid (a deleted and re-created
 * object is another object), metadata and the body.
 */
export function fingerprintObject(object: JsonObject): string {
  const metadata = isJsonObject(object.metadata) ? { ...object.metadata } : {};
  delete metadata.resourceVersion;
  delete metadata.managedFields;
  if (isJsonObject(metadata.annotations)) {
    const annotations = { ...metadata.annotations };
    for (const key of SERVER_ANNOTATIONS) delete annotations[key];
    metadata.annotations = annotations;
  }
  const { status: _status, ...rest } = object;
  return `sha256:${createHash("sha256").update(canonical({ ...rest, metadata })).digest("hex")}`;
}

/** JSON with sorted keys: equal values give equal text whatever the key order. */
function canonical(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
    .join(",")}}`;
}

/** sha256 of a text: the digest of a plan file, recorded in the apply history. */
export function digestText(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
