import type { JsonObject } from "../../schema/json.js";
import { formatTimestamp } from "../clock.js";
import { StoreError } from "../errors.js";
import { eventDedupKey, eventNamespace, newEventObject, repeatedEvent, type EventInput } from "../events.js";
import type { EventQuery, ObjectList } from "../store.js";
import type { SqliteContext } from "./context.js";
import { parseResourceVersion } from "./resource-version.js";

/** Events on SQLite: their own table, keyed for de-duplication, on the store-wide resourceVersion counter. */

export function recordEvent(ctx: SqliteContext, input: EventInput): JsonObject {
  const problem = eventProblem(input);
  if (problem) throw new StoreError("Invalid", `event: ${problem}`);
  const key = eventDedupKey(input);
  const rv = ctx.nextRevision();
  const now = ctx.clock.now();
  const timestamp = formatTimestamp(now);
  const existing = ctx.sql("SELECT uid, object FROM events WHERE dedup_key = ?").get(key) as { uid: string; object: string } | undefined;
  if (existing) {
    const event = repeatedEvent(JSON.parse(existing.object) as JsonObject, String(rv), timestamp);
    ctx.sql("UPDATE events SET resource_version = ?, last_timestamp = ?, object = ? WHERE uid = ?").run(rv, timestamp, JSON.stringify(event), existing.uid);
    return event;
  }
  const uid = ctx.newUid();
  // client-go names events `<object name>.<UnixNano in hex>`; the revision keeps them unique
  // when the clock stands still (tests) or two events land in the same nanosecond.
  const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(rv % 1_000_000);
  const name = `${input.involvedObject.name}.${nanos.toString(16)}`;
  const event = newEventObject(input, { uid, name, resourceVersion: String(rv), timestamp });
  ctx
    .sql("INSERT INTO events (uid, namespace, name, resource_version, involved_uid, dedup_key, last_timestamp, object) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(uid, eventNamespace(input), name, rv, input.involvedObject.uid ?? null, key, timestamp, JSON.stringify(event));
  return event;
}

function eventProblem(input: EventInput): string | undefined {
  const o = input.involvedObject;
  if (!o || !o.kind || !o.name || !o.apiVersion) return "involvedObject needs apiVersion, kind and name";
  if (input.type !== "Normal" && input.type !== "Warning") return `type must be Normal or Warning, not ${JSON.stringify(input.type)}`;
  if (!input.reason) return "reason is required";
  if (!input.source?.component) return "source.component is required";
  return undefined;
}

export function listEvents(ctx: SqliteContext, query: EventQuery): ObjectList {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.namespace !== undefined) {
    where.push("namespace = ?");
    params.push(query.namespace);
  }
  if (query.involvedUid !== undefined) {
    where.push("involved_uid = ?");
    params.push(query.involvedUid);
  }
  if (query.sinceResourceVersion !== undefined) {
    where.push("resource_version > ?");
    params.push(parseResourceVersion(query.sinceResourceVersion));
  }
  const limit = query.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new StoreError("Invalid", `limit must be a positive integer, not ${limit}`);
  const sql = `SELECT resource_version, object FROM events${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY resource_version${limit ? " LIMIT ?" : ""}`;
  const rows = ctx.sql(sql).all(...params, ...(limit ? [limit] : [])) as { resource_version: number; object: string }[];
  const items = rows.map((r) => JSON.parse(r.object) as JsonObject);
  // A full page may have more behind it: continue from its last event, not from the store's head.
  const resourceVersion = limit !== undefined && rows.length === limit ? String(rows[rows.length - 1].resource_version) : String(ctx.currentRevision());
  return { items, resourceVersion };
}

export function deleteEventsBefore(ctx: SqliteContext, time: Date): number {
  return ctx.sql("DELETE FROM events WHERE last_timestamp < ?").run(formatTimestamp(time)).changes;
}
