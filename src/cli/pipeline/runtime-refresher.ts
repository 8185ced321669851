import type { Refresher } from "../../plan/refresh.js";

/**
 * The refresh mkplan runs before planning: the runtime compares the stored pods with podman and
 * reports what changed outside of mk. This is where the podman runtime plugs in once it observes
 * pods (src/runtime); until then there is nothing to refresh against and plans are made without
 * drift (the plan says `refreshed: false`).
 */
export async function runtimeRefresher(): Promise<Refresher | undefined> {
  return undefined;
}
