import type { JsonObject } from "../schema/json.js";
import type { ControlContext, ReconcileOutcome, Reconciler, Watch } from "../control/reconciler.js";
import { systemClock, type ObjectRef } from "../store/index.js";
import { LABEL, type Labels } from "../runtime/labels.js";
import type { RuntimeSession } from "../runtime/session.js";
import { objectAt, podIdentity } from "./pod-spec/pod-fields.js";
import { podsUsingObject, type ReferencedKind } from "./volumes/users.js";
import { ProbeManager } from "./probes/probe-manager.js";
import { backoffPolicy } from "./backoff.js";
import { schedulePod } from "./bind.js";
import { PresentImages } from "./image-step.js";
import { ensureNode, localNodeFacts, localNodeName, type NodeFacts } from "./node.js";
import { PodmanPoller } from "./podman-poller.js";
import { ContainerSnapshots } from "./container-snapshots.js";
import { PodWorker } from "./pod-worker.js";
import { removePodObjects, terminatePod } from "./pod-termination.js";
import { finalizersOf, updatePod, withFinalizer, withoutFinalizer } from "./status-write.js";
import { FINALIZER } from "./finalizer.js";

export { localNodeName } from "./node.js";

export interface KubeletOptions {
  session: RuntimeSession;
  /** The project's state folder (pod volumes live under it). */
  stateDir: string;
  /** The Node this kubelet registers and runs pods for (default: localNodeName()). */
  nodeName?: string;
  /** The first restart / pull back-off (default 10 s; the cap is 30 × base, the reset after 60 × base). */
  backoffBaseMs?: number;
  /** How often `podman ps -a` is polled (default 1000 ms). */
  pollMs?: number;
  /** The probe manager (default: one made here, waking pods through the loop). */
  probeManager?: ProbeManager;
  /** Scales probe periods and delays of the default probe manager (tests: 0.1). */
  probeTimeScale?: number;
  /** Added to every podman object the kubelet creates (end-to-end tests' transient labels). */
  extraLabels?: Labels;
  /** How many pods are synced at once (default 4: podman slows down past 4–8 parallel starts on 2 cores). */
  concurrency?: number;
}

/** The kubelet with what tests and the CLI may want to reach besides the Reconciler contract. */
export interface Kubelet extends Reconciler {
  readonly nodeName: string;
  readonly probes: ProbeManager;
}

const POD: Pick<ObjectRef, "apiVersion" | "kind"> = { apiVersion: "v1", kind: "Pod" };

/**
 * The kubelet analog: a Reconciler for Pods that binds them to this machine's Node, runs them in
 * podman (pod-worker.ts), terminates deleted ones (pod-termination.ts) and keeps their status
 * true. start() registers the Node, polls podman (podman-poller.ts) and removes orphans.
 */
