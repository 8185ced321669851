import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { podFitsNode, REASON_AFFINITY, tolerates } from "../../kubelet/scheduling.js";
import { specOf } from "../shared/pod-facts.js";

/**
 * Whether a DaemonSet's pod belongs on a node (NodeShouldRunDaemonPod): the template's
 * nodeSelector and required node affinity must match the node, and every NoSchedule/NoExecute
 * taint must be tolerated. An untolerated NoSchedule taint keeps new pods off but lets running
 * ones stay; NoExecute evicts them too.
 */
export interface NodeFit {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/** The tolerations the DaemonSet controller adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export const DAEMON_TOLERATIONS: JsonObject[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

export function nodeFit(template: JsonObject, node: JsonObject): NodeFit {
  const podSpec = specOf(template);
  const tolerations = [...(Array.isArray(podSpec.tolerations) ? podSpec.tolerations.filter(isJsonObject) : []), ...DAEMON_TOLERATIONS];
  // The scheduler's own filters decide where the pod may start (the kubelet binds with the same ones).
  const fit = podFitsNode({ spec: { ...podSpec, tolerations } }, node);
  if (!fit.fits && fit.reasons.includes(REASON_AFFINITY)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = Array.isArray(specOf(node).taints) ? (specOf(node).taints as JsonObject[]).filter(isJsonObject) : [];
  const evicted = taints.some((taint) => taint.effect === "NoExecute" && !tolerations.some((t) => tolerates(t, taint)));
  return { shouldRun: fit.fits, shouldContinueRunning: !evicted };
}
