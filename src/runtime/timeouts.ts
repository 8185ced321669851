/**
 * Time limits for podman calls, in milliseconds. Generous: on a loaded 2-core machine podman
 * calls that normally take 0.1–0.5 s can take several seconds, and a timeout that fires on a
 * healthy machine is worse than a slow failure. Calls that wait by design (stop with a grace
 * period, exec of a probe, pull) add their own duration to these.
 */
export const TIMEOUTS = {
  /** ps, inspect, exists, version, info, logs. */
  query: 30_000,
  /** create of a container, pod, network or volume. */
  create: 60_000,
  /** start of a container or a pod's infra container. */
  start: 90_000,
  /** rm of a container, pod, network or volume (after it was stopped). */
  remove: 60_000,
  /** Added to a stop's grace period: podman's own work around the signals. */
  stopSlack: 30_000,
  /** Pulling an image from a registry. */
  pull: 600_000,
  /** Importing a locally built image tarball. */
  importImage: 120_000,
  /** A `podman run --rm` of a tiny command (doctor's checks). */
  runOnce: 60_000,
} as const;
