// A Reconciler that plays the node in controller tests, without podman: it binds every Pod to a
// node, marks it Running and Ready after a configurable delay (on ctx.clock), and can be told to
// fail pods or flip their readiness. (Not a test file: node's runner finds no tests in it.)
import type { ControlContext, Reconciler } from "../../src/control/reconciler.js";
import { isJsonObject, type JsonObject } from "../../src/schema/json.js";
import { formatTimestamp, type ObjectRef } from "../../src/store/index.js";

export interface FakeKubeletOptions {
  /** The node pods are bound to (default `mk-node`). */
  nodeName?: string;
  /** How long after it is first seen a pod becomes Running and Ready, on ctx.clock (default 0). */
  readyAfterMs?: number;
  /** Pods for which this returns true go to phase Failed instead of Running. */
  fail?: (pod: JsonObject) => boolean;
  /** Pods for which this returns true go Running but never Ready (a failing readiness probe). */
  neverReady?: (pod: JsonObject) => boolean;
  /**
   * Hold deleted pods Terminating, as the real kubelet does with its finalizer: the finalizer is
   * added when a pod is first seen and removed once the pod is being deleted (after
   * terminationMs on ctx.clock, default 0).
   */
  terminationFinalizer?: boolean;
  terminationMs?: number;
}

export const FAKE_KUBELET_FINALIZER = "mk.io/kubelet";

export interface FakeKubelet extends Reconciler {
  /** Marks the pod Failed (its container exited 1) at the next reconcile. */
  failPod(namespace: string, name: string): void;
  /** Forces the pod's readiness (a readiness probe flipping). */
  setReady(namespace: string, name: string, ready: boolean): void;
  /** Pods seen so far (names), for assertions. */
  readonly seen: ReadonlySet<string>;
}

const POD_REF = (namespace: string, name: string): ObjectRef => ({ apiVersion: "v1", kind: "Pod", namespace, name });

export function createFakeKubelet(options: FakeKubeletOptions = {}): FakeKubelet {
  const nodeName = options.nodeName ?? "mk-node";
  const readyAfterMs = options.readyAfterMs ?? 0;
  const firstSeen = new Map<string, number>();
  const forcedFail = new Set<string>();
  const forcedReady = new Map<string, boolean>();
  const seen = new Set<string>();
  let wake: ((key: ObjectRef) => void) | undefined;

  const reconcile = async (key: ObjectRef, ctx: ControlContext): Promise<{ requeueAfterMs?: number } | void> => {
    let pod = await ctx.store.get(key);
    if (!pod) return;
    const metadata = pod.metadata as JsonObject;
    const finalizers = Array.isArray(metadata.finalizers) ? (metadata.finalizers as string[]) : [];
    if (typeof metadata.deletionTimestamp === "string") {
      if (!finalizers.includes(FAKE_KUBELET_FINALIZER)) return;
      const left = Date.parse(metadata.deletionTimestamp) + (options.terminationMs ?? 0) - ctx.clock.now().getTime();
      if (left > 0) return { requeueAfterMs: left };
      await ctx.store.update({ ...pod, metadata: { ...metadata, finalizers: finalizers.filter((f) => f !== FAKE_KUBELET_FINALIZER) } });
      return;
    }
    if (options.terminationFinalizer && !finalizers.includes(FAKE_KUBELET_FINALIZER)) {
      pod = await ctx.store.update({ ...pod, metadata: { ...metadata, finalizers: [...finalizers, FAKE_KUBELET_FINALIZER] } });
    }
    const uid = String(metadata.uid);
    const id = `${key.namespace ?? ""}/${key.name}`;
    seen.add(key.name);
    const spec = isJsonObject(pod.spec) ? pod.spec : {};
    if (spec.nodeName === undefined) {
      // Binding is the scheduler's write; the fake node does it to make pods "scheduled".
      pod = await ctx.store.update({ ...pod, spec: { ...spec, nodeName } });
    }
    const status = isJsonObject(pod.status) ? pod.status : {};
    const phase = status.phase;
    if (phase === "Failed" || phase === "Succeeded") return;
    const now = ctx.clock.now();
    if (!firstSeen.has(uid)) firstSeen.set(uid, now.getTime());
    const ts = formatTimestamp(now);
    const containers = Array.isArray((pod.spec as JsonObject).containers) ? ((pod.spec as JsonObject).containers as JsonObject[]) : [];
    if (forcedFail.has(id) || options.fail?.(pod)) {
      await ctx.store.updateStatus({
        ...pod,
        status: {
          phase: "Failed",
          conditions: [{ type: "Ready", status: "False", lastTransitionTime: ts, reason: "PodFailed" }],
          containerStatuses: containers.map((c) => ({ name: c.name, ready: false, restartCount: 0, image: c.image, state: { terminated: { exitCode: 1, reason: "Error" } } })),
          startTime: status.startTime ?? ts,
        },
      });
      return;
    }
    const due = (firstSeen.get(uid) as number) + readyAfterMs;
    if (now.getTime() < due) {
      if (phase !== "Pending") await ctx.store.updateStatus({ ...pod, status: { phase: "Pending", conditions: [{ type: "Ready", status: "False", lastTransitionTime: ts }] } });
      return { requeueAfterMs: due - now.getTime() };
    }
    const ready = forcedReady.get(id) ?? !options.neverReady?.(pod);
    const readyStatus = ready ? "True" : "False";
    const conditions = Array.isArray(status.conditions) ? (status.conditions as JsonObject[]) : [];
    const previous = conditions.find((c) => c.type === "Ready");
    if (phase === "Running" && previous?.status === readyStatus) return;
    const lastTransitionTime = previous?.status === readyStatus ? previous.lastTransitionTime : ts;
    await ctx.store.updateStatus({
      ...pod,
      status: {
        phase: "Running",
        hostIP: "10.88.0.1",
        podIP: "10.88.0.2",
        startTime: status.startTime ?? ts,
        conditions: [
          { type: "PodScheduled", status: "True", lastTransitionTime: ts },
          { type: "Ready", status: readyStatus, lastTransitionTime: lastTransitionTime ?? ts },
          { type: "ContainersReady", status: readyStatus, lastTransitionTime: lastTransitionTime ?? ts },
        ],
        containerStatuses: containers.map((c) => ({ name: c.name, ready, started: true, restartCount: 0, image: c.image, state: { running: { startedAt: ts } } })),
      },
    });
  };

  return {
    name: "kubelet",
    watches: [{ apiVersion: "v1", kind: "Pod" }],
    concurrency: 4,
    reconcile,
    start(_ctx, w) {
      wake = w;
      return async () => {
        wake = undefined;
      };
    },
    failPod(namespace, name) {
      forcedFail.add(`${namespace}/${name}`);
      wake?.(POD_REF(namespace, name));
    },
    setReady(namespace, name, ready) {
      forcedReady.set(`${namespace}/${name}`, ready);
      wake?.(POD_REF(namespace, name));
    },
    seen,
  };
}
