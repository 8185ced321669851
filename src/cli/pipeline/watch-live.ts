/**
 * `mk rollout status -w` and `mk get -w` on a terminal: mkapply's live view of objects that are
 * already in the state, following them with the same wait rules (src/apply/follow.ts). Nothing is
 * written and no controller is started: whoever applied (mkapply, mk controller) runs them.
 */
import { APPLY_EVENTS_VERSION } from "../../apply/events.js";
import { followObjects, followOutcome, formatDuration, type FollowTarget } from "../../apply/follow.js";
import type { Store } from "../../store/index.js";
import { systemClock } from "../../store/index.js";
import type { FinishedEvent } from "../../ui/summary.js";

export interface LiveWatchOptions {
  color: boolean;
  /** Give up after this long (Infinity: never). */
  timeoutMs: number;
  /** `mk get -w`: watch until Ctrl-C, objects never end by themselves. */
  untilStopped?: boolean;
  /** What the configuration line of the view says is watched. */
  what: string;
  /** `mk rollout status`: keep waiting for a paused Deployment (see FollowOptions). */
  waitWhilePaused?: boolean;
  /** `mk get -w`: the objects there are now (new ones get a row). */
  list?: () => Promise<FollowTarget[]>;
}

/** Draws the live view until every target ended (or Ctrl-C); 0 when all converged, else 1. */
export async function watchLive(store: Store, targets: readonly FollowTarget[], options: LiveWatchOptions): Promise<number> {
  const { startLiveView } = await import("../../ui/live-view.js");
  const view = startLiveView(process.stdout, { color: options.color, summary: watchSummary });
  const clock = systemClock;
  const started = clock.now().getTime();
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const counts = { added: 0, changed: 0, destroyed: 0 };
  const rows: FollowTarget[] = [...targets];
  const showRows = () =>
    view.handle({
      type: "plan",
      time: clock.now().toISOString(),
      version: APPLY_EVENTS_VERSION,
      configuration: options.what,
      mode: "normal",
      objects: rows.map((t) => ({ address: t.address, apiVersion: t.ref.apiVersion, kind: t.ref.kind, namespace: t.ref.namespace, name: t.ref.name, action: t.action })),
      counts,
    });
  const list = options.list;
  const discover = list
    ? async (known: ReadonlySet<string>) => {
        const fresh = (await list()).filter((t) => !known.has(t.address));
        if (fresh.length > 0) {
          rows.push(...fresh);
          showRows();
        }
        return fresh;
      }
    : undefined;
  try {
    showRows();
    const objects = await followObjects({
      store,
      targets,
      ...(discover ? { discover } : {}),
      emit: (e) => view.handle(e),
      clock,
      started,
      timeoutMs: options.timeoutMs,
      signal: stop.signal,
      ...(options.untilStopped ? { untilStopped: true } : {}),
      ...(options.waitWhilePaused ? { waitWhilePaused: true } : {}),
    });
    const { outcome, message } = followOutcome(objects);
    const unfinished = objects.filter((o) => o.outcome === "interrupted" || o.outcome === "timed_out").map((o) => o.address);
    view.handle({ type: "apply_finished", time: clock.now().toISOString(), outcome, mode: "normal", counts, durationMs: clock.now().getTime() - started, unfinished, ...(message ? { message } : {}) });
    // Ctrl-C is how `mk get -w` ends: that is success, as kubectl's.
    return outcome === "converged" || (options.untilStopped && outcome === "interrupted") ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await view.close();
  }
}

/** The last line of a watch: how the rollouts ended, not mkapply's resource counts. */
export function watchSummary(finished: FinishedEvent): string {
  const took = formatDuration(finished.durationMs);
  switch (finished.outcome) {
    case "converged":
      return `Rolled out: watched for ${took}.`;
    case "interrupted":
      return `Stopped watching after ${took}.`;
    case "timed_out":
      return `Timed out after ${took} (--timeout); still in progress: ${finished.unfinished.join(", ")}.`;
    default:
      return `Rollout failed after ${took}: ${finished.message ?? "error"}`;
  }
}
