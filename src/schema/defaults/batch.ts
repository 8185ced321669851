import type { JsonObject } from "../json.js";
import { childObject, childObjects, ensureObject, isUnset, setDefault } from "./mutate.js";
import { defaultPodTemplate } from "./pod-spec.js";

const maxInt32 = 2147483647;

/**
 * batch/v1 Job (SetDefaults_Job). What mk deliberately leaves out: the selector and the
 * `controller-uid` / `batch.kubernetes.io/controller-uid` / `job-name` labels the apiserver adds
 * when it creates the Job. They derive from the uid the server assigns, so they cannot be known
 * when a configuration is compiled; the store adds them on creation and the planner treats them
 * as server-set, so plans show no noise for them.
 */
export function defaultJob(job: JsonObject): void {
  const spec = ensureObject(job, "spec");
  if (!spec) return;
  // Both unset: a single Pod to completion. Only parallelism set: a work queue (completions stays unset).
  if (isUnset(spec.completions) && isUnset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, "parallelism", 1);
  setDefault(spec, "backoffLimit", isUnset(spec.backoffLimitPerIndex) ? 6 : maxInt32);
  const template = childObject(spec, "template");
  const templateLabels = childObject(childObject(template, "metadata"), "labels");
  if (templateLabels) {
    const metadata = ensureObject(job, "metadata");
    const labels = metadata?.labels;
    if (metadata && (isUnset(labels) || (typeof labels === "object" && !Array.isArray(labels) && Object.keys(labels as JsonObject).length === 0))) {
      metadata.labels = structuredClone(templateLabels);
    }
  }
  setDefault(spec, "completionMode", "NonIndexed");
  setDefault(spec, "suspend", false);
  defaultPodFailurePolicy(childObject(spec, "podFailurePolicy"));
  setDefault(spec, "podReplacementPolicy", isUnset(spec.podFailurePolicy) ? "TerminatingOrFailed" : "Failed");
  setDefault(spec, "manualSelector", false);
  defaultPodTemplate(template, { restartPolicy: false });
}

function defaultPodFailurePolicy(policy: JsonObject | undefined): void {
  for (const rule of childObjects(policy, "rules")) {
    for (const pattern of childObjects(rule, "onPodConditions")) setDefault(pattern, "status", "True");
  }
}

/**
 * batch/v1 CronJob (SetDefaults_CronJob). The jobTemplate gets only the pod and failure-policy
 * defaults, not the Job's own (backoffLimit etc.): those are applied when each Job is created.
 */
export function defaultCronJob(cronJob: JsonObject): void {
  const spec = ensureObject(cronJob, "spec");
  if (!spec) return;
  setDefault(spec, "concurrencyPolicy", "Allow");
  setDefault(spec, "suspend", false);
  setDefault(spec, "successfulJobsHistoryLimit", 3);
  setDefault(spec, "failedJobsHistoryLimit", 1);
  const jobSpec = childObject(childObject(spec, "jobTemplate"), "spec");
  defaultPodFailurePolicy(childObject(jobSpec, "podFailurePolicy"));
  defaultPodTemplate(childObject(jobSpec, "template"), { restartPolicy: false });
}
