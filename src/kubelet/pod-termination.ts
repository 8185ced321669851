import type { JsonObject } from "../schema/json.js";
import type { ControlContext } from "../control/reconciler.js";
import { LABEL } from "../runtime/labels.js";
import { podmanPodName } from "../runtime/names.js";
import { listContainers } from "../runtime/observe.js";
import { removeContainer } from "../runtime/containers.js";
import { removePodSandbox } from "../runtime/pod-sandbox.js";
import type { RuntimeSession } from "../runtime/session.js";
import { objectAt, podIdentity } from "./pod-spec/pod-fields.js";
import { cleanupPodVolumes, hasPodmanVolumes } from "./volumes/prepare.js";
import type { PodWorker } from "./pod-worker.js";
import { updatePod, withoutFinalizer } from "./status-write.js";

/** The grace period of a deleted pod: metadata.deletionGracePeriodSeconds, else spec.terminationGracePeriodSeconds (30). */
export function terminationGraceSeconds(pod: JsonObject): number {
  const requested = objectAt(pod.metadata).deletionGracePeriodSeconds;
  if (typeof requested === "number" && requested >= 0) return requested;
  const spec = objectAt(pod.spec).terminationGracePeriodSeconds;
  return typeof spec === "number" && spec >= 0 ? spec : 30;
}

/**
 * A deleted Pod (deletionTimestamp set): every running container gets its preStop hook, SIGTERM
 * and SIGKILL after the grace period (Killing `Stopping container X`), then the podman pod and
 * the pod's volumes go, and the kubelet's finalizer is removed — the store then removes the Pod.
 * Without preStop hooks to run, podman's own pod removal does the SIGTERM, the grace and the kill.
 */
export async function terminatePod(pod: JsonObject, ctx: ControlContext, worker: PodWorker, session: RuntimeSession, stateDir: string): Promise<void> {
  const id = podIdentity(pod);
  const memory = worker.memoryOf(pod);
  const grace = terminationGraceSeconds(pod);
  // Without hooks to run, what the last sync saw (the podman pod's id, the running containers) is
  // enough: podman stops whatever runs in the pod. Hooks need a fresh view of what still runs.
  const seen = memory.lastObserved ?? (await worker.observe(pod, memory));
  if (!(await worker.removeWithoutHooks(pod, seen, memory, ctx, grace))) {
    const observed = seen === memory.lastObserved ? await worker.observe(pod, memory) : seen;
    await worker.killRunning(pod, observed, memory, ctx, grace, true);
    await removePodObjects(session, id.namespace, id.name, id.uid);
  }
  // A pod's spec cannot gain volumes: without memory-backed emptyDirs there is no podman volume to look for.
  await cleanupPodVolumes(id.uid, stateDir, hasPodmanVolumes(pod) ? session : undefined);
  await updatePod(ctx.store, pod, withoutFinalizer);
  worker.forget(id.uid);
}

/** Removes the podman pod and any stray container of the pod with this uid (label-guarded). */
export async function removePodObjects(session: RuntimeSession, namespace: string, name: string, uid: string): Promise<void> {
  const selector = { [LABEL.project]: session.project, [LABEL.uid]: uid };
  const removed = await removePodSandbox(session.podman, podmanPodName(session.project, namespace, name), selector);
  if (!removed.ok && removed.error.kind !== "not-owned") throw new Error(removed.error.message);
  // mk creates every container inside its podman pod (`run --pod`), and pod rm takes them along:
  // strays are looked for only when there was no pod of ours to remove.
  if (removed.ok && removed.value === "removed") return;
  const strays = await listContainers(session.podman, selector);
  if (!strays.ok) throw new Error(strays.error.message);
  for (const c of strays.value) {
    const r = await removeContainer(session.podman, c.id, selector);
    if (!r.ok) throw new Error(r.error.message);
  }
}
