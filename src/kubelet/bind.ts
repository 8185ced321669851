import type { JsonObject } from "../schema/json.js";
import type { ControlContext } from "../control/reconciler.js";
import { formatTimestamp } from "../store/index.js";
import { objectAt, objectsAt, podIdentity } from "./pod-spec/pod-fields.js";
import { podFitsNode, unschedulableMessage } from "./scheduling.js";
import { schedulerEvent } from "./pod-events.js";
import { canonicalStatus } from "./status-compare.js";
import { updatePod, withFinalizer, writePodStatus } from "./status-write.js";

/**
 * The scheduler for one node: a Pod without spec.nodeName is bound to this node when the node's
 * labels and taints allow it (spec.nodeName set, with the kubelet's finalizer in the same write);
 * otherwise PodScheduled=False, reason Unschedulable, with the scheduler's message.
 * Returns the bound Pod, or undefined when it stays unscheduled.
 */
export async function schedulePod(pod: JsonObject, node: JsonObject, nodeName: string, ctx: ControlContext): Promise<JsonObject | undefined> {
  const id = podIdentity(pod);
  const fit = podFitsNode(pod, node);
  if (fit.fits) {
    const bound = await updatePod(ctx.store, pod, (latest) => {
      const spec = objectAt(latest.spec);
      if (typeof spec.nodeName === "string" && spec.nodeName !== "") return undefined;
      const withF = withFinalizer(latest) ?? latest;
      return { ...withF, spec: { ...spec, nodeName } };
    });
    if (bound) await ctx.recordEvent(schedulerEvent(id, "Normal", "Scheduled", `Successfully assigned ${id.namespace}/${id.name} to ${nodeName}`));
    return bound;
  }
  const message = unschedulableMessage(fit.reasons);
  const previous = objectAt(pod.status);
  const before = objectsAt(previous.conditions).find((c) => c.type === "PodScheduled");
  const since = before?.status === "False" && typeof before.lastTransitionTime === "string" ? before.lastTransitionTime : formatTimestamp(ctx.clock.now());
  const status: JsonObject = {
    ...previous,
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: since, reason: "Unschedulable", message }],
  };
  if (canonicalStatus(status) !== canonicalStatus(pod.status ?? null)) {
    await writePodStatus(ctx.store, pod, status);
    await ctx.recordEvent(schedulerEvent(id, "Warning", "FailedScheduling", message));
  }
  return undefined;
}
