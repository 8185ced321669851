export { createStatefulSetController, STATEFULSET_CONTROLLER } from "./controller.js";
export { decideStatefulSet, readStatefulSetSpec, maxUnavailableOf, statefulSetStatus, type StatefulSetDecision, type StatefulSetInput, type StatefulSetSpec, type RevisionRef } from "./decide.js";
export { podForOrdinal, claimsFor, claimName, podName, ordinalOf, podRevision, POD_NAME_LABEL, POD_INDEX_LABEL } from "./identity.js";
export { planRevisions, revisionData, revisionTemplate, revisionsToPrune, POD_REVISION_LABEL, REVISION_HASH_LABEL, type RevisionPlan } from "./revisions.js";
export { claimWithRetentionOwners, retentionPolicy, type RetentionPolicy } from "./retention.js";
export { chooseRollbackRevision, historyRows, planRevisionRollback, rollbackMessage, rolloutObjectName, revisionsByNumber, CHANGE_CAUSE, type HistoryRow, type RevisionChoice, type RollbackPlan } from "./rollback.js";
export { controllerRevisionHistory, rollbackToControllerRevision, type RevisionHistory, type RevisionOwnerKind, type RevisionOwnerRef, type RevisionRollbackResult } from "./history.js";
