import type { ApplyOutcome, ApplyRecord, ApplyStart, PlanSummary } from "../apply-history.js";
import { formatTimestamp } from "../clock.js";
import { StoreError } from "../errors.js";
import type { SqliteContext } from "./context.js";

/** The apply history on SQLite. */

interface ApplyRow {
  id: number;
  user: string;
  host: string;
  pid: number;
  started_at: string;
  finished_at: string | null;
  plan_digest: string;
  summary: string;
  outcome: ApplyOutcome;
  message: string | null;
}

function toRecord(row: ApplyRow): ApplyRecord {
  const record: ApplyRecord = {
    id: row.id,
    user: row.user,
    host: row.host,
    pid: row.pid,
    startedAt: row.started_at,
    planDigest: row.plan_digest,
    summary: JSON.parse(row.summary) as PlanSummary,
    outcome: row.outcome,
  };
  if (row.finished_at !== null) record.finishedAt = row.finished_at;
  if (row.message !== null) record.message = row.message;
  return record;
}

export function beginApply(ctx: SqliteContext, start: ApplyStart): ApplyRecord {
  if (!start.planDigest) throw new StoreError("Invalid", "an apply needs the digest of its plan");
  const s = start.summary;
  const summary = { create: s.create, update: s.update, replace: s.replace, delete: s.delete };
  if (Object.values(summary).some((n) => !Number.isInteger(n) || n < 0)) throw new StoreError("Invalid", "plan summary counts must be non-negative integers");
  const { lastInsertRowid } = ctx
    .sql("INSERT INTO applies (user, host, pid, started_at, plan_digest, summary, outcome) VALUES (?, ?, ?, ?, ?, ?, 'running')")
    .run(start.actor.user, start.actor.host, start.actor.pid, formatTimestamp(ctx.clock.now()), start.planDigest, JSON.stringify(summary));
  return getApply(ctx, Number(lastInsertRowid)) as ApplyRecord;
}

export function finishApply(ctx: SqliteContext, id: number, outcome: Exclude<ApplyOutcome, "running">, message?: string): ApplyRecord {
  const current = getApply(ctx, id);
  if (!current) throw new StoreError("NotFound", `apply #${id} not found`);
  if (current.outcome !== "running") throw new StoreError("Invalid", `apply #${id} already finished (${current.outcome})`);
  if (outcome !== "succeeded" && outcome !== "failed") throw new StoreError("Invalid", `an apply ends succeeded or failed, not ${JSON.stringify(outcome)}`);
  ctx.sql("UPDATE applies SET outcome = ?, finished_at = ?, message = ? WHERE id = ?").run(outcome, formatTimestamp(ctx.clock.now()), message ?? null, id);
  return getApply(ctx, id) as ApplyRecord;
}

export function getApply(ctx: SqliteContext, id: number): ApplyRecord | undefined {
  const row = ctx.sql("SELECT * FROM applies WHERE id = ?").get(id) as ApplyRow | undefined;
  return row ? toRecord(row) : undefined;
}

export function listApplies(ctx: SqliteContext, limit = 100): ApplyRecord[] {
  return (ctx.sql("SELECT * FROM applies ORDER BY id DESC LIMIT ?").all(limit) as ApplyRow[]).map(toRecord);
}
