import type { JsonObject } from "../../schema/json.js";

/** Which probe: liveness restarts, readiness gates Ready, startup gates the other two. */
export type ProbeKind = "liveness" | "readiness" | "startup";

export const PROBE_KINDS: readonly ProbeKind[] = ["startup", "liveness", "readiness"];

/** A probe's timing in milliseconds, defaults applied (Kubernetes' corev1.Probe defaults). */
export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  /** Not scaled by timeScale: podman exec needs real time whatever the test speed. */
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

const DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };

/**
 * The timing of one probe as the prober worker uses it. `timeScale` (tests: 0.1 = ten times
 * faster) scales initialDelay and period only. successThreshold is forced to 1 for liveness and
 * startup, as the API server's validation requires.
 */
export function probeTiming(probe: JsonObject, kind: ProbeKind, timeScale = 1): ProbeTiming {
  const seconds = (field: keyof typeof DEFAULTS, min: number): number => {
    const v = probe[field];
    return typeof v === "number" && Number.isFinite(v) && v >= min ? v : Math.max(min, DEFAULTS[field]);
  };
  const scale = timeScale > 0 ? timeScale : 1;
  return {
    initialDelayMs: seconds("initialDelaySeconds", 0) * 1000 * scale,
    periodMs: Math.max(1, seconds("periodSeconds", 1)) * 1000 * scale,
    timeoutMs: Math.max(1, seconds("timeoutSeconds", 1)) * 1000,
    successThreshold: kind === "readiness" ? Math.floor(seconds("successThreshold", 1)) : 1,
    failureThreshold: Math.floor(seconds("failureThreshold", 1)),
  };
}

/** `Liveness`, `Readiness`, `Startup`: how events and messages name the probe. */
export function probeTitle(kind: ProbeKind): string {
  return kind === "liveness" ? "Liveness" : kind === "readiness" ? "Readiness" : "Startup";
}
