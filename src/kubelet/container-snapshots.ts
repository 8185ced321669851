import { performance } from "node:perf_hooks";
import { listContainers, type ContainerSummary } from "../runtime/observe.js";
import type { Labels } from "../runtime/labels.js";
import type { Podman } from "../runtime/podman.js";

/**
 * Shared `podman ps -a` of the whole project. Every pod sync needs podman's view of its
 * containers taken after its own last action; one project-wide ps serves all the syncs running
 * at once (and the poller) instead of one ps per pod — ps is the kubelet's most frequent podman
 * call and slows down sharply when many run in parallel.
 *
 * `since(t)` returns rows of a ps that started at or after `t` (a performance.now() time): the
 * last one if it qualifies, the one running if it started late enough, else the next one, which
 * starts as soon as the running one ends — so callers arriving during a ps share the next.
 */
export class ContainerSnapshots {
  private last?: { startedAt: number; rows: ContainerSummary[] };
  private running?: { startedAt: number; promise: Promise<ContainerSummary[]> };
  private next?: Promise<ContainerSummary[]>;

  constructor(
    private readonly podman: Podman,
    private readonly selector: Labels,
  ) {}

  static now(): number {
    return performance.now();
  }

  /** Whether a ps started at or after `t` has ended or is under way. */
  takenSince(t: number): boolean {
    return (this.last !== undefined && this.last.startedAt >= t) || (this.running !== undefined && this.running.startedAt >= t);
  }

  since(t: number): Promise<ContainerSummary[]> {
    if (this.last && this.last.startedAt >= t) return Promise.resolve(this.last.rows);
    if (this.running && this.running.startedAt >= t) return this.running.promise;
    this.next ??= this.afterRunning();
    return this.next;
  }

  /** The next ps, started once the running one (if any) has ended. */
  private afterRunning(): Promise<ContainerSummary[]> {
    const previous = this.running?.promise;
    const holder: { next?: Promise<ContainerSummary[]> } = {};
    holder.next = (async () => {
      // Yield first: `this.next` is assigned before this body reads it.
      await Promise.resolve();
      if (previous) await previous.catch(() => undefined);
      if (this.next === holder.next) this.next = undefined;
      return this.run();
    })();
    return holder.next;
  }

  private async run(): Promise<ContainerSummary[]> {
    const startedAt = performance.now();
    const promise = listContainers(this.podman, this.selector).then((r) => {
      if (!r.ok) throw new Error(r.error.message);
      if (!this.last || this.last.startedAt < startedAt) this.last = { startedAt, rows: r.value };
      return r.value;
    });
    this.running = { startedAt, promise };
    try {
      return await promise;
    } finally {
      if (this.running?.promise === promise) this.running = undefined;
    }
  }
}