export function createKubelet(options: KubeletOptions): Kubelet {
  const nodeName = options.nodeName ?? localNodeName();
  const facts: NodeFacts = localNodeFacts(nodeName);
  const session = options.session;
  const pollMs = options.pollMs ?? 1000;
  /** Pod uid → key, for wake-ups that only know the uid (probe changes). */
  const keysByUid = new Map<string, ObjectRef>();
  let wakeKey: ((key: ObjectRef) => void) | undefined;
  let clock = systemClock;
  const probes =
    options.probeManager ??
    new ProbeManager({
      podman: session.podman,
      onChange: (uid) => {
        const key = keysByUid.get(uid);
        if (key) wakeKey?.(key);
      },
      timeScale: options.probeTimeScale,
      nodeName,
      recordEvent: async (e) => {
        await eventSink?.(e);
      },
    });
  let eventSink: ControlContext["recordEvent"] | undefined;
  const snapshots = new ContainerSnapshots(session.podman, { [LABEL.project]: session.project });
  const worker = new PodWorker({
    session,
    stateDir: options.stateDir,
    nodeName,
    hostIP: facts.address,
    extraLabels: options.extraLabels ?? {},
    backoff: backoffPolicy(options.backoffBaseMs ?? 10_000),
    probes,
    images: new PresentImages(),
    snapshots,
    nowMs: () => clock.now().getTime(),
  });
  let nodeReady: Promise<JsonObject> | undefined;
  const node = (ctx: ControlContext): Promise<JsonObject> => {
    nodeReady ??= ensureNode(ctx.store, ctx.clock, facts).catch((e: unknown) => {
      nodeReady = undefined;
      throw e;
    });
    return nodeReady;
  };

  const podsUsing = (kind: ReferencedKind) => async (object: JsonObject, ctx: ControlContext) => {
    const id = podIdentity(object);
    const pods = await ctx.store.list({ ...POD, namespace: id.namespace });
    return podsUsingObject(kind, id.namespace, id.name, pods.items);
  };
  const watches: Watch[] = [
    { apiVersion: "v1", kind: "Pod" },
    { apiVersion: "v1", kind: "ConfigMap", keys: podsUsing("ConfigMap") },
    { apiVersion: "v1", kind: "Secret", keys: podsUsing("Secret") },
    { apiVersion: "v1", kind: "PersistentVolumeClaim", keys: podsUsing("PersistentVolumeClaim") },
    {
      apiVersion: "v1",
      kind: "Node",
      // A node's labels or taints changed: unscheduled pods may fit now.
      keys: async (_node, ctx) => {
        nodeReady = undefined;
        const pods = await ctx.store.list({ ...POD });
        return pods.items.filter((p) => !objectAt(p.spec).nodeName).map((p) => ({ ...POD, namespace: podIdentity(p).namespace, name: podIdentity(p).name }));
      },
    },
  ];

  async function reconcile(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
    clock = ctx.clock;
    eventSink = ctx.recordEvent;
    let pod = await ctx.store.get(key);
    if (!pod) {
      // Gone from the store without the kubelet (a forced delete): nothing of it may keep running.
      await removeByKey(key);
      return;
    }
    const id = podIdentity(pod);
    keysByUid.set(id.uid, { ...POD, namespace: id.namespace, name: id.name });
    const metadata = objectAt(pod.metadata);
    const deleting = metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null;
    const boundTo = objectAt(pod.spec).nodeName;
    let justBound = false;
    if (typeof boundTo !== "string" || boundTo === "") {
      if (deleting) {
        await updatePod(ctx.store, pod, withoutFinalizer);
        return;
      }
      const bound = await schedulePod(pod, await node(ctx), nodeName, ctx);
      if (!bound) return;
      pod = bound;
      justBound = true;
    }
    if (objectAt(pod.spec).nodeName !== nodeName) return;
    if (deleting) {
      if (!finalizersOf(pod).includes(FINALIZER)) return;
      await terminatePod(pod, ctx, worker, session, options.stateDir);
      keysByUid.delete(id.uid);
      return;
    }
    if (!finalizersOf(pod).includes(FINALIZER)) {
      const updated = await updatePod(ctx.store, pod, withFinalizer);
      if (!updated) return;
      pod = updated;
    }
    return worker.sync(pod, ctx, { justBound });
  }

  async function removeByKey(key: ObjectRef): Promise<void> {
    for (const [uid, k] of keysByUid) {
      if (k.namespace !== key.namespace || k.name !== key.name) continue;
      probes.untrack(uid);
      await removePodObjects(session, k.namespace ?? "", k.name, uid);
      worker.forget(uid);
      keysByUid.delete(uid);
    }
  }

  return {
    name: "kubelet",
    nodeName,
    probes,
    watches,
    concurrency: options.concurrency ?? 4,
    reconcile,
    start(ctx, wake) {
      wakeKey = wake;
      eventSink = ctx.recordEvent;
      const poller = new PodmanPoller(session, snapshots, options.stateDir, ctx.log);
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let running: Promise<void> = Promise.resolve();
      const tick = async (): Promise<void> => {
        try {
          await node(ctx);
          for (const key of await poller.poll(ctx.store)) wake(key);
        } catch (e) {
          ctx.log(`kubelet poll failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (!stopped) {
          timer = setTimeout(() => {
            running = tick();
          }, pollMs);
        }
      };
      // The first poll waits one period: at start the loop reconciles every pod anyway, and a ps
      // racing the first pods' podman calls only slows them down on a small machine.
      timer = setTimeout(() => {
        running = tick();
      }, pollMs);
      return async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await running;
        if (!options.probeManager) await probes.stop();
      };
    },
  };
}
