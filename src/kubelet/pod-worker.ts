import type { JsonObject } from "../schema/json.js";
import type { ControlContext, ReconcileOutcome } from "../control/reconciler.js";
import type { EventType } from "../store/index.js";
import { LABEL, type Labels } from "../runtime/labels.js";
import { podmanContainerName, podmanInfraName, podmanPodName } from "../runtime/names.js";
import { inspectPod, podCreateArgs, podIP, removePodSandbox, removeSeenPod } from "../runtime/pod-sandbox.js";
import { TIMEOUTS } from "../runtime/timeouts.js";
import { inspectContainer, inspectContainers, removeContainer, runContainer, startContainer } from "../runtime/containers.js";
import { inspectionSummary } from "../runtime/container-inspect.js";
import type { ContainerSpec } from "../runtime/container-spec.js";
import type { RuntimeSession } from "../runtime/session.js";
import type { PodmanError } from "../runtime/podman-error.js";
import { podSandboxSpec } from "./pod-spec/sandbox.js";
import { resolvePodContainers } from "./pod-spec/containers.js";
import { objectAt, objectsAt, podIdentity, podSpecOf, stringAt, type PodIdentity } from "./pod-spec/pod-fields.js";
import { preparePodVolumes, refreshPodVolumes } from "./volumes/prepare.js";
import type { ProbeManager } from "./probes/probe-manager.js";
import type { ProbeTarget } from "./probes/probe-target.js";
import { runLifecycleHandler } from "./hooks/run-handler.js";
import { terminateContainer } from "./hooks/terminate.js";
import { nextBackoff, type BackoffPolicy } from "./backoff.js";
import { runKey, terminatedState, type ContainerView } from "./container-status.js";
import { crashLoopMessage, podForMessages, pullPolicyOf, restartDecision, restartPolicyOf, type RestartPolicy } from "./decisions.js";
import { ContainerSnapshots } from "./container-snapshots.js";
import { CountedPodman } from "./podman-changes.js";
import { ensureContainerImage, type PresentImages } from "./image-step.js";
import { hasExited, isRunning, observePod, type ObservedContainer, type ObservedPod } from "./observed.js";
import { containerMemory, seedPodMemory, type ContainerMemory, type PodMemory } from "./pod-memory.js";
import { computePodStatus } from "./pod-status.js";
import { podEvent } from "./pod-events.js";
import { canonicalStatus } from "./status-compare.js";
import { writePodStatus } from "./status-write.js";

/** What the pod worker needs from the kubelet around it. */
export interface PodWorkerDeps {
  session: RuntimeSession;
  stateDir: string;
  nodeName: string;
  hostIP: string;
  /** Added to every podman object (tests' transient labels). */
  extraLabels: Labels;
  backoff: BackoffPolicy;
  probes: ProbeManager;
  images: PresentImages;
  /** The project's shared `podman ps -a`. */
  snapshots: ContainerSnapshots;
  /** Time for decisions (ctx.clock in reconciles). */
  nowMs: () => number;
}

/** One container of the pod spec, with whether it is an init container. */
interface SpecContainer {
  name: string;
  init: boolean;
  spec: JsonObject;
}

/** The outcome of `podman run`: the container (started or, seen late, as it is), or why not (with the id of a container created whose start failed). */
type Launch = { ok: true; id: string; started: boolean } | { ok: false; error: PodmanError; createdId?: string };

/** The result of one step on the pod: go on, or stop this sync and come back after `retryAfterMs`. */
type Step = { done: false } | { done: true; retryAfterMs?: number };
const GO_ON: Step = { done: false };

/**
 * The pod worker (the kubelet's syncPod, per pod): brings podman in line with one bound Pod —
 * sandbox, volumes, init containers one at a time, app containers, restarts with back-off,
 * liveness kills — and writes the Pod's status when it changed. Decisions are the pure functions
 * in decisions.ts and pod-status.ts; this class carries them out.
 */
export class PodWorker {
  private readonly memories = new Map<string, PodMemory>();
  /** The session's podman, counting the calls that change containers. */
  private readonly podman: CountedPodman;

  constructor(private readonly deps: PodWorkerDeps) {
    this.podman = new CountedPodman(deps.session.podman);
  }

  /** The memory of a pod, seeded from its stored status the first time. */
  memoryOf(pod: JsonObject): PodMemory {
    const uid = podIdentity(pod).uid;
    let memory = this.memories.get(uid);
    if (!memory) {
      memory = seedPodMemory(pod);
      this.memories.set(uid, memory);
    }
    return memory;
  }

