/** The Job controller's pod failure back-off: 10 s, doubled per failure since the last success, at most 6 min. */
export const DEFAULT_JOB_BACKOFF_BASE_MS = 10_000;
export const MAX_JOB_BACKOFF_MS = 6 * 60_000;

export function jobBackoffDelayMs(failuresAfterLastSuccess: number, baseMs = DEFAULT_JOB_BACKOFF_BASE_MS, maxMs = Math.max(MAX_JOB_BACKOFF_MS, baseMs)): number {
  if (failuresAfterLastSuccess <= 0) return 0;
  // 2^(n-1) grows past any cap quickly; stop doubling once there.
  let delay = baseMs;
  for (let i = 1; i < failuresAfterLastSuccess && delay < maxMs; i++) delay *= 2;
  return Math.min(delay, maxMs);
}

/** How long before the next replacement pod may be created (0: now). */
export function remainingBackoffMs(failuresAfterLastSuccess: number, lastFailureMs: number | undefined, nowMs: number, baseMs?: number, maxMs?: number): number {
  if (failuresAfterLastSuccess <= 0 || lastFailureMs === undefined) return 0;
  const wait = jobBackoffDelayMs(failuresAfterLastSuccess, baseMs, maxMs);
  return Math.max(0, lastFailureMs + wait - nowMs);
}
