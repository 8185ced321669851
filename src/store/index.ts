/** The object store's public surface: what the planner, the controllers and the CLI import. */
export type { ObjectStore, Store, ListQuery, ObjectList, CreateOptions, UpdateOptions, DeleteOptions, DeleteResult } from "./store.js";
export type { EventQuery, ChangeQuery, ChangeBatch, Change, ChangeType, LockRequest, HeldLock } from "./store.js";
export { openStore, type OpenStoreOptions } from "./open.js";
export { resolveStatePath, STATE_DIRECTORY, STATE_FILE } from "./location.js";
export { StoreError, ConflictError, LockHeldError, isStoreError, isConflict, isNotFound, type StoreErrorReason } from "./errors.js";
export { storeErrorDiagnostic, STORE_ERROR_CODES } from "./diagnostic.js";
export { systemClock, formatTimestamp, formatRfc1123z, type Clock } from "./clock.js";
export { currentActor, isProcessAlive, type Actor } from "./identity.js";
export { APPLY_LOCK, describeLock, summarizeLock, explainLiveness, holderLiveness, type LockHolder, type LockInfo, type HolderLiveness } from "./lock.js";
export type { ApplyRecord, ApplyOutcome, ApplyStart, PlanSummary } from "./apply-history.js";
export type { EventInput, EventType, InvolvedObject } from "./events.js";
export { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type DeletionPropagation, type ManagedBy } from "./object-lifecycle.js";
export { groupOf, keyOf, refOf, describeKey, type ObjectKey, type ObjectRef } from "./object-ref.js";
export { selectorMatches, selectorProblem, type LabelSelector, type LabelSelectorRequirement } from "./selector.js";