  forget(uid: string): void {
    this.memories.delete(uid);
  }

  private selector(uid: string): Labels {
    return { [LABEL.project]: this.deps.session.project, [LABEL.uid]: uid };
  }

  private podmanPod(id: PodIdentity): string {
    return podmanPodName(this.deps.session.project, id.namespace, id.name);
  }

  /**
   * The pod's containers in podman, from a project-wide ps taken after the worker's last action
   * on this pod, with precise times of runs that changed.
   */
  async observe(pod: JsonObject, memory: PodMemory): Promise<ObservedPod> {
    const after = memory.lastActionAt ?? 0;
    // The pod's own inspect after its last action is as good as a ps, until a newer ps exists
    // (the poller's, which wakes the pod when something changed).
    const inspectedAt = memory.inspectedAt;
    if (memory.lastObserved && inspectedAt !== undefined && inspectedAt >= after && !this.deps.snapshots.takenSince(inspectedAt)) return memory.lastObserved;
    memory.inspectedAt = undefined;
    const rows = await this.deps.snapshots.since(after);
    const observed = observePod(rows.filter((r) => r.labels[LABEL.uid] === memory.uid));
    for (const c of observed.containers.values()) await this.refineRun(c, containerMemory(memory, c.name));
    return observed;
  }

  /**
   * The view of podman after an action, and the pod IP once: one after the other, because two
   * podman calls at once wait on podman's lock (bench:pods, 1 pod: 100 ms in parallel, 63 ms in turn).
   */
  private async observeAfterAction(pod: JsonObject, id: PodIdentity, memory: PodMemory): Promise<ObservedPod> {
    if (!memory.podIP) await this.learnPodIP(id, memory).catch(() => undefined);
    return this.observe(pod, memory);
  }

  /**
   * A pod's first start (every app container launched, no init containers): one inspect of its
   * infra and containers gives both its IP and podman's view of them, a call fewer than the IP
   * inspect and the ps. Undefined when that does not apply or the inspect fails (then the usual way).
   */
  private async observeFirstStart(pod: JsonObject, id: PodIdentity, memory: PodMemory): Promise<ObservedPod | undefined> {
    const containers = this.specContainers(pod);
    if (containers.some((c) => c.init)) return undefined;
    const podName = this.podmanPod(id);
    const inspectedAt = ContainerSnapshots.now();
    const inspected = await inspectContainers(this.podman, [podmanInfraName(podName), ...containers.map((c) => podmanContainerName(podName, c.name))]);
    if (!inspected.ok) return undefined;
    const rows = inspected.value.map(inspectionSummary);
    if (rows.some((r) => r.labels[LABEL.uid] !== memory.uid)) return undefined;
    const ip = inspected.value.find((c) => c.isInfra)?.networks[this.deps.session.network];
    if (ip === undefined) return undefined;
    memory.podIP = ip;
    memory.inspectedAt = inspectedAt;
    const observed = observePod(rows);
    for (const c of observed.containers.values()) await this.refineRun(c, containerMemory(memory, c.name));
    return observed;
  }

  /** ps shows whole seconds: an exited run is inspected once for its exact times and OOM flag. */
  private async refineRun(c: ObservedContainer, memory: ContainerMemory): Promise<void> {
    const signature = `${c.id}/${c.state}/${c.startedAt?.getTime() ?? 0}/${c.finishedAt?.getTime() ?? 0}`;
    if (memory.run?.signature !== signature && hasExited(c)) {
      const inspected = await inspectContainer(this.podman, c.id);
      if (inspected.ok) {
        memory.run = { id: c.id, signature, startedAt: inspected.value.startedAt, finishedAt: inspected.value.finishedAt, oomKilled: inspected.value.oomKilled };
      }
    }
    if (memory.run?.signature === signature) {
      c.startedAt = memory.run.startedAt ?? c.startedAt;
      c.finishedAt = memory.run.finishedAt ?? c.finishedAt;
      c.oomKilled = memory.run.oomKilled;
    }
  }

  private specContainers(pod: JsonObject): SpecContainer[] {
    const spec = podSpecOf(pod);
    return [
      ...objectsAt(spec.initContainers).map((c) => ({ name: stringAt(c.name) ?? "", init: true, spec: c })),
      ...objectsAt(spec.containers).map((c) => ({ name: stringAt(c.name) ?? "", init: false, spec: c })),
    ];
  }

  private async event(ctx: ControlContext, pod: PodIdentity, type: EventType, reason: string, message: string, container?: SpecContainer): Promise<void> {
    await ctx.recordEvent(podEvent(pod, this.deps.nodeName, type, reason, message, container));
  }

