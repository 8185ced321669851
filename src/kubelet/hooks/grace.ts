/** The kubelet's minimum time between SIGTERM and SIGKILL for any grace period above 0. */
export const MINIMUM_GRACE_SECONDS = 2;

/**
 * The seconds between SIGTERM and SIGKILL once the preStop hook (if any) ran for
 * `preStopElapsedMs`: the grace period minus the hook's whole seconds, at least 2 s (the
 * kubelet's "minimal shutdown window", which is also the one-off extension when preStop overran
 * the grace period). A grace period of 0 (a forced delete) kills at once.
 */
export function secondsUntilKill(gracePeriodSeconds: number, preStopElapsedMs = 0): number {
  if (!(gracePeriodSeconds > 0)) return 0;
  const remaining = Math.ceil(gracePeriodSeconds) - Math.floor(Math.max(0, preStopElapsedMs) / 1000);
  return Math.max(MINIMUM_GRACE_SECONDS, remaining);
}
