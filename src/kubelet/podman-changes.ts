import type { Podman, PodmanCall } from "../runtime/podman.js";

/**
 * podman with a count of the calls that can change containers (everything but reads: ps,
 * inspect, ls, logs, stats, exists). A pod sync compares the count before and after its work:
 * when nothing changed podman, the view it had still holds and needs no new `podman ps`. The
 * count is shared by all pods, so another pod's change counts too: that costs a ps, never a
 * stale view.
 */
export class CountedPodman implements Podman {
  changes = 0;

  constructor(private readonly inner: Podman) {}

  run(call: PodmanCall): ReturnType<Podman["run"]> {
    if (!isRead(call.args)) this.changes++;
    return this.inner.run(call);
  }
}

const READS = new Set(["ps", "inspect", "ls", "logs", "stats", "exists", "version", "info", "images", "top", "port", "healthcheck"]);

function isRead(args: readonly string[]): boolean {
  const [first, second] = args;
  if (READS.has(first)) return true;
  // `podman container inspect`, `pod ps`, `volume ls`, `image exists`, ...
  return ["container", "pod", "volume", "network", "image"].includes(first) && second !== undefined && READS.has(second);
}
