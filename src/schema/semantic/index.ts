import type { ValidationIssue } from "../issue.js";
import type { JsonObject } from "../json.js";
import { checkConfigMap } from "./configmap.js";
import { checkControllerRevision, checkNode } from "./cluster-objects.js";
import { checkCronJob } from "./cronjob.js";
import { checkDaemonSet } from "./daemonset.js";
import { checkDeployment } from "./deployment.js";
import { checkHorizontalPodAutoscaler } from "./hpa.js";
import { IssueList } from "./issue-list.js";
import { checkJob } from "./job.js";
import { stringField } from "./json-access.js";
import { checkObjectMeta } from "./metadata.js";
import { checkPod } from "./pod.js";
import { checkPersistentVolumeClaim } from "./pvc.js";
import { checkReplicaSet, checkReplicationController } from "./replicaset.js";
import { checkSecret } from "./secret.js";
import { checkService } from "./service.js";
import { checkStatefulSet } from "./statefulset.js";

export { findDuplicateObjects, type DuplicateObject } from "./duplicates.js";
export { SemanticCode } from "./codes.js";

type KindRule = (object: JsonObject, issues: IssueList) => void;

const rulesByKind: Record<string, KindRule> = {
  Pod: checkPod,
  ReplicationController: checkReplicationController,
  ReplicaSet: checkReplicaSet,
  Deployment: checkDeployment,
  StatefulSet: checkStatefulSet,
  DaemonSet: checkDaemonSet,
  Job: checkJob,
  CronJob: checkCronJob,
  Service: checkService,
  ConfigMap: checkConfigMap,
  Secret: checkSecret,
  PersistentVolumeClaim: checkPersistentVolumeClaim,
  HorizontalPodAutoscaler: checkHorizontalPodAutoscaler,
  ControllerRevision: checkControllerRevision,
  Node: checkNode,
  // Namespace: nothing beyond its metadata (a DNS-1123 label name).
};

/**
 * The apiserver's semantic rules for one object, i.e. what a JSON Schema cannot say. Meant to run
 * after schema validation passed and on the defaulted object (as the apiserver validates after
 * defaulting); it also copes with partial and undefaulted objects, treating absent fields as their
 * defaults, and never throws.
 */
export function validateSemantics(object: JsonObject): ValidationIssue[] {
  const issues = new IssueList();
  const kind = stringField(object, "kind") ?? "";
  if (kind === "") return issues.issues;
  checkObjectMeta(object, kind, issues);
  rulesByKind[kind]?.(object, issues);
  return issues.issues;
}
