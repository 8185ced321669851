import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { controllerReference } from "./owner-reference.js";

/**
 * controller.GetPodFromTemplate: a Pod from a workload's template, named `<owner>-` plus five
 * random characters (the store's generateName), with the template's labels, annotations and
 * finalizers, and a controller reference to its owner.
 */
export function podFromTemplate(template: JsonObject, owner: JsonObject, extraLabels: Record<string, string> = {}): JsonObject {
  const ownerMeta = owner.metadata as JsonObject;
  const meta = isJsonObject(template.metadata) ? template.metadata : {};
  const labels = { ...(isJsonObject(meta.labels) ? meta.labels : {}), ...extraLabels };
  const metadata: JsonObject = {
    generateName: `${String(ownerMeta.name)}-`,
    labels,
    ownerReferences: [controllerReference(owner)],
  };
  if (typeof ownerMeta.namespace === "string" && ownerMeta.namespace !== "") metadata.namespace = ownerMeta.namespace;
  if (isJsonObject(meta.annotations)) metadata.annotations = meta.annotations;
  if (Array.isArray(meta.finalizers)) metadata.finalizers = meta.finalizers;
  const spec = isJsonObject(template.spec) ? template.spec : {};
  return { apiVersion: "v1", kind: "Pod", metadata, spec };
}