  /** One sync of a bound, not deleted Pod. */
  async sync(pod: JsonObject, ctx: ControlContext, options: { justBound?: boolean } = {}): Promise<ReconcileOutcome | void> {
    const id = podIdentity(pod);
    const memory = this.memoryOf(pod);
    const policy = restartPolicyOf(podSpecOf(pod).restartPolicy);
    const phase = stringAt(objectAt(pod.status).phase);
    // A pod bound in this very reconcile has nothing in podman yet: nothing is created before binding.
    let observed = options.justBound ? observePod([]) : await this.observe(pod, memory);
    const retries: number[] = [];

    const deadline = activeDeadline(pod, this.deps.nowMs());
    if (deadline.exceeded && phase !== "Succeeded" && phase !== "Failed") {
      // spec.activeDeadlineSeconds passed: the kubelet kills the pod's containers and fails it.
      await this.killRunning(pod, observed, memory, ctx, this.graceSeconds(pod));
      memory.lastActionAt = ContainerSnapshots.now();
      memory.deadlineExceeded = true;
      await this.event(ctx, id, "Normal", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
      observed = await this.observe(pod, memory);
    } else if (phase === "Succeeded" || phase === "Failed") {
      // A finished pod runs nothing: the kubelet kills what is still running.
      await this.killRunning(pod, observed, memory, ctx, 0);
      memory.lastActionAt = ContainerSnapshots.now();
      observed = await this.observe(pod, memory);
    } else {
      let step: Step;
      const changesBefore = this.podman.changes;
      try {
        step = await this.runPod(pod, id, policy, observed, memory, ctx);
      } finally {
        // Whatever happened in podman, later observations must be taken after it.
        if (this.podman.changes !== changesBefore) memory.lastActionAt = ContainerSnapshots.now();
      }
      if (step.done && step.retryAfterMs !== undefined) retries.push(step.retryAfterMs);
      observed = (!memory.podIP && !step.done ? await this.observeFirstStart(pod, id, memory) : undefined) ?? (await this.observeAfterAction(pod, id, memory));
    }
    memory.lastObserved = observed;
    // Probes first: a container just started is not ready before its readiness probe says so.
    this.trackProbes(pod, observed, memory);
    await this.writeStatus(pod, observed, memory, ctx);
    if (deadline.remainingMs !== undefined) retries.push(deadline.remainingMs);
    return retries.length > 0 ? { requeueAfterMs: Math.max(1, Math.min(...retries)) } : undefined;
  }

  private async runPod(pod: JsonObject, id: PodIdentity, policy: RestartPolicy, observed: ObservedPod, memory: PodMemory, ctx: ControlContext): Promise<Step> {
    const sandbox = await this.ensureSandbox(pod, id, observed, memory, ctx);
    if (sandbox.done) return sandbox;
    const volumes = await this.ensureVolumes(pod, id, memory, ctx);
    if (volumes.done) return volumes;
    const containers = this.specContainers(pod);
    let specs: { init: ContainerSpec[]; app: ContainerSpec[] } | undefined;
    const specFor = async (c: SpecContainer): Promise<ContainerSpec | Step> => {
      if (!specs) {
        const resolved = await resolvePodContainers(pod, {
          store: ctx.store,
          runtime: { ...this.deps.session, labels: this.deps.extraLabels },
          podIP: memory.podIP ?? "",
          hostIP: this.deps.hostIP,
          volumes: memory.volumes ?? {},
        });
        if (!resolved.ok) {
          const failing = containerMemory(memory, resolved.container);
          failing.waiting = { reason: resolved.reason, message: resolved.message };
          const which = containers.find((x) => x.name === resolved.container);
          await this.event(ctx, id, "Warning", "Failed", `Error: ${resolved.message}`, which);
          return { done: true, retryAfterMs: this.deps.backoff.baseMs };
        }
        specs = resolved;
      }
      const list = c.init ? specs.init : specs.app;
      const index = containers.filter((x) => x.init === c.init).findIndex((x) => x.name === c.name);
      return list[index];
    };

    if (!memory.initialized) {
      for (const c of containers.filter((x) => x.init)) {
        const o = observed.containers.get(c.name);
        if (hasExited(o) && o?.exitCode === 0) continue;
        return this.runContainer(pod, id, c, o, policy, memory, ctx, specFor);
      }
      memory.initialized = true;
    }
    const steps: Step[] = [];
    for (const c of containers.filter((x) => !x.init)) {
      const step = await this.runContainer(pod, id, c, observed.containers.get(c.name), policy, memory, ctx, specFor);
      steps.push(step);
    }
    const retries = steps.flatMap((s) => (s.done && s.retryAfterMs !== undefined ? [s.retryAfterMs] : []));
    return retries.length > 0 ? { done: true, retryAfterMs: Math.min(...retries) } : GO_ON;
  }

  /**
   * One container's step: start it when it never ran, restart it under the policy and back-off
   * when it finished, kill it when its liveness probe failed. Init containers return done while
   * they run (the next one waits).
   */
  private async runContainer(
    pod: JsonObject,
    id: PodIdentity,
    c: SpecContainer,
    o: ObservedContainer | undefined,
    policy: RestartPolicy,
    memory: PodMemory,
    ctx: ControlContext,
    specFor: (c: SpecContainer) => Promise<ContainerSpec | Step>,
  ): Promise<Step> {
    const cm = containerMemory(memory, c.name);
    const nowMs = this.deps.nowMs();
    if (isRunning(o) && o) {
      cm.waiting = undefined;
      cm.gone = undefined;
      cm.knownId = o.id;
      if (!c.init) {
        const liveness = this.deps.probes.results(id.uid, c.name).livenessFailed;
        if (liveness && o.startedAt) {
          await this.kill(pod, id, c, o, cm, ctx, liveness.terminationGracePeriodSeconds);
          return { done: true, retryAfterMs: 1 };
        }
      }
      return c.init ? { done: true } : GO_ON;
    }
    if (o && o.state === "created" && !cm.startError) {
      return this.start(pod, id, c, o.id, cm, memory, ctx, false);
    }
    const view: ContainerView = { name: c.name, specImage: "", observed: o, memory: cm, probe: { started: false, ready: false }, pendingReason: "ContainerCreating", memoryLimited: false, init: c.init };
    const finished = o ? terminatedState(view) : undefined;
    if (finished || (!o && cm.knownId)) {
      // Finished (or vanished behind mk's back): restart under the policy, after the back-off.
      let exitCode: number;
      let finishedAtMs: number;
      if (finished) {
        exitCode = Number(finished.exitCode);
        finishedAtMs = o?.finishedAt?.getTime() ?? cm.startError?.atMs ?? nowMs;
      } else {
        exitCode = 137;
        finishedAtMs = nowMs;
        cm.gone = {
          exitCode: 137,
          reason: "ContainerStatusUnknown",
          message: "The container could not be located when the pod was synced. The container used to be Running",
          startedAt: "1970-01-01T00:00:00Z",
          finishedAt: new Date(nowMs).toISOString().slice(0, 19) + "Z",
          containerID: `podman://${cm.knownId}`,
        };
        await this.event(ctx, id, "Warning", "ContainerStatusUnknown", `Container ${c.name} was removed outside of mk (podman rm); restartPolicy ${policy}`, c);
        cm.knownId = undefined;
      }
      const decision = restartDecision({ policy, init: c.init, exitCode, finishedAtMs, entry: cm.backoff, backoff: this.deps.backoff, nowMs });
      if (decision.kind === "stay") {
        cm.waiting = undefined;
        return c.init ? { done: true } : GO_ON;
      }
      if (decision.kind === "back-off") {
        cm.waiting = { reason: "CrashLoopBackOff", message: crashLoopMessage(decision.backoffMs, c.name, podForMessages(id)) };
        await this.event(ctx, id, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${podForMessages(id)}`, c);
        return { done: true, retryAfterMs: Math.max(1, decision.remainingMs) };
      }
      cm.backoff = nextBackoff(cm.backoff, this.deps.backoff, finishedAtMs);
      cm.lastTerminated = finished ?? cm.gone;
      cm.gone = undefined;
      cm.restartCount += 1;
      cm.waiting = undefined;
      if (o && !cm.startError) return this.start(pod, id, c, o.id, cm, memory, ctx, true);
      if (o) {
        const removed = await removeContainer(this.podman, o.id, this.selector(id.uid));
        if (!removed.ok) throw new Error(removed.error.message);
      }
      cm.startError = undefined;
    }
    return this.create(pod, id, c, cm, memory, ctx, specFor);
  }

  /** Image, `podman create`, then start: a container that never existed (or was removed). */
  private async create(
    pod: JsonObject,
    id: PodIdentity,
    c: SpecContainer,
    cm: ContainerMemory,
    memory: PodMemory,
    ctx: ControlContext,
    specFor: (c: SpecContainer) => Promise<ContainerSpec | Step>,
  ): Promise<Step> {
    const image = stringAt(c.spec.image) ?? "";
    const policy = pullPolicyOf(c.spec.imagePullPolicy, image);
    const getImage = async (): Promise<Step> => {
      const pulled = await ensureContainerImage(
        this.podman,
        { image, policy, memory: cm, backoff: this.deps.backoff, nowMs: this.deps.nowMs, present: this.deps.images },
        (e) => this.event(ctx, id, e.type, e.reason, e.message, c),
      );
      return pulled.ok ? GO_ON : { done: true, retryAfterMs: pulled.retryAfterMs };
    };
    // IfNotPresent and Never: `podman create --pull never` is the presence check (one call less);
    // only a missing image goes through the image manager (ErrImageNeverPull, pulls, back-off).
    const direct = policy !== "Always" && cm.pullBackoff === undefined && cm.waiting === undefined;
    if (!direct) {
      const got = await getImage();
      if (got.done) return got;
    }
    const spec = await specFor(c);
    if (!spec || !("image" in spec)) return (spec as Step | undefined) ?? { done: true, retryAfterMs: this.deps.backoff.baseMs };
    let launched = await this.launch(spec, id);
    if (!launched.ok && launched.error.kind === "image-not-present" && direct) {
      this.deps.images.forget(image);
      const got = await getImage();
      if (got.done) return got;
      launched = await this.launch(spec, id);
    } else if ((launched.ok || launched.createdId) && direct) {
      this.deps.images.add(image);
      await this.event(ctx, id, "Normal", "Pulled", `Container image "${image}" already present on machine`, c);
    }
    if (!launched.ok && launched.createdId) {
      // Created, but the start failed (the command does not exist): StartError, then the back-off.
      await this.event(ctx, id, "Normal", "Created", `Created container ${c.name}`, c);
      cm.knownId = launched.createdId;
      cm.startError = { atMs: this.deps.nowMs(), message: launched.error.detail || launched.error.message };
      await this.event(ctx, id, "Warning", "Failed", `Error: ${cm.startError.message}`, c);
      return { done: true, retryAfterMs: 1 };
    }
    if (!launched.ok) {
      if (launched.error.kind === "image-not-present") this.deps.images.forget(image);
      cm.waiting = { reason: "CreateContainerError", message: launched.error.message };
      await this.event(ctx, id, "Warning", "Failed", `Error: ${launched.error.message}`, c);
      return { done: true, retryAfterMs: this.deps.backoff.baseMs };
    }
    await this.event(ctx, id, "Normal", "Created", `Created container ${c.name}`, c);
    if (!launched.started) return this.start(pod, id, c, launched.id, cm, memory, ctx, false);
    return this.afterStart(pod, id, c, launched.id, cm, memory, ctx);
  }

  /**
   * `podman run --detach` (create and start in one call). A container of the same name that is
   * this pod's (seen late) is used as it is; another pod's (an earlier pod of the same name, mk
   * stopped half-way) is removed first. A failed start leaves the container created: its id is
   * returned with the error.
   */
  private async launch(spec: ContainerSpec, id: PodIdentity): Promise<Launch> {
    const podman = this.podman;
    let run = await runContainer(podman, spec);
    if (run.ok) return { ok: true, id: run.value, started: true };
    if (run.error.kind === "name-in-use") {
      const existing = await inspectContainer(podman, spec.name);
      if (existing.ok && existing.value.labels[LABEL.uid] === id.uid) return { ok: true, id: existing.value.id, started: existing.value.running };
      const stale = await removeContainer(podman, spec.name, { [LABEL.project]: this.deps.session.project });
      if (!stale.ok) return { ok: false, error: stale.error };
      run = await runContainer(podman, spec);
      if (run.ok) return { ok: true, id: run.value, started: true };
    }
    if (run.error.kind === "image-not-present" || run.error.kind === "image-pull-failed") return { ok: false, error: run.error };
    const left = await inspectContainer(podman, spec.name);
    if (left.ok && left.value.labels[LABEL.uid] === id.uid) return { ok: false, error: run.error, createdId: left.value.id };
    return { ok: false, error: run.error };
  }

  /** `podman start` of a created or exited container, then as afterStart. */
  private async start(pod: JsonObject, id: PodIdentity, c: SpecContainer, containerId: string, cm: ContainerMemory, memory: PodMemory, ctx: ControlContext, restart: boolean): Promise<Step> {
    if (restart) await this.event(ctx, id, "Normal", "Created", `Created container ${c.name}`, c);
    const started = await startContainer(this.podman, containerId);
    cm.knownId = containerId;
    if (!started.ok) {
      cm.startError = { atMs: this.deps.nowMs(), message: started.error.detail || started.error.message };
      await this.event(ctx, id, "Warning", "Failed", `Error: ${cm.startError.message}`, c);
      return { done: true, retryAfterMs: 1 };
    }
    return this.afterStart(pod, id, c, containerId, cm, memory, ctx);
  }

  /** A container started: `Started`, then its postStart hook (it counts as running once the hook finished). */
  private async afterStart(pod: JsonObject, id: PodIdentity, c: SpecContainer, containerId: string, cm: ContainerMemory, memory: PodMemory, ctx: ControlContext): Promise<Step> {
    cm.knownId = containerId;
    cm.startError = undefined;
    cm.waiting = undefined;
    await this.event(ctx, id, "Normal", "Started", `Started container ${c.name}`, c);
    const postStart = objectAt(objectAt(c.spec.lifecycle).postStart);
    if (!c.init && Object.keys(postStart).length > 0) {
      const target = this.target(id, c, containerId, memory);
      const outcome = await runLifecycleHandler(postStart, target, this.podman, this.graceSeconds(pod) * 1000);
      if (!outcome.ok) {
        await this.event(ctx, id, "Warning", "FailedPostStartHook", outcome.message, c);
        const inspected = await inspectContainer(this.podman, containerId);
        if (inspected.ok && inspected.value.startedAt) cm.killedRun = runKey({ id: containerId, startedAt: inspected.value.startedAt });
        await terminateContainer(this.podman, { target, gracePeriodSeconds: this.graceSeconds(pod) });
        return { done: true, retryAfterMs: 1 };
      }
    }
    return c.init ? { done: true } : GO_ON;
  }

  /** A liveness (or startup) probe failed: stop the container (preStop first); the restart follows its exit. */
  private async kill(pod: JsonObject, id: PodIdentity, c: SpecContainer, o: ObservedContainer, cm: ContainerMemory, ctx: ControlContext, probeGraceSeconds?: number): Promise<void> {
    const memory = this.memoryOf(pod);
    cm.killedRun = runKey(o);
    const preStop = objectAt(objectAt(c.spec.lifecycle).preStop);
    const result = await terminateContainer(this.podman, {
      target: this.target(id, c, o.id, memory),
      preStop: Object.keys(preStop).length > 0 ? preStop : undefined,
      // A probe's own terminationGracePeriodSeconds overrides the pod's for this kill.
      gracePeriodSeconds: probeGraceSeconds ?? this.graceSeconds(pod),
      seenRunning: isRunning(o),
    });
    if (result.preStop && !result.preStop.ok && !result.preStop.timedOut) {
      await this.event(ctx, id, "Warning", "FailedPreStopHook", result.preStop.message ?? "", c);
    }
    this.deps.probes.untrack(id.uid, c.name);
  }

  /** Stops every running container of the pod (a finished pod, or termination). */
  async killRunning(pod: JsonObject, observed: ObservedPod, memory: PodMemory, ctx: ControlContext, graceSeconds: number, withEvents = false): Promise<void> {
    const id = podIdentity(pod);
    const containers = this.specContainers(pod);
    await Promise.all(
      containers.map(async (c) => {
        const o = observed.containers.get(c.name);
        if (!isRunning(o) || !o) return;
        const cm = containerMemory(memory, c.name);
        cm.killedRun = runKey(o);
        if (withEvents) await this.event(ctx, id, "Normal", "Killing", `Stopping container ${c.name}`, c);
        const preStop = objectAt(objectAt(c.spec.lifecycle).preStop);
        const result = await terminateContainer(this.podman, {
          target: this.target(id, c, o.id, memory),
          preStop: !c.init && Object.keys(preStop).length > 0 ? preStop : undefined,
          gracePeriodSeconds: graceSeconds,
          seenRunning: true,
        });
        if (result.preStop && !result.preStop.ok && !result.preStop.timedOut) {
          await this.event(ctx, id, "Warning", "FailedPreStopHook", result.preStop.message ?? "", c);
        }
        if (result.error) throw new Error(`stopping container ${c.name} of pod ${id.namespace}/${id.name} failed: ${result.error}`);
      }),
    );
    this.deps.probes.untrack(id.uid);
  }

  /**
   * A deleted pod whose running containers have no preStop hook: podman's `pod rm --time` gives
   * each SIGTERM and SIGKILL after the grace period and removes the pod, one call instead of a
   * stop per container, an inspect and the removal. False (nothing done) when that does not apply.
   */
  async removeWithoutHooks(pod: JsonObject, observed: ObservedPod, memory: PodMemory, ctx: ControlContext, graceSeconds: number): Promise<boolean> {
    if (!observed.podId) return false;
    const running = this.specContainers(pod).filter((c) => isRunning(observed.containers.get(c.name)));
    if (running.some((c) => !c.init && Object.keys(objectAt(objectAt(c.spec.lifecycle).preStop)).length > 0)) return false;
    const id = podIdentity(pod);
    for (const c of running) {
      containerMemory(memory, c.name).killedRun = runKey(observed.containers.get(c.name) as ObservedContainer);
      await this.event(ctx, id, "Normal", "Killing", `Stopping container ${c.name}`, c);
    }
    this.deps.probes.untrack(id.uid);
    const removed = await removeSeenPod(this.podman, observed.podId, graceSeconds);
    if (!removed.ok) throw new Error(`removing pod ${id.namespace}/${id.name} failed: ${removed.error.message}`);
    return true;
  }

  /**
   * The podman pod (the sandbox). Its infra container is started here only when a container's
   * environment needs the pod IP (status.podIP) or an existing sandbox's infra has stopped;
   * otherwise the first container's `podman start` starts it (one podman call less per pod).
   */
  private async ensureSandbox(pod: JsonObject, id: PodIdentity, observed: ObservedPod, memory: PodMemory, ctx: ControlContext): Promise<Step> {
    const podman = this.podman;
    const name = this.podmanPod(id);
    const ipFirst = needsPodIPBeforeContainers(pod);
    if (!observed.sandboxExists) {
      memory.podIP = undefined;
      const spec = podSandboxSpec(pod, { project: this.deps.session.project, network: this.deps.session.network, labels: this.deps.extraLabels });
      let created = await podman.run({ args: podCreateArgs(spec), timeoutMs: TIMEOUTS.create });
      if (!created.ok && created.error.kind === "name-in-use") {
        // A podman pod of the same name: this pod's (seen late) is kept; another uid's is an
        // earlier pod's of the same name (mk stopped half-way) and goes.
        const existing = await inspectPod(podman, name);
        if (!(existing.ok && existing.value.labels[LABEL.uid] === id.uid)) {
          const stale = await removePodSandbox(podman, name, { [LABEL.project]: this.deps.session.project });
          if (!stale.ok) return this.sandboxFailed(id, stale.error.message, ctx);
          created = await podman.run({ args: podCreateArgs(spec), timeoutMs: TIMEOUTS.create });
        } else created = { ok: true, value: { stdout: "", stderr: "", all: "", exitCode: 0 } };
      }
      if (!created.ok) {
        // podman 4.3 can leave a half-made pod after a failed create.
        await removePodSandbox(podman, name, spec.labels);
        return this.sandboxFailed(id, created.error.message, ctx);
      }
    }
    if (!observed.sandboxRunning && (ipFirst || observed.sandboxExists)) {
      memory.podIP = undefined;
      const started = await podman.run({ args: ["pod", "start", name], timeoutMs: TIMEOUTS.start });
      if (!started.ok) return this.sandboxFailed(id, started.error.message, ctx);
    }
    if (ipFirst && !memory.podIP) return this.learnPodIP(id, memory, ctx);
    return GO_ON;
  }

  /** The pod's address, read once from its infra container. */
  private async learnPodIP(id: PodIdentity, memory: PodMemory, ctx?: ControlContext): Promise<Step> {
    const ip = await podIP(this.podman, this.podmanPod(id), this.deps.session.network);
    if (!ip.ok) return ctx ? this.sandboxFailed(id, ip.error.message, ctx) : { done: true };
    memory.podIP = ip.value;
    return GO_ON;
  }

  private async sandboxFailed(id: PodIdentity, message: string, ctx: ControlContext): Promise<Step> {
    await this.event(ctx, id, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${message}`);
    return { done: true, retryAfterMs: this.deps.backoff.baseMs };
  }

  private async ensureVolumes(pod: JsonObject, id: PodIdentity, memory: PodMemory, ctx: ControlContext): Promise<Step> {
    const env = { store: ctx.store, runtime: this.deps.session, stateDir: this.deps.stateDir, labels: this.deps.extraLabels };
    if (memory.volumes) {
      if (objectsAt(podSpecOf(pod).volumes).length > 0) await refreshPodVolumes(pod, env);
      return GO_ON;
    }
    const prepared = await preparePodVolumes(pod, env);
    if (!prepared.ok) {
      await this.event(ctx, id, "Warning", prepared.reason, prepared.message);
      return { done: true, retryAfterMs: this.deps.backoff.baseMs };
    }
    memory.volumes = prepared.volumes;
    return GO_ON;
  }

  target(id: PodIdentity, c: SpecContainer, podmanContainer: string, memory: PodMemory): ProbeTarget {
    const ports = objectsAt(c.spec.ports).flatMap((p) =>
      typeof p.containerPort === "number" ? [{ containerPort: p.containerPort, ...(typeof p.name === "string" ? { name: p.name } : {}) }] : [],
    );
    return { podUid: id.uid, containerName: c.name, podmanContainer, podIP: memory.podIP ?? "", ports, pod: { namespace: id.namespace, name: id.name } };
  }

  graceSeconds(pod: JsonObject): number {
    const grace = podSpecOf(pod).terminationGracePeriodSeconds;
    return typeof grace === "number" && grace >= 0 ? grace : 30;
  }

  /** Running app containers get their probes (idempotent; a restart resets them); others lose them. */
  private trackProbes(pod: JsonObject, observed: ObservedPod, memory: PodMemory): void {
    const id = podIdentity(pod);
    for (const c of this.specContainers(pod)) {
      if (c.init) continue;
      const o = observed.containers.get(c.name);
      const probes = { liveness: probeSpec(c.spec.livenessProbe), readiness: probeSpec(c.spec.readinessProbe), startup: probeSpec(c.spec.startupProbe) };
      const any = probes.liveness || probes.readiness || probes.startup;
      if (!isRunning(o) || !o || !o.startedAt || !any) {
        this.deps.probes.untrack(id.uid, c.name);
        continue;
      }
      this.deps.probes.track({ ...this.target(id, c, o.id, memory), startedAt: o.startedAt, pod: { namespace: id.namespace, name: id.name, uid: id.uid } }, probes);
    }
  }

  /** Computes the status from what is observed now and writes it when it changed. */
  async writeStatus(pod: JsonObject, observed: ObservedPod, memory: PodMemory, ctx: ControlContext): Promise<void> {
    const id = podIdentity(pod);
    const views = (init: boolean): ContainerView[] =>
      this.specContainers(pod)
        .filter((c) => c.init === init)
        .map((c) => {
          const o = observed.containers.get(c.name);
          const probe = isRunning(o) && !init ? this.deps.probes.results(id.uid, c.name) : { started: true, ready: true };
          return {
            name: c.name,
            specImage: stringAt(c.spec.image) ?? "",
            observed: o,
            memory: containerMemory(memory, c.name),
            probe,
            pendingReason: !memory.initialized && !init ? "PodInitializing" : init ? "PodInitializing" : "ContainerCreating",
            memoryLimited: objectAt(objectAt(c.spec.resources).limits).memory !== undefined,
            init,
          };
        });
    const status = computePodStatus({
      pod,
      init: views(true),
      app: views(false),
      initialized: memory.initialized,
      podIP: memory.podIP,
      hostIP: this.deps.hostIP,
      now: new Date(this.deps.nowMs()),
      deadlineExceeded: memory.deadlineExceeded === true,
    });
    if (canonicalStatus(status) === canonicalStatus(pod.status ?? null)) return;
    await writePodStatus(ctx.store, pod, status);
  }

}

function probeSpec(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A container's environment reads the pod IP (fieldRef status.podIP / status.podIPs): the sandbox must run first. */
export function needsPodIPBeforeContainers(pod: JsonObject): boolean {
  const spec = podSpecOf(pod);
  return [...objectsAt(spec.initContainers), ...objectsAt(spec.containers)].some((c) =>
    objectsAt(c.env).some((e) => {
      const path = objectAt(objectAt(objectAt(e.valueFrom).fieldRef)).fieldPath;
      return path === "status.podIP" || path === "status.podIPs";
    }),
  );
}

/** spec.activeDeadlineSeconds counted from status.startTime: passed, or how long until it does. */
export function activeDeadline(pod: JsonObject, nowMs: number): { exceeded: boolean; remainingMs?: number } {
  const seconds = podSpecOf(pod).activeDeadlineSeconds;
  const startTime = stringAt(objectAt(pod.status).startTime);
  if (typeof seconds !== "number" || seconds < 0 || !startTime) return { exceeded: false };
  const remainingMs = Date.parse(startTime) + seconds * 1000 - nowMs;
  return remainingMs <= 0 ? { exceeded: true } : { exceeded: false, remainingMs };
}
