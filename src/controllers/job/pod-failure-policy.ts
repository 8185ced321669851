import type { JsonObject } from "../../schema/json.js";
import type { PodFailurePolicyRule } from "./job-spec.js";
import { metadataOf, nameOf, podCondition, terminatedContainers } from "../shared/pod-facts.js";

export interface PodFailurePolicyMatch {
  action: PodFailurePolicyRule["action"];
  /** The Job condition message Kubernetes writes for FailJob. */
  message: string;
}

/**
 * The first rule that matches a failed pod (rules are evaluated in order), as the Job
 * controller's matchPodFailurePolicy does. Exit code 0 never matches.
 */
export function matchPodFailurePolicy(rules: readonly PodFailurePolicyRule[], pod: JsonObject): PodFailurePolicyMatch | undefined {
  const podName = `${String(metadataOf(pod).namespace ?? "default")}/${nameOf(pod)}`;
  for (const [index, rule] of rules.entries()) {
    if (rule.onExitCodes) {
      const req = rule.onExitCodes;
      for (const c of terminatedContainers(pod)) {
        if (c.exitCode === 0) continue;
        if (req.containerName !== undefined && req.containerName !== c.name) continue;
        const listed = req.values.includes(c.exitCode);
        if (req.operator === "In" ? listed : !listed) {
          return { action: rule.action, message: `Container ${c.name} for pod ${podName} failed with exit code ${c.exitCode} matching ${rule.action} rule at index ${index}` };
        }
      }
    }
    for (const want of rule.onPodConditions ?? []) {
      const cond = podCondition(pod, want.type);
      if (cond && String(cond.status) === want.status) {
        return { action: rule.action, message: `Pod ${podName} has condition ${want.type} matching ${rule.action} rule at index ${index}` };
      }
    }
  }
  return undefined;
}
