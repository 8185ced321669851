import type { ConsequenceInput } from "./consequence-input.js";
import { autoscalerConsequences, claimConsequences, configConsequences, namespaceConsequences, serviceConsequences } from "./other-kinds.js";
import { cronJobConsequences, daemonSetConsequences, deploymentConsequences, jobConsequences, podConsequences, replicaSetConsequences, statefulSetConsequences } from "./workloads.js";

export type { ConsequenceInput } from "./consequence-input.js";
export { WorkloadRefs } from "./workload-refs.js";

type Rule = (input: ConsequenceInput, out: string[]) => void;

const rules: Record<string, Rule> = {
  Deployment: deploymentConsequences,
  ReplicaSet: replicaSetConsequences,
  ReplicationController: replicaSetConsequences,
  StatefulSet: statefulSetConsequences,
  DaemonSet: daemonSetConsequences,
  Job: jobConsequences,
  CronJob: cronJobConsequences,
  Pod: podConsequences,
  ConfigMap: configConsequences,
  Secret: configConsequences,
  Service: serviceConsequences,
  PersistentVolumeClaim: claimConsequences,
  Namespace: namespaceConsequences,
  HorizontalPodAutoscaler: autoscalerConsequences,
};

/**
 * What a change sets in motion beyond its fields, one sentence each: "starts a rolling update:
 * 3 pods, maxSurge 1, maxUnavailable 0 (...)", "scales from 3 to 5 pods", "mounted by
 * Deployment/web: ...". Empty for no-ops and for kinds without rules.
 */
export function consequencesOf(input: ConsequenceInput): string[] {
  if (input.action === "no-op") return [];
  const out: string[] = [];
  if (Object.hasOwn(rules, input.ref.kind)) rules[input.ref.kind](input, out);
  return out;
}
