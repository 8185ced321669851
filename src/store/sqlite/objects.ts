import type { JsonObject } from "../../schema/json.js";
import { formatTimestamp } from "../clock.js";
import { ConflictError, StoreError } from "../errors.js";
import {
  metadataOf,
  nameForCreate,
  ownerReferencesOf,
  prepareCreate,
  prepareDelete,
  prepareStatusUpdate,
  prepareUpdate,
  writeProblem,
  type ManagedBy,
  type WriteResult,
} from "../object-lifecycle.js";
import { describeKey, groupOf, keyOf, refOf, type ObjectKey, type ObjectRef } from "../object-ref.js";
import { labelsOf, selectorMatches, selectorProblem } from "../selector.js";
import type { Change, ChangeBatch, ChangeQuery, ChangeType, CreateOptions, DeleteOptions, DeleteResult, ListQuery, ObjectList, UpdateOptions } from "../store.js";
import type { SqliteContext } from "./context.js";
import { parseResourceVersion } from "./resource-version.js";

/** Object reads and writes on SQLite. Every function runs inside a transaction its caller opened. */

interface ObjectRow {
  uid: string;
  api_group: string;
  kind: string;
  namespace: string;
  name: string;
  resource_version: number;
  managed_by: ManagedBy;
  object: string;
}

const MANAGERS: readonly ManagedBy[] = ["mkapply", "controller"];
/** How many revisions of changes the feed keeps; a poller further behind gets Gone and lists again. */
const CHANGE_RETENTION = 100_000;

function findRow(ctx: SqliteContext, key: ObjectKey): ObjectRow | undefined {
  return ctx.sql("SELECT * FROM objects WHERE api_group = ? AND kind = ? AND namespace = ? AND name = ?").get(key.group, key.kind, key.namespace, key.name) as
    | ObjectRow
    | undefined;
}

export function getObject(ctx: SqliteContext, ref: ObjectRef): JsonObject | undefined {
  const row = findRow(ctx, keyOf(ref));
  return row ? (JSON.parse(row.object) as JsonObject) : undefined;
}

export function getObjectByUid(ctx: SqliteContext, uid: string): JsonObject | undefined {
  const row = ctx.sql("SELECT object FROM objects WHERE uid = ?").get(uid) as { object: string } | undefined;
  return row ? (JSON.parse(row.object) as JsonObject) : undefined;
}

export function listObjects(ctx: SqliteContext, query: ListQuery): ObjectList {
  if (query.labelSelector) {
    const problem = selectorProblem(query.labelSelector);
    if (problem) throw new StoreError("Invalid", `invalid label selector: ${problem}`);
  }
  const where: string[] = [];
  const params: (string | number)[] = [];
  let from = "objects o";
  if (query.apiVersion !== undefined) {
    where.push("o.api_group = ?");
    params.push(groupOf(query.apiVersion));
  }
  if (query.kind !== undefined) {
    where.push("o.kind = ?");
    params.push(query.kind);
  }
  if (query.namespace !== undefined) {
    where.push("o.namespace = ?");
    params.push(query.namespace);
  }
  if (query.managedBy !== undefined) {
    where.push("o.managed_by = ?");
    params.push(query.managedBy);
  }
  if (query.ownerUid !== undefined) {
    from += " JOIN owner_references r ON r.object_uid = o.uid";
    where.push(query.controllerOnly ? "r.owner_uid = ? AND r.controller = 1" : "r.owner_uid = ?");
    params.push(query.ownerUid);
  }
  const sql = `SELECT o.object FROM ${from}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY o.api_group, o.kind, o.namespace, o.name`;
  let items = (ctx.sql(sql).all(...params) as { object: string }[]).map((r) => JSON.parse(r.object) as JsonObject);
  const selector = query.labelSelector;
  if (selector) items = items.filter((o) => selectorMatches(selector, labelsOf(o)));
  return { items, resourceVersion: String(ctx.currentRevision()) };
}

