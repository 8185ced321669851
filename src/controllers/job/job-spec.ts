import { isJsonObject, type JsonObject } from "../../schema/json.js";
import type { LabelSelector } from "../../store/index.js";
import { intField, metadataOf, specOf } from "../shared/pod-facts.js";

/** Labels and annotations the Job controller puts on its pods (batch/v1 well-known names). */
export const JOB_LABELS = {
  controllerUid: "batch.kubernetes.io/controller-uid",
  jobName: "batch.kubernetes.io/job-name",
  legacyControllerUid: "controller-uid",
  legacyJobName: "job-name",
  completionIndex: "batch.kubernetes.io/job-completion-index",
} as const;

/** The finalizer through which the controller counts each finished pod exactly once. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

export type CompletionMode = "NonIndexed" | "Indexed";

export interface PodFailurePolicyRule {
  action: "FailJob" | "Ignore" | "Count" | "FailIndex";
  onExitCodes?: { containerName?: string; operator: "In" | "NotIn"; values: number[] };
  onPodConditions?: { type: string; status: string }[];
}

/** A Job's spec as the controller uses it, with batch/v1 defaults applied. */
export interface JobSpec {
  name: string;
  namespace: string;
  uid: string;
  /** undefined: a work-queue Job (parallelism set, completions not). */
  completions: number | undefined;
  parallelism: number;
  completionMode: CompletionMode;
  backoffLimit: number;
  activeDeadlineSeconds: number | undefined;
  ttlSecondsAfterFinished: number | undefined;
  suspend: boolean;
  restartPolicy: string;
  podFailurePolicy: PodFailurePolicyRule[];
  selector: LabelSelector;
}

/**
 * Reads the spec. Defaulting as the apiserver does (not as seed 002:693 says, INVENTORY D18):
 * both unset ⇒ 1 and 1; parallelism set and completions unset ⇒ a work queue.
 */
export function readJobSpec(job: JsonObject): JobSpec {
  const spec = specOf(job);
  const meta = metadataOf(job);
  const completionsSet = typeof spec.completions === "number";
  const parallelismSet = typeof spec.parallelism === "number";
  const completions = completionsSet ? intField(spec, "completions", 1) : parallelismSet ? undefined : 1;
  const template = isJsonObject(spec.template) ? spec.template : {};
  const podSpec = specOf(template);
  const uid = String(meta.uid ?? "");
  return {
    name: String(meta.name ?? ""),
    namespace: String(meta.namespace ?? "default"),
    uid,
    completions,
    parallelism: parallelismSet ? Math.max(0, intField(spec, "parallelism", 1)) : 1,
    completionMode: spec.completionMode === "Indexed" ? "Indexed" : "NonIndexed",
    backoffLimit: intField(spec, "backoffLimit", 6),
    activeDeadlineSeconds: typeof spec.activeDeadlineSeconds === "number" ? spec.activeDeadlineSeconds : undefined,
    ttlSecondsAfterFinished: typeof spec.ttlSecondsAfterFinished === "number" ? spec.ttlSecondsAfterFinished : undefined,
    suspend: spec.suspend === true,
    restartPolicy: typeof podSpec.restartPolicy === "string" ? podSpec.restartPolicy : "Never",
    podFailurePolicy: readPodFailurePolicy(spec.podFailurePolicy),
    selector: jobSelector(job),
  };
}

/**
 * The apiserver generates `batch.kubernetes.io/controller-uid: <uid>` as the selector unless
 * manualSelector is true. The store does not, so the controller works with the generated one
 * without writing it back (the configuration stays what the user wrote).
 */
export function jobSelector(job: JsonObject): LabelSelector {
  const spec = specOf(job);
  if (spec.manualSelector === true && isJsonObject(spec.selector)) return spec.selector as unknown as LabelSelector;
  return { matchLabels: { [JOB_LABELS.controllerUid]: String(metadataOf(job).uid ?? "") } };
}

function readPodFailurePolicy(value: unknown): PodFailurePolicyRule[] {
  if (!isJsonObject(value) || !Array.isArray(value.rules)) return [];
  const rules: PodFailurePolicyRule[] = [];
  for (const r of value.rules.filter(isJsonObject)) {
    const action = r.action;
    if (action !== "FailJob" && action !== "Ignore" && action !== "Count" && action !== "FailIndex") continue;
    const rule: PodFailurePolicyRule = { action };
    if (isJsonObject(r.onExitCodes)) {
      const e = r.onExitCodes;
      rule.onExitCodes = {
        containerName: typeof e.containerName === "string" ? e.containerName : undefined,
        operator: e.operator === "NotIn" ? "NotIn" : "In",
        values: Array.isArray(e.values) ? e.values.filter((v): v is number => typeof v === "number") : [],
      };
    }
    if (Array.isArray(r.onPodConditions)) {
      rule.onPodConditions = r.onPodConditions.filter(isJsonObject).map((c) => ({ type: String(c.type ?? ""), status: String(c.status ?? "True") }));
    }
    rules.push(rule);
  }
  return rules;
}
