import { formatTimestamp } from "../clock.js";
import { StoreError } from "../errors.js";
import { describeLock, type LockHolder, type LockInfo } from "../lock.js";
import type { SqliteContext } from "./context.js";

/** Named locks on SQLite: one row per held lock; the primary key makes taking one atomic. */

interface LockRow {
  name: string;
  id: string;
  user: string;
  host: string;
  pid: number;
  operation: string;
  created_at: string;
}

function toInfo(row: LockRow): LockInfo {
  return { name: row.name, id: row.id, user: row.user, host: row.host, pid: row.pid, operation: row.operation, createdAt: row.created_at };
}

export type LockAttempt = { acquired: true; info: LockInfo } | { acquired: false; holder: LockInfo };

/** Takes the lock if free, else says who has it. Run inside an immediate transaction. */
export function tryAcquireLock(ctx: SqliteContext, name: string, holder: LockHolder): LockAttempt {
  const existing = getLock(ctx, name);
  if (existing) return { acquired: false, holder: existing };
  const info: LockInfo = { name, id: ctx.newUid(), ...pickHolder(holder), createdAt: formatTimestamp(ctx.clock.now()) };
  ctx
    .sql("INSERT INTO locks (name, id, user, host, pid, operation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .run(info.name, info.id, info.user, info.host, info.pid, info.operation, info.createdAt);
  return { acquired: true, info };
}

function pickHolder(h: LockHolder): LockHolder {
  return { user: h.user, host: h.host, pid: h.pid, operation: h.operation };
}

export function releaseLock(ctx: SqliteContext, name: string, id: string): boolean {
  return ctx.sql("DELETE FROM locks WHERE name = ? AND id = ?").run(name, id).changes > 0;
}

export function getLock(ctx: SqliteContext, name: string): LockInfo | undefined {
  const row = ctx.sql("SELECT * FROM locks WHERE name = ?").get(name) as LockRow | undefined;
  return row ? toInfo(row) : undefined;
}

export function listLocks(ctx: SqliteContext): LockInfo[] {
  return (ctx.sql("SELECT * FROM locks ORDER BY name").all() as LockRow[]).map(toInfo);
}

export function forceUnlock(ctx: SqliteContext, id: string): LockInfo {
  const row = ctx.sql("SELECT * FROM locks WHERE id = ?").get(id) as LockRow | undefined;
  if (!row) {
    const held = listLocks(ctx);
    const now = ctx.clock.now();
    const detail = held.length === 0 ? "the state is not locked" : ["the locks held now are:", ...held.flatMap((l) => describeLock(l, now))].join("\n");
    throw new StoreError("LockNotFound", `no lock with ID ${id} in ${ctx.location}: ${detail}`);
  }
  ctx.sql("DELETE FROM locks WHERE id = ?").run(id);
  return toInfo(row);
}
