import type { JsonObject } from "../schema/json.js";
import type { ApplyOutcome, ApplyRecord, ApplyStart } from "./apply-history.js";
import type { EventInput } from "./events.js";
import type { LockHeldError } from "./errors.js";
import type { LockHolder, LockInfo } from "./lock.js";
import type { DeletionPropagation, ManagedBy } from "./object-lifecycle.js";
import type { ObjectRef } from "./object-ref.js";
import type { LabelSelector } from "./selector.js";

/**
 * The object store: the API server analog that plans, applies, controllers and views share.
 *
 * Objects are plain Kubernetes objects (JSON), keyed by (API group, kind, namespace, name), each
 * with metadata.uid, metadata.resourceVersion (a store-wide counter, as etcd's revision: every
 * write takes the next value), metadata.generation and metadata.creationTimestamp. Writes are
 * compare-and-swap on resourceVersion. Failures are thrown as StoreError (./errors.ts) so that
 * a transaction rolls back.
 *
 * The interface is asynchronous so that a server database (PostgreSQL) can implement it; the
 * SQLite implementation is in ./sqlite/. No SQL appears outside the implementation.
 */
export interface ObjectStore {
  get(ref: ObjectRef): Promise<JsonObject | undefined>;
  getByUid(uid: string): Promise<JsonObject | undefined>;
  list(query?: ListQuery): Promise<ObjectList>;

  /**
   * Creates an object; fails with AlreadyExists when (group, kind, namespace, name) is taken.
   * metadata.generateName is honoured when metadata.name is absent. status is dropped: it is
   * written through updateStatus only.
   */
  create(object: JsonObject, options: CreateOptions): Promise<JsonObject>;
  /**
   * Replaces metadata and body (spec, data, ...) of the object. metadata.resourceVersion is
   * required and must be the stored one (else Conflict, naming both versions). Status and the
   * store's metadata are kept; generation moves when the body changed. A write that changes
   * nothing keeps the stored resourceVersion. Removing the last finalizer of an object being
   * deleted removes it.
   */
  update(object: JsonObject, options?: UpdateOptions): Promise<JsonObject>;
  /** Replaces status only (the status subresource); compare-and-swap as update; generation never moves. */
  updateStatus(object: JsonObject): Promise<JsonObject>;
  /**
   * Deletes an object: removed at once when it has no finalizers, otherwise marked with
   * metadata.deletionTimestamp and removed when the last finalizer goes (see update).
   */
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<DeleteResult>;

  /** Records an event, or counts a repeat of an identical one (count, lastTimestamp). */
  recordEvent(event: EventInput): Promise<JsonObject>;
  listEvents(query?: EventQuery): Promise<ObjectList>;
  /** Removes events last seen before the time (the apiserver keeps events for an hour). */
  deleteEventsBefore(time: Date): Promise<number>;

  /** The watch analog: object changes after a resourceVersion, oldest first. */
  changes(query: ChangeQuery): Promise<ChangeBatch>;
  /** The store's current resourceVersion (the last one handed out). */
  currentResourceVersion(): Promise<string>;

  /** Starts an entry in the apply history (outcome `running`). */
  beginApply(start: ApplyStart): Promise<ApplyRecord>;
  finishApply(id: number, outcome: Exclude<ApplyOutcome, "running">, message?: string): Promise<ApplyRecord>;
  getApply(id: number): Promise<ApplyRecord | undefined>;
  /** Newest first. */
  listApplies(options?: { limit?: number }): Promise<ApplyRecord[]>;
}

export interface Store extends ObjectStore {
  /** Where the store lives, for messages (`.mk/state.db`). */
  readonly location: string;

  /**
   * Runs fn atomically: every write made through `tx` (or through this store while fn runs)
   * commits together or not at all; a throw rolls back and is rethrown. Other processes' writes
   * wait until it ends, so keep it short (no runtime calls inside). A transaction started inside
   * another joins it.
   */
  transaction<T>(fn: (tx: ObjectStore) => Promise<T>): Promise<T>;

