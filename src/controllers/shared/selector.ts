import { isJsonObject, type JsonObject } from "../../schema/json.js";
import type { LabelSelector } from "../../store/index.js";

/**
 * The workload's selector as a LabelSelector: apps/v1 kinds carry a metav1.LabelSelector, a
 * ReplicationController a plain label map (which an empty value defaults to the template's labels).
 */
export function workloadSelector(object: JsonObject): LabelSelector | undefined {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const selector = spec.selector;
  if (object.kind === "ReplicationController") {
    const map = isJsonObject(selector) && Object.keys(selector).length > 0 ? selector : templateLabels(object);
    return stringMap(map) ? { matchLabels: stringMap(map) } : undefined;
  }
  if (!isJsonObject(selector)) return undefined;
  const out: LabelSelector = {};
  const ml = stringMap(selector.matchLabels);
  if (ml) out.matchLabels = ml;
  if (Array.isArray(selector.matchExpressions)) {
    out.matchExpressions = selector.matchExpressions.filter(isJsonObject).map((e) => ({
      key: String(e.key),
      operator: String(e.operator) as "In" | "NotIn" | "Exists" | "DoesNotExist",
      ...(Array.isArray(e.values) ? { values: e.values.map(String) } : {}),
    }));
  }
  return out;
}

/** A selector that selects nothing is refused by validation; an empty one would select everything. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

function templateLabels(object: JsonObject): JsonObject | undefined {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const template = isJsonObject(spec.template) ? spec.template : {};
  const metadata = isJsonObject(template.metadata) ? template.metadata : {};
  return isJsonObject(metadata.labels) ? metadata.labels : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isJsonObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}
