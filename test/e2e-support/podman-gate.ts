import type { Podman, PodmanCall } from "../../src/runtime/podman.js";

/**
 * A door in front of mk's podman: while it is held, mk's calls wait (the ones under way finish
 * first). Tests act behind mk's back through it so that mk sees only the end state of what they
 * did, never a step half done (`podman rm -f` stops the container before it removes it).
 */
export interface PodmanGate {
  podman: Podman;
  /** Runs `act` once mk's calls under way have finished; mk's new calls wait until it ends. */
  behindMk<T>(act: () => Promise<T>): Promise<T>;
  /** Every call mk made through the gate, in order. */
  readonly calls: readonly PodmanCall[];
}

export function gatePodman(inner: Podman): PodmanGate {
  let closed: Promise<void> | undefined;
  const underWay = new Set<Promise<unknown>>();
  const calls: PodmanCall[] = [];
  return {
    calls,
    podman: {
      async run(call: PodmanCall) {
        while (closed) await closed;
        calls.push(call);
        const running = inner.run(call);
        underWay.add(running);
        try {
          return await running;
        } finally {
          underWay.delete(running);
        }
      },
    },
    async behindMk(act) {
      let open = (): void => undefined;
      closed = new Promise<void>((resolve) => (open = resolve));
      try {
        await Promise.allSettled([...underWay]);
        return await act();
      } finally {
        closed = undefined;
        open();
      }
    },
  };
}
