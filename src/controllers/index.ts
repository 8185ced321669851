import type { Reconciler } from "../control/reconciler.js";
import { createDeploymentController } from "./deployment/controller.js";
import { createGarbageCollector } from "./gc/controller.js";
import { createReplicaSetController } from "./replicaset/controller.js";
import { createJobController } from "./job/controller.js";
import { createCronJobController } from "./cronjob/controller.js";
import { createStatefulSetController } from "./statefulset/controller.js";
import { createDaemonSetController } from "./daemonset/controller.js";
import { createHpaController, type PodMetricsSource } from "./hpa/controller.js";

export { createDeploymentController } from "./deployment/controller.js";
export { createGarbageCollector, GC_KINDS, type GarbageCollectorOptions } from "./gc/controller.js";
export { createReplicaSetController, type ReplicaSetKind } from "./replicaset/controller.js";
export { createJobController } from "./job/controller.js";
export { createCronJobController } from "./cronjob/controller.js";
export { createStatefulSetController } from "./statefulset/controller.js";
export { createDaemonSetController } from "./daemonset/controller.js";
export { createHpaController, type PodMetricsSource } from "./hpa/controller.js";
export { rolloutStatusMessage, rollbackDeployment, restartDeployment, setDeploymentPaused, deploymentRevisions } from "./deployment/index.js";

/**
 * Every workload controller, as the control plane runs them (the kubelet and the Services'
 * endpoints are added by src/cli/pipeline/control-plane.ts). One line per controller.
 */
export function createWorkloadControllers(options: { metrics?: PodMetricsSource } = {}): Reconciler[] {
  return [
    createReplicaSetController("ReplicaSet"),
    createReplicaSetController("ReplicationController"),
    createDeploymentController(),
    createGarbageCollector(),
    createJobController(),
    createCronJobController(),
    createStatefulSetController(),
    createDaemonSetController(),
    ...(options.metrics ? [createHpaController({ metrics: options.metrics })] : []),
  ];
}