export function createObject(ctx: SqliteContext, input: JsonObject, options: CreateOptions): JsonObject {
  checkManagedBy(options.managedBy);
  const problem = writeProblem(input);
  if (problem) throw new StoreError("Invalid", `${describeKey(keyOf(refOf(input)))}: ${problem}`);
  const key = keyOf(refOf(input));
  const name = nameForCreate(input);
  if (!name.ok) throw new StoreError("Invalid", `${input.kind}: ${name.problem}`);
  // A generated name can collide with an existing object; the apiserver then fails the create,
  // the store draws again a few times first.
  const generated = metadataOf(input).name !== name.value;
  for (let attempt = 0; generated && attempt < 8 && findRow(ctx, { ...key, name: name.value }); attempt++) {
    const again = nameForCreate(input);
    if (again.ok) name.value = again.value;
  }
  const fullKey = { ...key, name: name.value };
  if (findRow(ctx, fullKey)) throw new StoreError("AlreadyExists", `${describeKey(fullKey)} already exists`);
  const rv = ctx.nextRevision();
  const created = prepareCreate(input, { uid: ctx.newUid(), name: name.value, resourceVersion: String(rv), timestamp: formatTimestamp(ctx.clock.now()) });
  if (!created.ok) throw new StoreError("Invalid", `${describeKey(fullKey)}: ${created.problem}`);
  const object = created.value;
  const uid = String(metadataOf(object).uid);
  ctx
    .sql(
      "INSERT INTO objects (uid, api_group, kind, namespace, name, resource_version, managed_by, deletion_timestamp, object) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
    )
    .run(uid, fullKey.group, fullKey.kind, fullKey.namespace, fullKey.name, rv, options.managedBy, JSON.stringify(object));
  writeOwnerReferences(ctx, uid, object);
  recordChange(ctx, "ADDED", rv, fullKey, uid, object);
  return object;
}

export function updateObject(ctx: SqliteContext, input: JsonObject, options: UpdateOptions = {}): JsonObject {
  if (options.managedBy !== undefined) checkManagedBy(options.managedBy);
  const { row, stored, key } = casTarget(ctx, input, "update");
  const result = prepareUpdate(stored, input, "");
  if (!result.ok) throw new StoreError("Invalid", `${describeKey(key)}: ${result.problem}`);
  const managedBy = options.managedBy ?? row.managed_by;
  if (result.value.noop) {
    if (managedBy === row.managed_by) return stored;
    // Only the managed-by mark changes: still a write, with a new resourceVersion.
    return commitWrite(ctx, row, key, { object: stored, noop: false, finalized: false }, managedBy);
  }
  return commitWrite(ctx, row, key, result.value, managedBy);
}

export function updateObjectStatus(ctx: SqliteContext, input: JsonObject): JsonObject {
  const { row, stored, key } = casTarget(ctx, input, "status update");
  const result = prepareStatusUpdate(stored, input, "");
  if (!result.ok) throw new StoreError("Invalid", `${describeKey(key)}: ${result.problem}`);
  if (result.value.noop) return stored;
  return commitWrite(ctx, row, key, result.value, row.managed_by);
}

export function deleteObject(ctx: SqliteContext, ref: ObjectRef, options: DeleteOptions = {}): DeleteResult {
  const key = keyOf(ref);
  const row = findRow(ctx, key);
  if (!row) throw new StoreError("NotFound", `${describeKey(key)} not found`);
  const stored = JSON.parse(row.object) as JsonObject;
  const pre = options.preconditions ?? {};
  if (pre.uid !== undefined && pre.uid !== row.uid) {
    throw new StoreError("Conflict", `conflict on ${describeKey(key)}: expected uid ${pre.uid} but the stored object has uid ${row.uid}`);
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== String(row.resource_version)) {
    throw new ConflictError(describeKey(key), pre.resourceVersion, String(row.resource_version));
  }
  const result = prepareDelete(stored, options.propagationPolicy, "", formatTimestamp(ctx.clock.now()), options.gracePeriodSeconds);
  if (result.noop) return { object: stored, removed: false };
  const object = commitWrite(ctx, row, key, result, row.managed_by);
  return { object, removed: result.finalized };
}

/** The stored object an update targets, after the compare-and-swap check on resourceVersion. */
function casTarget(ctx: SqliteContext, input: JsonObject, what: string): { row: ObjectRow; stored: JsonObject; key: ObjectKey } {
  const key = keyOf(refOf(input));
  const given = metadataOf(input).resourceVersion;
  if (typeof given !== "string" || given === "") {
    throw new StoreError("Invalid", `${describeKey(key)}: metadata.resourceVersion is required for an ${what} (read the object, change it, write it back)`);
  }
  const row = findRow(ctx, key);
  if (!row) throw new StoreError("NotFound", `${describeKey(key)} not found`);
  if (given !== String(row.resource_version)) throw new ConflictError(describeKey(key), given, String(row.resource_version));
  return { row, stored: JSON.parse(row.object) as JsonObject, key };
}

