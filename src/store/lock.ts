import { formatAge } from "./clock.js";
import type { Actor } from "./identity.js";

/** Who asks for a lock and why (Terraform's LockInfo: Who, Operation). */
export interface LockHolder extends Actor {
  /** What the holder is doing: `mkapply`, `mk rollout undo`, ... */
  operation: string;
}

/** A lock as stored. */
export interface LockInfo extends LockHolder {
  /** Which lock: `apply` is the one applies take. */
  name: string;
  /** What `mk force-unlock ID` takes. */
  id: string;
  /** RFC 3339 UTC. */
  createdAt: string;
}

/** The one lock applies take today; the table allows others later. */
export const APPLY_LOCK = "apply";

/**
 * Whether the holder still runs. Only a holder on this host can be checked; a holder whose
 * process is gone is `dead` (the lock is stale), one on another host is `unknown`.
 */
export type HolderLiveness = "running" | "dead" | "unknown";

export function holderLiveness(info: LockInfo, thisHost: string, isAlive: (pid: number) => boolean): HolderLiveness {
  if (info.host !== thisHost) return "unknown";
  return isAlive(info.pid) ? "running" : "dead";
}

/** The lines that say who holds a lock and since when, as Terraform's "Lock Info:" block. */
export function describeLock(info: LockInfo, now: Date): string[] {
  const since = new Date(info.createdAt);
  const age = Number.isNaN(since.getTime()) ? "" : ` (${formatAge(since, now)} ago)`;
  return [
    `  ID:        ${info.id}`,
    `  Who:       ${info.user}@${info.host}, pid ${info.pid}`,
    `  Operation: ${info.operation}`,
    `  Since:     ${info.createdAt}${age}`,
  ];
}

/** One line: `lock ID …, held by alice@devbox (pid 4242) for mkapply since … (3m ago)`. */
export function summarizeLock(info: LockInfo, now: Date): string {
  const since = new Date(info.createdAt);
  const age = Number.isNaN(since.getTime()) ? "" : ` (${formatAge(since, now)} ago)`;
  return `lock ID ${info.id}, held by ${info.user}@${info.host} (pid ${info.pid}) for ${info.operation} since ${info.createdAt}${age}`;
}

/** "Gave up after waiting 30s (--lock-timeout)." */
export function waitedNote(waitedMs: number): string {
  return `Gave up after waiting ${(waitedMs / 1000).toFixed(waitedMs % 1000 === 0 ? 0 : 1)}s (--lock-timeout).`;
}

/** What liveness means for someone deciding whether to force-unlock. */
export function explainLiveness(info: LockInfo, liveness: HolderLiveness): string {
  switch (liveness) {
    case "dead":
      return `The lock is stale: process ${info.pid} is no longer running on this host (${info.host}).`;
    case "running":
      return `Process ${info.pid} is still running on this host (${info.host}): the operation is probably still in progress.`;
    case "unknown":
      return `The lock was taken on another host (${info.host}); mk cannot tell from here whether process ${info.pid} is still running.`;
  }
}

/** The message of a LockHeldError: who, since when, and what to do about it. */
export function lockHeldMessage(info: LockInfo, liveness: HolderLiveness, now: Date, waitedMs: number): string {
  const lines = [`the ${info.name} lock is held by another operation`, ...describeLock(info, now)];
  if (liveness === "dead") {
    lines.push(
      explainLiveness(info, liveness),
      `mk does not take over a stale lock by itself. If no ${info.operation} is running, remove it with:`,
      `  mk force-unlock ${info.id}`,
    );
  } else if (waitedMs > 0) {
    lines.push(waitedNote(waitedMs));
  } else {
    lines.push("Try again when it finishes, or wait for it with --lock-timeout (for example --lock-timeout 5m).");
  }
  return lines.join("\n");
}
