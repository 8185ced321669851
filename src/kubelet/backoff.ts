/**
 * The kubelet's back-off (client-go flowcontrol.Backoff), as pure functions of plain values.
 *
 * A restart decision for a container that finished at `eventTime`: when an entry exists and the
 * time since that finish is shorter than the entry's back-off, the container waits
 * (CrashLoopBackOff). Otherwise it restarts and the back-off moves on: doubled up to the maximum,
 * or back to the base when the previous restart decision is older than twice the maximum (a
 * container that ran for 10 minutes starts again at 10 s).
 */
export interface BackoffPolicy {
  /** The first delay (Kubernetes: 10 s). */
  baseMs: number;
  /** The cap (Kubernetes: 5 min = 30 × base). */
  maxMs: number;
}

export interface BackoffEntry {
  /** The delay the next restart waits for. */
  backoffMs: number;
  /** The event time of the last restart decision (a finish time, or a failed pull). */
  lastUpdateMs: number;
}

/** Kubernetes' proportions for a base: maximum 30 × base (10 s → 5 min). */
export function backoffPolicy(baseMs: number): BackoffPolicy {
  return { baseMs, maxMs: baseMs * 30 };
}

function expired(entry: BackoffEntry, policy: BackoffPolicy, atMs: number): boolean {
  return atMs - entry.lastUpdateMs > 2 * policy.maxMs;
}

/** Still waiting: less than the back-off has passed since `eventTimeMs` (IsInBackOffSince). */
export function isInBackOffSince(entry: BackoffEntry | undefined, policy: BackoffPolicy, eventTimeMs: number, nowMs: number): boolean {
  if (!entry || expired(entry, policy, nowMs)) return false;
  return nowMs - eventTimeMs < entry.backoffMs;
}

/** Still waiting: less than the back-off has passed since the last update (IsInBackOffSinceUpdate: image pulls). */
export function isInBackOffSinceUpdate(entry: BackoffEntry | undefined, policy: BackoffPolicy, nowMs: number): boolean {
  if (!entry || expired(entry, policy, nowMs)) return false;
  return nowMs - entry.lastUpdateMs < entry.backoffMs;
}

/** The entry after a restart (or a failed pull) at `eventTimeMs` (Next). */
export function nextBackoff(entry: BackoffEntry | undefined, policy: BackoffPolicy, eventTimeMs: number): BackoffEntry {
  if (!entry || expired(entry, policy, eventTimeMs)) return { backoffMs: policy.baseMs, lastUpdateMs: eventTimeMs };
  return { backoffMs: Math.min(entry.backoffMs * 2, policy.maxMs), lastUpdateMs: eventTimeMs };
}

/** How long until the back-off since `sinceMs` ends (0 when it has). */
export function remainingBackoffMs(entry: BackoffEntry | undefined, sinceMs: number, nowMs: number): number {
  if (!entry) return 0;
  return Math.max(0, entry.backoffMs - (nowMs - sinceMs));
}

/** Go's time.Duration.String for whole milliseconds: `10s`, `1m20s`, `5m0s`, `200ms`, `1.6s`. */
export function formatGoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return "0s";
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const millis = total % 60_000;
  const seconds = (millis / 1000).toFixed(3).replace(/\.?0+$/, "");
  let out = "";
  if (hours > 0) out += `${hours}h`;
  if (hours > 0 || minutes > 0) out += `${minutes}m`;
  return `${out}${seconds}s`;
}
