import { isJsonObject, type JsonObject } from "../../schema/json.js";

/** metadata.labels of an object, string values only. */
export function labelsOfObject(object: JsonObject): Record<string, string> {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const labels = isJsonObject(metadata.labels) ? metadata.labels : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === "string") out[k] = v;
  return out;
}

export function annotationsOf(object: JsonObject): Record<string, string> {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const annotations = isJsonObject(metadata.annotations) ? metadata.annotations : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations)) if (typeof v === "string") out[k] = v;
  return out;
}
