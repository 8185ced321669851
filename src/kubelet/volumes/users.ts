import type { JsonObject } from "../../schema/json.js";
import type { ObjectRef } from "../../store/index.js";
import { objectAt, objectsAt, podIdentity, podSpecOf, stringAt } from "../pod-spec/pod-fields.js";

export type ReferencedKind = "ConfigMap" | "Secret" | "PersistentVolumeClaim";

/**
 * The Pods among `pods` that use `kind namespace/name`: through volumes (configMap, secret,
 * projected sources, persistentVolumeClaim) or, for ConfigMaps and Secrets, through env
 * valueFrom and envFrom of any container. What the kubelet watches to refresh volumes and
 * retry CreateContainerConfigError; what the PVC protection waits on.
 */
export function podsUsingObject(kind: ReferencedKind, namespace: string, name: string, pods: readonly JsonObject[]): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const pod of pods) {
    const id = podIdentity(pod);
    if (id.namespace !== namespace) continue;
    if (referencedNames(pod, kind).has(name)) out.push({ apiVersion: "v1", kind: "Pod", namespace: id.namespace, name: id.name });
  }
  return out;
}

/** The names of every `kind` object `pod` refers to. */
export function referencedNames(pod: JsonObject, kind: ReferencedKind): Set<string> {
  const names = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string" && value !== "") names.add(value);
  };
  const spec = podSpecOf(pod);
  for (const volume of objectsAt(spec.volumes)) {
    if (kind === "ConfigMap") add(objectAt(volume.configMap).name);
    if (kind === "Secret") add(objectAt(volume.secret).secretName);
    if (kind === "PersistentVolumeClaim") add(objectAt(volume.persistentVolumeClaim).claimName);
    for (const source of objectsAt(objectAt(volume.projected).sources)) {
      if (kind === "ConfigMap") add(objectAt(source.configMap).name);
      if (kind === "Secret") add(objectAt(source.secret).name);
    }
  }
  if (kind === "PersistentVolumeClaim") return names;
  for (const container of [...objectsAt(spec.initContainers), ...objectsAt(spec.containers), ...objectsAt(spec.ephemeralContainers)]) {
    for (const from of objectsAt(container.envFrom)) add(objectAt(kind === "ConfigMap" ? from.configMapRef : from.secretRef).name);
    for (const env of objectsAt(container.env)) {
      const valueFrom = objectAt(env.valueFrom);
      add(stringAt(objectAt(kind === "ConfigMap" ? valueFrom.configMapKeyRef : valueFrom.secretKeyRef).name));
    }
  }
  return names;
}
