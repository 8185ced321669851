import type { Reconciler } from "../control/reconciler.js";
import { createDeploymentController } from "./deployment/controller.js";
import { createGarbageCollector } from "./gc/controller.js";
import { createReplicaSetController } from "./replicaset/controller.js";

export { createDeploymentController } from "./deployment/controller.js";
export { createGarbageCollector, GC_KINDS, type GarbageCollectorOptions } from "./gc/controller.js";
export { createReplicaSetController, type ReplicaSetKind } from "./replicaset/controller.js";
export { rolloutStatusMessage, rollbackDeployment, restartDeployment, setDeploymentPaused, deploymentRevisions } from "./deployment/index.js";

/**
 * Every workload controller, as the control plane runs them (the kubelet and the Services'
 * endpoints are added by src/cli/pipeline/control-plane.ts). One line per controller.
 */
export function createWorkloadControllers(): Reconciler[] {
  return [
    createReplicaSetController("ReplicaSet"),
    createReplicaSetController("ReplicationController"),
    createDeploymentController(),
    createGarbageCollector(),
  ];
}