/** Stamps the next resourceVersion on a prepared write and persists it, removing the object when finalized. */
function commitWrite(ctx: SqliteContext, row: ObjectRow, key: ObjectKey, write: WriteResult, managedBy: ManagedBy): JsonObject {
  const rv = ctx.nextRevision();
  const object: JsonObject = { ...write.object, metadata: { ...metadataOf(write.object), resourceVersion: String(rv) } };
  if (write.finalized) {
    ctx.sql("DELETE FROM owner_references WHERE object_uid = ?").run(row.uid);
    ctx.sql("DELETE FROM objects WHERE uid = ?").run(row.uid);
    recordChange(ctx, "DELETED", rv, key, row.uid, object);
    return object;
  }
  const deletion = metadataOf(object).deletionTimestamp;
  ctx
    .sql("UPDATE objects SET resource_version = ?, managed_by = ?, deletion_timestamp = ?, object = ? WHERE uid = ?")
    .run(rv, managedBy, typeof deletion === "string" ? deletion : null, JSON.stringify(object), row.uid);
  writeOwnerReferences(ctx, row.uid, object);
  recordChange(ctx, "MODIFIED", rv, key, row.uid, object);
  return object;
}

function writeOwnerReferences(ctx: SqliteContext, uid: string, object: JsonObject): void {
  ctx.sql("DELETE FROM owner_references WHERE object_uid = ?").run(uid);
  const insert = ctx.sql("INSERT OR IGNORE INTO owner_references (object_uid, owner_uid, controller) VALUES (?, ?, ?)");
  for (const r of ownerReferencesOf(object)) insert.run(uid, r.uid, r.controller ? 1 : 0);
}

function recordChange(ctx: SqliteContext, type: ChangeType, rv: number, key: ObjectKey, uid: string, object: JsonObject): void {
  ctx
    .sql("INSERT INTO changes (resource_version, type, api_group, kind, namespace, name, uid, object) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(rv, type, key.group, key.kind, key.namespace, key.name, uid, JSON.stringify(object));
  if (rv % 1000 === 0 && rv > CHANGE_RETENTION) compactChangesTo(ctx, rv - CHANGE_RETENTION);
}

function checkManagedBy(value: string): void {
  if (!MANAGERS.includes(value as ManagedBy)) throw new StoreError("Invalid", `managedBy must be "mkapply" or "controller", not ${JSON.stringify(value)}`);
}

export function listChanges(ctx: SqliteContext, query: ChangeQuery): ChangeBatch {
  const since = parseResourceVersion(query.sinceResourceVersion);
  const compacted = ctx.compactedRevision();
  const current = ctx.currentRevision();
  if (since < compacted) {
    throw new StoreError(
      "Gone",
      `resourceVersion ${since} is too old: changes up to ${compacted} have been compacted; list again and follow changes from the list's resourceVersion`,
    );
  }
  if (since > current) {
    throw new StoreError("Gone", `resourceVersion ${since} is newer than the store (at ${current}): the state was replaced; list again`);
  }
  const limit = query.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1) throw new StoreError("Invalid", `limit must be a positive integer, not ${limit}`);
  const where = ["resource_version > ?"];
  const params: (string | number)[] = [since];
  if (query.apiVersion !== undefined) {
    where.push("api_group = ?");
    params.push(groupOf(query.apiVersion));
  }
  if (query.kind !== undefined) {
    where.push("kind = ?");
    params.push(query.kind);
  }
  if (query.namespace !== undefined) {
    where.push("namespace = ?");
    params.push(query.namespace);
  }
  const rows = ctx
    .sql(`SELECT resource_version, type, object FROM changes WHERE ${where.join(" AND ")} ORDER BY resource_version LIMIT ?`)
    .all(...params, limit + 1) as { resource_version: number; type: ChangeType; object: string }[];
  const more = rows.length > limit;
  const changes: Change[] = rows.slice(0, limit).map((r) => ({ type: r.type, resourceVersion: String(r.resource_version), object: JSON.parse(r.object) as JsonObject }));
  const resourceVersion = more ? changes[changes.length - 1].resourceVersion : String(current);
  return { changes, resourceVersion, more };
}

export function compactChangesTo(ctx: SqliteContext, upTo: number): void {
  const current = ctx.currentRevision();
  if (upTo > current) throw new StoreError("Invalid", `cannot compact to resourceVersion ${upTo}: the store is at ${current}`);
  ctx.sql("DELETE FROM changes WHERE resource_version <= ?").run(upTo);
  ctx.sql("UPDATE store_revision SET compacted = max(compacted, ?) WHERE id = 1").run(upTo);
}
