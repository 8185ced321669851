import type { JsonObject } from "../../schema/json.js";
import { ConfigSourceCache, notFoundMessage, type ConfigKind } from "../pod-spec/config-sources.js";
import { podFieldValue } from "../pod-spec/field-ref.js";
import { numberAt, objectAt, objectsAt, podIdentity, podSpecOf, stringAt } from "../pod-spec/pod-fields.js";
import { resourceFieldValue, type NodeAllocatable } from "../pod-spec/resources.js";
import type { PayloadFile } from "./atomic-writer.js";

/** Kubernetes' defaultMode of configMap, secret, downwardAPI and projected volumes (0644). */
export const DEFAULT_MODE = 0o644;

export type PayloadResult = { ok: true; payload: Map<string, PayloadFile> } | { ok: false; message: string };

/**
 * The files of a configMap or secret volume (the kubelet's MakePayload): every key, or only the
 * listed items under their paths; modes from the item, else defaultMode, else 0644. A missing
 * object or listed key fails unless the volume is optional (a missing optional object gives an
 * empty folder). Messages name keys, never values.
 */
export async function configPayload(kind: ConfigKind, source: JsonObject, namespace: string, sources: ConfigSourceCache, into = new Map<string, PayloadFile>(), inheritedMode?: number): Promise<PayloadResult> {
  const name = stringAt(kind === "ConfigMap" ? source.name : (source.secretName ?? source.name)) ?? "";
  const optional = source.optional === true;
  const defaultMode = numberAt(source.defaultMode) ?? inheritedMode ?? DEFAULT_MODE;
  const found = await sources.get(kind, namespace, name);
  if (!found) {
    if (optional) return { ok: true, payload: into };
    return { ok: false, message: notFoundMessage(kind, name) };
  }
  const items = objectsAt(source.items);
  if (items.length === 0) {
    for (const [key, data] of found.entries) into.set(key, { data, mode: defaultMode });
    return { ok: true, payload: into };
  }
  for (const item of items) {
    const key = stringAt(item.key) ?? "";
    const data = found.entries.get(key);
    if (data === undefined) {
      if (optional) continue;
      return { ok: false, message: kind === "ConfigMap" ? `configmap references non-existent config key: ${key}` : `references non-existent secret key: ${key}` };
    }
    into.set(stringAt(item.path) ?? key, { data, mode: numberAt(item.mode) ?? defaultMode });
  }
  return { ok: true, payload: into };
}

/** The files of a downwardAPI volume: fieldRef (metadata only) and resourceFieldRef items. */
export function downwardPayload(pod: JsonObject, source: JsonObject, node: NodeAllocatable, into = new Map<string, PayloadFile>(), inheritedMode?: number): PayloadResult {
  const defaultMode = numberAt(source.defaultMode) ?? inheritedMode ?? DEFAULT_MODE;
  const containers = [...objectsAt(podSpecOf(pod).containers), ...objectsAt(podSpecOf(pod).initContainers)];
  for (const item of objectsAt(source.items)) {
    const path = stringAt(item.path) ?? "";
    let value: { ok: true; value: string } | { ok: false; message: string };
    if (item.fieldRef !== undefined) {
      value = podFieldValue(pod, stringAt(objectAt(item.fieldRef).fieldPath) ?? "", { podIP: "" });
    } else if (item.resourceFieldRef !== undefined) {
      const ref = objectAt(item.resourceFieldRef);
      const container = containers.find((c) => c.name === stringAt(ref.containerName));
      value = container ? resourceFieldValue(container, ref, node) : { ok: false, message: `container ${stringAt(ref.containerName) ?? ""} not found in pod ${podIdentity(pod).name}` };
    } else continue;
    if (!value.ok) return value;
    into.set(path, { data: Buffer.from(value.value, "utf8"), mode: numberAt(item.mode) ?? defaultMode });
  }
  return { ok: true, payload: into };
}

/**
 * A projected volume: its configMap, secret and downwardAPI sources merged into one folder
 * (serviceAccountToken and clusterTrustBundle sources are not supported by mk and are left out).
 */
export async function projectedPayload(pod: JsonObject, source: JsonObject, sources: ConfigSourceCache, node: NodeAllocatable): Promise<PayloadResult> {
  const { namespace } = podIdentity(pod);
  const mode = numberAt(source.defaultMode) ?? DEFAULT_MODE;
  const into = new Map<string, PayloadFile>();
  for (const s of objectsAt(source.sources)) {
    let r: PayloadResult | undefined;
    if (s.configMap !== undefined) r = await configPayload("ConfigMap", objectAt(s.configMap), namespace, sources, into, mode);
    else if (s.secret !== undefined) r = await configPayload("Secret", objectAt(s.secret), namespace, sources, into, mode);
    else if (s.downwardAPI !== undefined) r = downwardPayload(pod, objectAt(s.downwardAPI), node, into, mode);
    if (r && !r.ok) return r;
  }
  return { ok: true, payload: into };
}
