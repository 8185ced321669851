import type { ProbeKind, ProbeTiming } from "./probe-config.js";

/**
 * The probes of one running container as Kubernetes' prober workers keep them — a pure state
 * machine: functions of (state, result, time) to a new state, no timers, no podman.
 *
 * - Initial results: readiness Failure (not ready before its first success), liveness Success,
 *   startup Unknown (not started).
 * - A probe runs first at startedAt + initialDelay, then every period (from the start of the
 *   previous probe).
 * - A result is published only after `successThreshold` (readiness) or `failureThreshold`
 *   consecutive equal results; below that the published result stays as it was.
 * - Until the startup probe succeeds, liveness and readiness do not run; once it succeeded it
 *   stops.
 * - A liveness or startup result of Failure means "restart the container": the worker holds
 *   (stops probing) until the container restarts, which is a new state (see newContainerProbes).
 */

/** One probe's outcome (an exec that could not run is a failure). */
export type ProbeResult = "success" | "failure";
/** A published result; `unknown` only for a startup probe that has not yet decided. */
export type PublishedResult = ProbeResult | "unknown";

export interface ProbeWorkerState {
  readonly kind: ProbeKind;
  readonly timing: ProbeTiming;
  readonly result: PublishedResult;
  /** The last raw outcome and how many times in a row it came. */
  readonly lastResult?: ProbeResult;
  readonly run: number;
  /** A liveness/startup failure was published: no more probing until the container restarts. */
  readonly onHold: boolean;
  /** When the last probe started (epoch ms). */
  readonly lastProbeAt?: number;
  /** The message of the last failed probe. */
  readonly lastFailure?: string;
}

export interface ContainerProbes {
  /** The container's start (epoch ms): a restart is a new ContainerProbes. */
  readonly startedAtMs: number;
  readonly workers: Readonly<Partial<Record<ProbeKind, ProbeWorkerState>>>;
}

export interface ProbeView {
  /** The startup probe succeeded, or there is none. */
  started: boolean;
  /** Started, and the readiness probe's published result is Success (or there is none). */
  ready: boolean;
  /** The liveness (or startup) probe reached failureThreshold: the container must be restarted. */
  livenessFailed?: {
    message: string;
    probe: "liveness" | "startup";
    /** The failed probe's own terminationGracePeriodSeconds, which overrides the pod's for this kill. */
    terminationGracePeriodSeconds?: number;
  };
}

const INITIAL: Record<ProbeKind, PublishedResult> = { readiness: "failure", liveness: "success", startup: "unknown" };

export function newContainerProbes(startedAt: Date | number, timings: Partial<Record<ProbeKind, ProbeTiming>>): ContainerProbes {
  const workers: Partial<Record<ProbeKind, ProbeWorkerState>> = {};
  for (const kind of Object.keys(timings) as ProbeKind[]) {
    const timing = timings[kind];
    if (timing) workers[kind] = { kind, timing, result: INITIAL[kind], run: 0, onHold: false };
  }
  return { startedAtMs: typeof startedAt === "number" ? startedAt : startedAt.getTime(), workers };
}

/** When `kind` should run next (epoch ms), or undefined when it should not run at all now. */
export function probeDueAt(state: ContainerProbes, kind: ProbeKind): number | undefined {
  const w = state.workers[kind];
  if (!w || w.onHold) return undefined;
  if (kind === "startup" && w.result === "success") return undefined;
  if (kind !== "startup" && !isStarted(state)) return undefined;
  if (w.lastProbeAt === undefined) return state.startedAtMs + w.timing.initialDelayMs;
  return w.lastProbeAt + w.timing.periodMs;
}

/** The probes due at `now`, startup first. */
export function dueProbes(state: ContainerProbes, now: number): ProbeKind[] {
  return (["startup", "liveness", "readiness"] as const).filter((k) => {
    const due = probeDueAt(state, k);
    return due !== undefined && due <= now;
  });
}

/** The earliest time any probe is due, or undefined when none will run (until a result changes the gates). */
export function nextDueAt(state: ContainerProbes): number | undefined {
  let next: number | undefined;
  for (const k of ["startup", "liveness", "readiness"] as const) {
    const due = probeDueAt(state, k);
    if (due !== undefined && (next === undefined || due < next)) next = due;
  }
  return next;
}

/**
 * A probe of `kind` started at `at`: the next one is due a period later, whatever its outcome
 * (the worker's ticker), and the timer does not fire again for it while it runs.
 */
export function probeStarted(state: ContainerProbes, kind: ProbeKind, at: number): ContainerProbes {
  const w = state.workers[kind];
  if (!w) return state;
  return { ...state, workers: { ...state.workers, [kind]: { ...w, lastProbeAt: at } } };
}

export interface Recorded {
  state: ContainerProbes;
  /** The published result of this probe changed. */
  flipped: boolean;
  /** This result made a liveness/startup probe fail: restart the container. */
  restart: boolean;
}

/**
 * Folds one probe outcome (of a probe that started at `probedAt`) into the state. Outcomes of
 * a worker on hold, or of a probe that no longer exists, change nothing.
 */
export function recordProbeResult(state: ContainerProbes, kind: ProbeKind, result: ProbeResult, probedAt: number, message?: string): Recorded {
  const w = state.workers[kind];
  if (!w || w.onHold) return { state, flipped: false, restart: false };
  const run = w.lastResult === result ? w.run + 1 : 1;
  const lastFailure = result === "failure" ? (message ?? "") : w.lastFailure;
  let next: ProbeWorkerState = { ...w, lastResult: result, run, lastProbeAt: probedAt, lastFailure };
  const threshold = result === "failure" ? w.timing.failureThreshold : w.timing.successThreshold;
  let flipped = false;
  let restart = false;
  if (run >= threshold) {
    flipped = w.result !== result;
    next = { ...next, result };
    if (result === "failure" && (kind === "liveness" || kind === "startup")) {
      next = { ...next, onHold: true, run: 0 };
      restart = true;
    }
  }
  return { state: { ...state, workers: { ...state.workers, [kind]: next } }, flipped, restart };
}

function isStarted(state: ContainerProbes): boolean {
  const startup = state.workers.startup;
  return !startup || startup.result === "success";
}

export function probeView(state: ContainerProbes): ProbeView {
  const started = isStarted(state);
  const readiness = state.workers.readiness;
  const view: ProbeView = { started, ready: started && (!readiness || readiness.result === "success") };
  for (const probe of ["liveness", "startup"] as const) {
    const w = state.workers[probe];
    if (w?.onHold) {
      view.livenessFailed = { probe, message: w.lastFailure ?? "" };
      break;
    }
  }
  return view;
}

export function sameView(a: ProbeView, b: ProbeView): boolean {
  return a.started === b.started && a.ready === b.ready && a.livenessFailed?.probe === b.livenessFailed?.probe;
}
