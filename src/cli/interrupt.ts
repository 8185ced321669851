/**
 * An AbortSignal that Ctrl-C (SIGINT, and SIGTERM) aborts, for the commands that run until
 * interrupted (`logs -f`, `get -w`, `events -w`, `rollout status`); they end with exit 0.
 *
 * The listeners stay until `release`: with `process.once` the listener is gone by the time
 * signal-exit (execa's child clean-up) looks, finds only its own, and re-raises the signal, so the
 * process died of SIGINT instead of finishing.
 */
export function interruptSignal(signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"]): { signal: AbortSignal; release(): void } {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  for (const s of signals) process.on(s, onSignal);
  return {
    signal: stop.signal,
    release() {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}
