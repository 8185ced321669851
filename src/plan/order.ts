import type { ObjectRef } from "../store/index.js";
import type { ObjectChange } from "./model.js";

/**
 * The order of a plan, which is also the order of its apply: what others depend on first
 * (Namespaces, then the ConfigMaps, Secrets and claims pods mount, then Services, then workloads,
 * then autoscalers that target them), and deletions after everything else in the reverse order
 * (autoscalers first, Namespaces last), as Terraform destroys dependents before their dependencies.
 */
const RANK: Record<string, number> = {
  Namespace: 0,
  ServiceAccount: 1,
  ConfigMap: 1,
  Secret: 1,
  PersistentVolumeClaim: 1,
  Service: 2,
  Pod: 3,
  ReplicationController: 3,
  ReplicaSet: 3,
  Deployment: 3,
  StatefulSet: 3,
  DaemonSet: 3,
  Job: 3,
  CronJob: 3,
  HorizontalPodAutoscaler: 4,
};

/** Kinds mk does not know sit with the workloads. */
const UNKNOWN_RANK = 3;

export function kindRank(kind: string): number {
  return Object.hasOwn(RANK, kind) ? RANK[kind] : UNKNOWN_RANK;
}

/** Dependency order of two objects: by kind rank, then namespace, kind, name and apiVersion. */
export function compareRefs(a: Required<ObjectRef>, b: Required<ObjectRef>): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.apiVersion, b.apiVersion)
  );
}

function compareDependencyOrder(a: ObjectChange, b: ObjectChange): number {
  return compareRefs(a.ref, b.ref);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Creates, updates, replacements and no-ops in dependency order, then deletions in reverse. */
export function orderChanges(changes: readonly ObjectChange[]): ObjectChange[] {
  const writes = changes.filter((c) => c.action !== "delete").sort(compareDependencyOrder);
  const deletes = changes.filter((c) => c.action === "delete").sort((a, b) => compareDependencyOrder(b, a));
  return [...writes, ...deletes];
}
