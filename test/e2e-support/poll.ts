import { setTimeout as delay } from "node:timers/promises";

export interface PollOptions {
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /**
   * What is awaited, for the failure message ("both containers running"); a function is asked
   * when the deadline passes, so the message can carry the last thing the probe saw.
   */
  what: string | (() => string);
  /** Pause between probes (default 100 ms): polling with a deadline, never a fixed sleep. */
  intervalMs?: number;
}

/**
 * Probes until `probe` returns a value (not undefined) and returns it; fails with the last
 * thing seen when the deadline passes. The way the end-to-end tests wait for podman.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown = undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const what = typeof options.what === "function" ? options.what() : options.what;
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${last ? `; last error: ${String(last)}` : ""}`);
    }
    await delay(options.intervalMs ?? 100);
  }
}
