import type { JsonObject } from "../../schema/json.js";
import type { EnvVar } from "../../runtime/container-spec.js";
import { ConfigSourceCache, missingKeyMessage, notFoundMessage, type ConfigKind } from "./config-sources.js";
import { expandVariables } from "./expansion.js";
import { podFieldValue, type PodRuntimeFacts } from "./field-ref.js";
import { objectAt, objectsAt, podIdentity, stringAt } from "./pod-fields.js";
import { resourceFieldValue, type NodeAllocatable } from "./resources.js";

/** envFrom keys left out because they are not valid variable names, by source. */
export interface SkippedKeys {
  kind: ConfigKind;
  namespace: string;
  name: string;
  keys: string[];
}

export type EnvResult = { ok: true; env: EnvVar[]; skipped: SkippedKeys[] } | { ok: false; message: string };

/** Kubernetes' relaxed environment variable names (IsEnvVarName). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * A container's environment as the kubelet builds it (makeEnvironmentVariables): envFrom sources
 * first, in order, later ones overriding; then env entries in order, each `value` expanded with
 * the variables defined before it, valueFrom read from the Pod, its container's resources,
 * ConfigMaps and Secrets. A missing source or key is an error unless the reference is optional
 * (the variable is then left out). envFrom keys that are not valid names are skipped and listed.
 * Messages name objects and keys, never values.
 */
export async function containerEnvironment(
  pod: JsonObject,
  container: JsonObject,
  sources: ConfigSourceCache,
  facts: PodRuntimeFacts,
  node: NodeAllocatable,
): Promise<EnvResult> {
  const { namespace } = podIdentity(pod);
  const env = new Map<string, string>();
  const skipped: SkippedKeys[] = [];
  for (const from of objectsAt(container.envFrom)) {
    const prefix = stringAt(from.prefix) ?? "";
    const ref = from.configMapRef !== undefined ? { kind: "ConfigMap" as const, ref: objectAt(from.configMapRef) } : from.secretRef !== undefined ? { kind: "Secret" as const, ref: objectAt(from.secretRef) } : undefined;
    if (!ref) continue;
    const name = stringAt(ref.ref.name) ?? "";
    const source = await sources.get(ref.kind, namespace, name);
    if (!source) {
      if (ref.ref.optional === true) continue;
      return { ok: false, message: notFoundMessage(ref.kind, name) };
    }
    const invalid: string[] = [];
    for (const [key, bytes] of source.entries) {
      const variable = prefix + key;
      if (ENV_NAME.test(variable)) env.set(variable, bytes.toString("utf8"));
      else invalid.push(variable);
    }
    if (invalid.length > 0) skipped.push({ kind: ref.kind, namespace, name, keys: invalid.sort() });
  }
  for (const entry of objectsAt(container.env)) {
    const name = stringAt(entry.name) ?? "";
    const value = stringAt(entry.value) ?? "";
    if (value !== "" || entry.valueFrom === undefined) {
      env.set(name, expandVariables(value, (n) => env.get(n)));
      continue;
    }
    const from = objectAt(entry.valueFrom);
    const resolved = await valueFrom(pod, container, from, namespace, sources, facts, node);
    if (!resolved.ok) return resolved;
    if (resolved.value !== undefined) env.set(name, resolved.value);
  }
  return { ok: true, env: [...env].map(([n, v]) => ({ name: n, value: v })), skipped };
}

async function valueFrom(
  pod: JsonObject,
  container: JsonObject,
  from: JsonObject,
  namespace: string,
  sources: ConfigSourceCache,
  facts: PodRuntimeFacts,
  node: NodeAllocatable,
): Promise<{ ok: true; value: string | undefined } | { ok: false; message: string }> {
  if (from.fieldRef !== undefined) return podFieldValue(pod, stringAt(objectAt(from.fieldRef).fieldPath) ?? "", facts);
  if (from.resourceFieldRef !== undefined) {
    const ref = objectAt(from.resourceFieldRef);
    const target = stringAt(ref.containerName);
    const owner = target ? [...objectsAt(objectAt(pod.spec).containers), ...objectsAt(objectAt(pod.spec).initContainers)].find((c) => c.name === target) : container;
    if (!owner) return { ok: false, message: `container ${target ?? ""} not found in pod` };
    return resourceFieldValue(owner, ref, node);
  }
  const keyRef = from.configMapKeyRef !== undefined ? { kind: "ConfigMap" as ConfigKind, ref: objectAt(from.configMapKeyRef) } : from.secretKeyRef !== undefined ? { kind: "Secret" as ConfigKind, ref: objectAt(from.secretKeyRef) } : undefined;
  if (!keyRef) return { ok: true, value: undefined };
  const name = stringAt(keyRef.ref.name) ?? "";
  const key = stringAt(keyRef.ref.key) ?? "";
  const optional = keyRef.ref.optional === true;
  const source = await sources.get(keyRef.kind, namespace, name);
  if (!source) return optional ? { ok: true, value: undefined } : { ok: false, message: notFoundMessage(keyRef.kind, name) };
  const bytes = source.entries.get(key);
  if (bytes === undefined) return optional ? { ok: true, value: undefined } : { ok: false, message: missingKeyMessage(keyRef.kind, namespace, name, key) };
  return { ok: true, value: bytes.toString("utf8") };
}