  /**
   * Takes a named lock (Terraform's state lock). When another holder has it, fails at once with a
   * LockHeldError naming the holder and since when, or keeps trying up to timeoutMs. A lock whose
   * holder process is gone from this host is stale: reported as such, never taken over.
   */
  acquireLock(request: LockRequest): Promise<HeldLock>;
  getLock(name: string): Promise<LockInfo | undefined>;
  /** Every lock held now, by name. */
  listLocks(): Promise<LockInfo[]>;
  /** Removes the lock with this ID whoever holds it (`mk force-unlock`); LockNotFound otherwise. */
  forceUnlock(id: string): Promise<LockInfo>;

  /** Forgets changes up to and including resourceVersion; a later `changes` from before it fails with Gone. */
  compactChanges(upTo: string): Promise<void>;

  close(): Promise<void>;
}

export interface CreateOptions {
  managedBy: ManagedBy;
}

export interface UpdateOptions {
  /** Changes who manages the object (adoption into or release from the configuration). */
  managedBy?: ManagedBy;
}

export interface DeleteOptions {
  /** Delete only if the stored object still has this uid / resourceVersion (else Conflict). */
  preconditions?: { uid?: string; resourceVersion?: string };
  /** What the garbage collector does with dependents; recorded as finalizers. */
  propagationPolicy?: DeletionPropagation;
  /**
   * Recorded as metadata.deletionGracePeriodSeconds (`kubectl delete --grace-period`); default:
   * a Pod's spec.terminationGracePeriodSeconds (30 when unset), 0 for other kinds.
   */
  gracePeriodSeconds?: number;
}

export interface DeleteResult {
  /** The object as removed, or as it stays while finalizers remain. */
  object: JsonObject;
  /** true when the object is gone; false when it waits for finalizers. */
  removed: boolean;
}

export interface ListQuery {
  /** Restricts to one kind; the group is taken from apiVersion (`apps/v1` → apps). */
  apiVersion?: string;
  kind?: string;
  /** "" lists cluster-scoped objects only; absent lists all namespaces. */
  namespace?: string;
  labelSelector?: LabelSelector;
  /** Objects with an ownerReference to this uid (controller ones only with controllerOnly). */
  ownerUid?: string;
  controllerOnly?: boolean;
  managedBy?: ManagedBy;
}

export interface ObjectList {
  /** Sorted by group, kind, namespace, name (events: by resourceVersion). */
  items: JsonObject[];
  /** The store's resourceVersion when the list was read: watch from here. */
  resourceVersion: string;
}

export interface EventQuery {
  namespace?: string;
  /** Events about the object with this uid. */
  involvedUid?: string;
  /** Only events created or repeated after this resourceVersion (the UI polls with it). */
  sinceResourceVersion?: string;
  limit?: number;
}

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

export interface Change {
  type: ChangeType;
  resourceVersion: string;
  /** The object after the change (for DELETED: as it was removed). */
  object: JsonObject;
}

export interface ChangeQuery {
  /** Changes after this resourceVersion ("0": from the start). */
  sinceResourceVersion: string;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  /** At most this many changes (default 500); `more` says whether to poll again at once. */
  limit?: number;
}

export interface ChangeBatch {
  changes: Change[];
  /** Where to continue: the last change returned, or the store's current version when caught up. */
  resourceVersion: string;
  more: boolean;
}

export interface LockRequest {
  /** Default `apply`. */
  name?: string;
  holder: LockHolder;
  /** How long to keep trying while a live holder has it (`--lock-timeout`); 0 fails at once. */
  timeoutMs?: number;
  /** Called after each failed attempt while waiting (to print "waiting for the lock held by ..."). */
  onWait?: (held: LockHeldError) => void | Promise<void>;
}

export interface HeldLock {
  readonly info: LockInfo;
  /** Releases the lock; false when it was not held any more (someone force-unlocked it). */
  release(): Promise<boolean>;
}
