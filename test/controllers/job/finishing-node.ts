// Plays the node for Job tests: every new pod runs to completion at once, with exit code 0 or
// whatever `exitCode(pod)` says. Also samples how many pods of each Job run at the same time.
// (Not a test file.)
import type { ControlContext, Reconciler } from "../../../src/control/reconciler.js";
import { isJsonObject, type JsonObject } from "../../../src/schema/json.js";
import { formatTimestamp, type ObjectRef } from "../../../src/store/index.js";

export interface FinishingNode extends Reconciler {
  /** The most pods that were Running (not finished, not deleted) at once. */
  readonly maxRunning: number;
}

export function createFinishingNode(exitCode: (pod: JsonObject) => number = () => 0): FinishingNode {
  let maxRunning = 0;
  const node = {
    name: "kubelet",
    watches: [{ apiVersion: "v1", kind: "Pod" }],
    async reconcile(key: ObjectRef, ctx: ControlContext) {
      const pod = await ctx.store.get(key);
      if (!pod) return;
      const meta = pod.metadata as JsonObject;
      const status = isJsonObject(pod.status) ? pod.status : {};
      if (typeof meta.deletionTimestamp === "string" || status.phase === "Succeeded" || status.phase === "Failed") return;
      const pods = await ctx.store.list({ apiVersion: "v1", kind: "Pod", namespace: key.namespace });
      const running = pods.items.filter((p) => {
        const s = isJsonObject(p.status) ? p.status : {};
        return s.phase !== "Succeeded" && s.phase !== "Failed" && typeof (p.metadata as JsonObject).deletionTimestamp !== "string";
      });
      maxRunning = Math.max(maxRunning, running.length);
      const code = exitCode(pod);
      const ts = formatTimestamp(ctx.clock.now());
      await ctx.store.updateStatus({
        ...pod,
        status: {
          phase: code === 0 ? "Succeeded" : "Failed",
          startTime: ts,
          conditions: [{ type: "Ready", status: "False", lastTransitionTime: ts, reason: "PodCompleted" }],
          containerStatuses: [{ name: "main", ready: false, restartCount: 0, state: { terminated: { exitCode: code, reason: code === 0 ? "Completed" : "Error", finishedAt: ts } } }],
        },
      });
    },
    get maxRunning() {
      return maxRunning;
    },
  };
  return node;
}
