import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { JOB_LABELS, JOB_TRACKING_FINALIZER, type JobSpec } from "./job-spec.js";
import { controllerRef, specOf } from "../shared/pod-facts.js";

/**
 * A new pod of the Job: the template with the Job's labels, the controller ownerReference and
 * the tracking finalizer. Indexed pods also carry their completion index (annotation, label,
 * hostname `<job>-<index>` and JOB_COMPLETION_INDEX; Kubernetes fills the variable from the
 * annotation through the downward API, we write the same value directly).
 */
export function newJobPod(job: JsonObject, spec: JobSpec, index?: number): JsonObject {
  const template = isJsonObject(specOf(job).template) ? (structuredClone(specOf(job).template) as JsonObject) : {};
  const tmeta = isJsonObject(template.metadata) ? template.metadata : {};
  const labels: JsonObject = {
    ...(isJsonObject(tmeta.labels) ? tmeta.labels : {}),
    [JOB_LABELS.controllerUid]: spec.uid,
    [JOB_LABELS.jobName]: spec.name,
    [JOB_LABELS.legacyControllerUid]: spec.uid,
    [JOB_LABELS.legacyJobName]: spec.name,
  };
  const annotations: JsonObject = { ...(isJsonObject(tmeta.annotations) ? tmeta.annotations : {}) };
  const podSpec: JsonObject = isJsonObject(template.spec) ? template.spec : {};
  if (index !== undefined) {
    annotations[JOB_LABELS.completionIndex] = String(index);
    labels[JOB_LABELS.completionIndex] = String(index);
    if (typeof podSpec.hostname !== "string") podSpec.hostname = `${spec.name}-${index}`;
    for (const field of ["initContainers", "containers"]) {
      const list = podSpec[field];
      if (!Array.isArray(list)) continue;
      for (const c of list.filter(isJsonObject)) {
        const env = Array.isArray(c.env) ? c.env.filter((e) => !(isJsonObject(e) && e.name === "JOB_COMPLETION_INDEX")) : [];
        env.push({ name: "JOB_COMPLETION_INDEX", value: String(index) });
        c.env = env;
      }
    }
  }
  const metadata: JsonObject = {
    generateName: index === undefined ? `${spec.name}-` : `${spec.name}-${index}-`,
    namespace: spec.namespace,
    labels,
    ownerReferences: [controllerRef(job)],
    finalizers: [JOB_TRACKING_FINALIZER],
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: "v1", kind: "Pod", metadata, spec: podSpec };
}
