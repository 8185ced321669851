import type { JsonObject } from "../schema/json.js";
import type { DriftObservation, Refresher } from "../plan/refresh.js";
import { refOf } from "../store/index.js";
import { LABEL } from "../runtime/labels.js";
import { listContainers, type ContainerSummary } from "../runtime/observe.js";
import type { RuntimeSession } from "../runtime/session.js";
import { objectAt, objectsAt, stringAt } from "./pod-spec/pod-fields.js";

/**
 * mkplan's refresh against podman: each stored Pod's status names its containers (containerID)
 * and whether they run; a container podman no longer has, or one that stopped while the status
 * says it runs, changed outside of mk. Pure over the ps rows.
 */
export function podDrift(stored: readonly JsonObject[], rows: readonly ContainerSummary[]): DriftObservation[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sandboxes = new Set(rows.filter((r) => r.isInfra).map((r) => r.labels[LABEL.uid]));
  const out: DriftObservation[] = [];
  for (const pod of stored) {
    if (pod.kind !== "Pod" || pod.apiVersion !== "v1") continue;
    if (objectAt(pod.metadata).deletionTimestamp !== undefined) continue;
    const status = objectAt(pod.status);
    const statuses = [...objectsAt(status.initContainerStatuses), ...objectsAt(status.containerStatuses)];
    const details: string[] = [];
    const uid = stringAt(objectAt(pod.metadata).uid) ?? "";
    const hadContainers = statuses.some((s) => stringAt(s.containerID)?.startsWith("podman://"));
    if (hadContainers && !sandboxes.has(uid)) details.push("the podman pod was removed");
    for (const s of statuses) {
      const id = stringAt(s.containerID);
      if (!id?.startsWith("podman://")) continue;
      const row = byId.get(id.slice("podman://".length));
      const name = stringAt(s.name) ?? "";
      if (!row) details.push(`container ${name} was removed`);
      else if (objectAt(s.state).running !== undefined && row.state !== "running") {
        details.push(`container ${name} ${row.state === "exited" ? `exited (exit code ${row.exitCode})` : `is ${row.state}`}`);
      }
    }
    if (details.length > 0) out.push({ ref: refOf(pod), change: "updated", details });
  }
  return out;
}

/** The refresh hook for mkplan --refresh: podman's containers of the project against the stored Pods. */
export function createPodDriftRefresher(session: RuntimeSession): Refresher {
  return {
    name: "podman",
    async refresh(request) {
      const rows = await listContainers(session.podman, { [LABEL.project]: session.project });
      if (!rows.ok) throw new Error(rows.error.message);
      return podDrift(request.stored, rows.value);
    },
  };
}
