/**
 * The Deployment controller's rolling update arithmetic (deploymentutil.ResolveFenceposts): a
 * percentage of the desired replicas, maxSurge rounded up and maxUnavailable rounded down; when
 * both come to 0, maxUnavailable becomes 1 so that the rollout can make progress.
 */
import type { JsonValue } from "../../schema/json.js";

export interface Fenceposts {
  maxSurge: number;
  maxUnavailable: number;
}

/** An int-or-percent value as an absolute number of pods out of `total`. */
export function scaledValue(value: JsonValue | undefined, total: number, roundUp: boolean, fallback: number): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const m = /^(\d+)%$/.exec(value);
    if (m) {
      const exact = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(exact) : Math.floor(exact);
    }
    if (/^\d+$/.test(value)) return Number(value);
  }
  return fallback;
}

export function resolveFenceposts(maxSurge: JsonValue | undefined, maxUnavailable: JsonValue | undefined, replicas: number): Fenceposts {
  const surge = scaledValue(maxSurge ?? "25%", replicas, true, 0);
  const unavailable = scaledValue(maxUnavailable ?? "25%", replicas, false, 0);
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/** `1 pod`, `3 pods`. */
export function pods(n: number): string {
  return `${n} pod${n === 1 ? "" : "s"}`;
}
