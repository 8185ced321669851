import type { JsonObject } from "../../schema/json.js";
import type { Podman } from "../../runtime/podman.js";
import { systemClock, type Clock, type EventInput } from "../../store/index.js";
import type { ActionResult } from "./action-result.js";
import { probeTiming, type ProbeKind, type ProbeTiming } from "./probe-config.js";
import { killingForProbeEvent, probeErroredEvent, unhealthyEvent } from "./probe-events.js";
import {
  dueProbes,
  newContainerProbes,
  nextDueAt,
  probeStarted,
  probeView,
  recordProbeResult,
  sameView,
  type ContainerProbes,
  type ProbeView,
} from "./probe-state.js";
import type { ProbeTarget } from "./probe-target.js";
import { runProbe } from "./run-probe.js";

export type ContainerProbeSpecs = { liveness?: JsonObject; readiness?: JsonObject; startup?: JsonObject };

export type TrackedContainer = ProbeTarget & { startedAt: Date; pod: { namespace: string; name: string; uid: string } };

export interface ProbeManagerOptions {
  podman: Podman;
  /** The time probes are scheduled by (default: the system clock). Timers are real. */
  clock?: Clock;
  /** A container's started/ready/livenessFailed changed: reconcile its pod now. */
  onChange: (podUid: string) => void;
  /** Unhealthy and Killing events (source component `kubelet`). */
  recordEvent?: (e: EventInput) => Promise<void>;
  /** Scales initialDelaySeconds and periodSeconds (tests: 0.1 = ten times faster); not timeouts. */
  timeScale?: number;
  /** The node name for the events' source.host. */
  nodeName?: string;
  /** Runs one probe (default runProbe; tests substitute a scripted one). */
  runProbe?: (probe: JsonObject, target: ProbeTarget, podman: Podman) => Promise<ActionResult>;
}

interface Entry {
  target: TrackedContainer;
  specs: ContainerProbeSpecs;
  specsKey: string;
  state: ContainerProbes;
  /** Changes on every reset: results of probes started before it are dropped. */
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
  inFlight: Set<ProbeKind>;
}

/** A running container that was never tracked has no probes: started and ready. */
const NO_PROBES: ProbeView = { started: true, ready: true };

/**
 * The prober workers of all running containers: one timer per container that runs its due
 * probes (podman exec, HTTP, TCP) and folds the outcomes into the pure state (probe-state.ts).
 * The pod worker reads `results` when it computes status and restarts containers whose
 * liveness failed; `onChange` wakes it when a result flips.
 */
export class ProbeManager {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Set<Promise<void>>();
  private readonly clock: Clock;
  private readonly run: NonNullable<ProbeManagerOptions["runProbe"]>;
  private generations = 0;
  private stopped = false;

  constructor(private readonly options: ProbeManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.run = options.runProbe ?? runProbe;
  }

  /** Starts or updates the probes of a running container; a new startedAt (a restart) resets its state. Idempotent. */
  track(target: TrackedContainer, probes: ContainerProbeSpecs): void {
    if (this.stopped) return;
    const key = entryKey(target.podUid, target.containerName);
    const specsKey = JSON.stringify([probes.liveness ?? null, probes.readiness ?? null, probes.startup ?? null]);
    const existing = this.entries.get(key);
    if (existing && existing.state.startedAtMs === target.startedAt.getTime() && existing.specsKey === specsKey) {
      existing.target = target;
      return;
    }
    if (existing) this.clear(existing);
    const timings: Partial<Record<ProbeKind, ProbeTiming>> = {};
    for (const kind of ["liveness", "readiness", "startup"] as const) {
      const spec = probes[kind];
      if (spec) timings[kind] = probeTiming(spec, kind, this.options.timeScale ?? 1);
    }
    const entry: Entry = {
      target,
      specs: probes,
      specsKey,
      state: newContainerProbes(target.startedAt, timings),
      generation: ++this.generations,
      inFlight: new Set(),
    };
    this.entries.set(key, entry);
    this.schedule(entry);
  }

  /** Stops probing one container, or every container of the pod. */
  untrack(podUid: string, containerName?: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.target.podUid === podUid && (containerName === undefined || entry.target.containerName === containerName)) {
        this.clear(entry);
        this.entries.delete(key);
      }
    }
  }

  /**
   * started: startup probe passed (or none); ready: readiness passed (or none, once started);
   * livenessFailed when the liveness (or startup) probe crossed failureThreshold since startedAt,
   * with the probe's terminationGracePeriodSeconds when it sets one (it then replaces the pod's
   * grace period for that kill).
   */
  results(podUid: string, containerName: string): ProbeView {
    const entry = this.entries.get(entryKey(podUid, containerName));
    if (!entry) return { ...NO_PROBES };
    const view = probeView(entry.state);
    const failed = view.livenessFailed;
    const grace = failed ? entry.specs[failed.probe]?.terminationGracePeriodSeconds : undefined;
    if (failed && typeof grace === "number" && grace >= 0) failed.terminationGracePeriodSeconds = grace;
    return view;
  }

  /** Stops every timer and waits for the probes in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) this.clear(entry);
    this.entries.clear();
    await Promise.allSettled([...this.pending]);
  }

  private clear(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.generation = -1;
  }

  private schedule(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (this.stopped || entry.generation < 0) return;
    const due = nextDueAt(entry.state);
    if (due === undefined) return;
    const delay = Math.max(0, due - this.clock.now().getTime());
    entry.timer = setTimeout(() => this.fire(entry), delay);
    // Probe timers never keep the process alive on their own.
    entry.timer.unref?.();
  }

  private fire(entry: Entry): void {
    entry.timer = undefined;
    if (this.stopped || entry.generation < 0) return;
    const now = this.clock.now().getTime();
    for (const kind of dueProbes(entry.state, now)) {
      if (entry.inFlight.has(kind)) continue;
      const spec = entry.specs[kind];
      if (!spec) continue;
      entry.state = probeStarted(entry.state, kind, now);
      entry.inFlight.add(kind);
      const generation = entry.generation;
      const running = this.run(spec, entry.target, this.options.podman)
        .catch((e: unknown): ActionResult => ({ result: "failure", message: e instanceof Error ? e.message : String(e) }))
        .then((r) => this.settle(entry, generation, kind, r, now))
        .finally(() => this.pending.delete(running));
      this.pending.add(running);
    }
    this.schedule(entry);
  }

  private async settle(entry: Entry, generation: number, kind: ProbeKind, r: ActionResult, startedAt: number): Promise<void> {
    entry.inFlight.delete(kind);
    if (this.stopped || entry.generation !== generation) return;
    if (r.errored) {
      this.schedule(entry);
      await this.options.recordEvent?.(probeErroredEvent(entry.target, kind, r.message ?? "", this.options.nodeName)).catch(() => undefined);
      return;
    }
    const before = probeView(entry.state);
    const recorded = recordProbeResult(entry.state, kind, r.result, startedAt, r.message);
    entry.state = recorded.state;
    const after = probeView(entry.state);
    this.schedule(entry);
    if (!sameView(before, after)) this.options.onChange(entry.target.podUid);
    const events: EventInput[] = [];
    if (r.result === "failure") events.push(unhealthyEvent(entry.target, kind, r.message ?? "", this.options.nodeName));
    if (recorded.restart && kind !== "readiness") events.push(killingForProbeEvent(entry.target, kind, this.options.nodeName));
    for (const e of events) await this.options.recordEvent?.(e).catch(() => undefined);
  }
}

function entryKey(podUid: string, containerName: string): string {
  return `${podUid}/${containerName}`;
}
