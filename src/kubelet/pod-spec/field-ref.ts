import type { JsonObject } from "../../schema/json.js";
import { objectAt, podSpecOf, stringAt, stringMapAt } from "./pod-fields.js";

/** What a fieldRef can read that is not in the stored Pod yet (the kubelet knows it before the status says so). */
export interface PodRuntimeFacts {
  podIP: string;
  hostIP?: string;
}

const SUBSCRIPTED = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/**
 * A downward API fieldRef's value (env and downwardAPI volumes): metadata.name, namespace, uid,
 * labels, annotations (whole maps as `key="value"` lines, or `metadata.labels['k']`),
 * spec.nodeName, spec.serviceAccountName, status.podIP(s), status.hostIP(s).
 */
export function podFieldValue(pod: JsonObject, fieldPath: string, facts: PodRuntimeFacts): { ok: true; value: string } | { ok: false; message: string } {
  const metadata = objectAt(pod.metadata);
  const spec = podSpecOf(pod);
  const status = objectAt(pod.status);
  const subscripted = SUBSCRIPTED.exec(fieldPath);
  if (subscripted) {
    const map = stringMapAt(metadata[subscripted[1] as "labels" | "annotations"]);
    return { ok: true, value: map[subscripted[2] ?? ""] ?? "" };
  }
  const hostIP = facts.hostIP ?? stringAt(status.hostIP) ?? "";
  switch (fieldPath) {
    case "metadata.name":
    case "metadata.namespace":
    case "metadata.uid":
      return { ok: true, value: stringAt(metadata[fieldPath.slice("metadata.".length)]) ?? (fieldPath === "metadata.namespace" ? "default" : "") };
    case "metadata.labels":
    case "metadata.annotations":
      return { ok: true, value: formatMap(stringMapAt(metadata[fieldPath.slice("metadata.".length)])) };
    case "spec.nodeName":
      return { ok: true, value: stringAt(spec.nodeName) ?? "" };
    case "spec.serviceAccountName":
      return { ok: true, value: stringAt(spec.serviceAccountName) ?? "default" };
    case "status.podIP":
    case "status.podIPs":
      return { ok: true, value: facts.podIP };
    case "status.hostIP":
    case "status.hostIPs":
      return { ok: true, value: hostIP };
    default:
      return { ok: false, message: `unsupported fieldPath: ${fieldPath}` };
  }
}

/** The downward API's map format: sorted `key="value"` lines, values quoted as Go's %q does. */
export function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${JSON.stringify(map[k])}`)
    .join("\n");
}
