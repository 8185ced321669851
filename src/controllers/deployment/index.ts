/** The Deployment controller and the rollout operations `mk rollout` uses. */
export { createDeploymentController, syncDeployment } from "./controller.js";
export { rolloutStatusMessage, type RolloutStatus } from "./rollout-status.js";
export { rollbackDeployment, restartDeployment, setDeploymentPaused, deploymentRevisions, type RollbackResult } from "./rollback.js";
export { resolveFenceposts, scaledValue, maxSurge, maxUnavailable } from "./fenceposts.js";
export { newRSNewReplicas, reconcileNewReplicaSet, reconcileOldReplicaSets, type ScaleStep } from "./rolling.js";
export { proportionalScale, isScalingEvent, findActiveOrLatest, isSaturated } from "./proportional.js";
export { calculateStatus, rolloutStatus, deploymentComplete, deploymentProgressing, deploymentTimedOut } from "./status.js";
export { POD_TEMPLATE_HASH, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, CHANGE_CAUSE, RESTARTED_AT } from "./replica-sets.js";
