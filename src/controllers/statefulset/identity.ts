import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { controllerReference } from "../shared/owner-reference.js";
import { metadataOf, nameOf, specOf } from "../shared/pod-facts.js";
import { POD_REVISION_LABEL } from "./revisions.js";

/** The StatefulSet's stable identity: names, labels, hostname and claims of the pod at an ordinal. */
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

export function podName(setName: string, ordinal: number): string {
  return `${setName}-${ordinal}`;
}

/** The ordinal of a pod named `<set>-<n>`, or undefined for a name that is not one of the set's. */
export function ordinalOf(setName: string, pod: JsonObject): number | undefined {
  const name = nameOf(pod);
  const prefix = `${setName}-`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

/** `<template>-<set>-<ordinal>`: the PersistentVolumeClaim of a volumeClaimTemplate for a pod. */
export function claimName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

export function claimTemplates(set: JsonObject): JsonObject[] {
  const t = specOf(set).volumeClaimTemplates;
  return Array.isArray(t) ? t.filter(isJsonObject) : [];
}

/** The set's PVCs for one ordinal, as getPersistentVolumeClaims builds them (labels: template's and the selector's). */
export function claimsFor(set: JsonObject, ordinal: number, selectorLabels: Record<string, string>): JsonObject[] {
  const setName = nameOf(set);
  const namespace = String(metadataOf(set).namespace ?? "default");
  return claimTemplates(set).map((t) => {
    const tmeta = metadataOf(t);
    const labels = { ...(isJsonObject(tmeta.labels) ? tmeta.labels : {}), ...selectorLabels };
    const metadata: JsonObject = { name: claimName(String(tmeta.name), setName, ordinal), namespace, labels };
    if (isJsonObject(tmeta.annotations)) metadata.annotations = tmeta.annotations;
    return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata, spec: structuredClone(specOf(t)) };
  });
}

/**
 * newVersionedStatefulSetPod: the pod at `ordinal` from a revision's template, with its identity
 * (name, hostname = name, subdomain = serviceName, the pod-name and pod-index labels, the
 * revision label) and each claim template mounted as its PVC in place of a same-named volume.
 */
export function podForOrdinal(set: JsonObject, template: JsonObject, revisionName: string, ordinal: number): JsonObject {
  const setName = nameOf(set);
  const name = podName(setName, ordinal);
  const tmeta = metadataOf(template);
  const spec: JsonObject = structuredClone(specOf(template));
  spec.hostname = name;
  const serviceName = specOf(set).serviceName;
  if (typeof serviceName === "string" && serviceName !== "") spec.subdomain = serviceName;
  const claims = claimTemplates(set).map((t) => String(metadataOf(t).name));
  if (claims.length > 0) {
    const volumes = Array.isArray(spec.volumes) ? spec.volumes.filter((v) => !(isJsonObject(v) && claims.includes(String(v.name)))) : [];
    for (const c of claims) volumes.push({ name: c, persistentVolumeClaim: { claimName: claimName(c, setName, ordinal) } });
    spec.volumes = volumes;
  }
  const metadata: JsonObject = {
    name,
    namespace: String(metadataOf(set).namespace ?? "default"),
    labels: {
      ...(isJsonObject(tmeta.labels) ? tmeta.labels : {}),
      [POD_NAME_LABEL]: name,
      [POD_INDEX_LABEL]: String(ordinal),
      [POD_REVISION_LABEL]: revisionName,
    },
    ownerReferences: [controllerReference(set)],
  };
  if (isJsonObject(tmeta.annotations)) metadata.annotations = tmeta.annotations;
  return { apiVersion: "v1", kind: "Pod", metadata, spec };
}

export function podRevision(pod: JsonObject): string | undefined {
  const labels = metadataOf(pod).labels;
  const v = isJsonObject(labels) ? labels[POD_REVISION_LABEL] : undefined;
  return typeof v === "string" ? v : undefined;
}
