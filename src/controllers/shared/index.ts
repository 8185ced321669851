/** Helpers every workload controller shares: pod status, ownership, naming, creation batches. */
export { isPodReady, isPodAvailable, isPodActive, activePods, podPhase, podReadySince, msUntilAvailable, isBeingDeleted, maxContainerRestarts } from "./pod-status.js";
export { controllerReference, controllerUid, ownerReferencesList, withControllerReference, withoutOwnerReference } from "./owner-reference.js";
export { decideClaims, claimObjects, namespaceOf, type ClaimDecision } from "./adoption.js";
export { computePodTemplateHash, fnv32a, safeEncodeString } from "./template-hash.js";
export { slowStartBatch, slowStartBatchSizes, SLOW_START_INITIAL_BATCH_SIZE, type SlowStartResult } from "./slow-start.js";
export { compareForDeletion, podsToDelete, POD_DELETION_COST } from "./deletion-order.js";
export { workloadSelector, isEmptySelector } from "./selector.js";
export { podFromTemplate } from "./pod-template.js";
export { labelsOfObject, annotationsOf } from "./labels.js";
export { controllerOwnerKey } from "./owner-keys.js";
