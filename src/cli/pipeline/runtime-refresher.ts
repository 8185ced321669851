import type { Refresher } from "../../plan/refresh.js";

/**
 * The refresh mkplan runs before planning: the kubelet's drift check compares the stored Pods'
 * statuses with `podman ps -a` of the project whose state folder is `stateDir` (`.mk`), and
 * reports containers and pods removed or stopped outside of mk (src/kubelet/drift.ts).
 */
export async function runtimeRefresher(stateDir: string): Promise<Refresher | undefined> {
  const [{ openRuntimeSession }, { createPodDriftRefresher }] = await Promise.all([import("../../runtime/session.js"), import("../../kubelet/drift.js")]);
  return createPodDriftRefresher(openRuntimeSession(stateDir));
}
