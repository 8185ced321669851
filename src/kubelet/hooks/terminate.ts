import type { JsonObject } from "../../schema/json.js";
import { inspectContainer, stopContainer } from "../../runtime/containers.js";
import type { Podman } from "../../runtime/podman.js";
import { systemClock, type Clock } from "../../store/index.js";
import type { ProbeTarget } from "../probes/probe-target.js";
import { secondsUntilKill } from "./grace.js";
import { runLifecycleHandler } from "./run-handler.js";

export interface TerminateRequest {
  target: ProbeTarget;
  preStop?: JsonObject;
  /** metadata.deletionGracePeriodSeconds, else spec.terminationGracePeriodSeconds (default 30). */
  gracePeriodSeconds: number;
  /** The caller saw the container running just now: no inspect first (a podman call less per stop). */
  seenRunning?: boolean;
  clock?: Clock;
}

export interface TerminateResult {
  /**
   * The preStop hook's outcome, when one ran. `ok: false` with `timedOut` when it was still
   * running at the end of the grace period (the kubelet records no event for that); otherwise
   * a failure is a FailedPreStopHook event with `message`.
   */
  preStop?: { ok: boolean; message?: string; timedOut?: boolean };
  /** From the call until the container had stopped. */
  stoppedAfterMs: number;
  /** SIGKILL ended it (the grace period ran out, or it was 0). */
  killed: boolean;
  /** podman failed to stop the container (it may still be running). */
  error?: string;
}

/**
 * Stops one container as the kubelet's killContainer does: the preStop hook first (only for a
 * running container and a grace period above 0), counted against the grace period; then SIGTERM,
 * and SIGKILL after the remaining seconds (at least 2; see secondsUntilKill). A container that is
 * not running is left as it is.
 */
export async function terminateContainer(podman: Podman, request: TerminateRequest): Promise<TerminateResult> {
  const clock = request.clock ?? systemClock;
  const start = clock.now().getTime();
  const elapsed = (): number => clock.now().getTime() - start;
  const container = request.target.podmanContainer;
  if (request.seenRunning !== true) {
    const before = await inspectContainer(podman, container);
    if (!before.ok) {
      if (before.error.kind === "not-found") return { stoppedAfterMs: elapsed(), killed: false };
      return { stoppedAfterMs: elapsed(), killed: false, error: before.error.message };
    }
    if (!before.value.running) return { stoppedAfterMs: elapsed(), killed: false };
  }

  const grace = Math.max(0, request.gracePeriodSeconds);
  let preStop: TerminateResult["preStop"];
  let preStopMs = 0;
  if (request.preStop && grace > 0) {
    const graceMs = grace * 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The hook may run on past the grace period (its podman exec ends at its own time limit);
    // termination does not wait for it.
    const overran = new Promise<"overran">((resolve) => (timer = setTimeout(() => resolve("overran"), graceMs)));
    const outcome = await Promise.race([runLifecycleHandler(request.preStop, request.target, podman, graceMs), overran]);
    clearTimeout(timer);
    preStopMs = elapsed();
    preStop =
      outcome === "overran"
        ? { ok: false, timedOut: true, message: `PreStop hook for container ${request.target.containerName} did not complete in ${grace} seconds` }
        : outcome.ok
          ? { ok: true }
          : { ok: false, message: outcome.message };
  }

  const seconds = secondsUntilKill(grace, preStopMs);
  const stopped = await stopContainer(podman, container, seconds);
  if (!stopped.ok && stopped.error.kind !== "not-found") {
    return { ...(preStop ? { preStop } : {}), stoppedAfterMs: elapsed(), killed: false, error: stopped.error.message };
  }
  const stoppedAfterMs = elapsed();
  // podman stop returns when the container has ended: it sends SIGKILL only once the seconds ran
  // out, so a stop that took them all was a kill (no inspect afterwards, a podman call less).
  const killed = seconds === 0 || stoppedAfterMs - preStopMs >= seconds * 1000;
  return { ...(preStop ? { preStop } : {}), stoppedAfterMs, killed };
}
