/**
 * The apply event stream: everything mkapply reports, as plain values. The live Ink view, the
 * plain line log and `--json` (one event per line) are three renderers of this one stream, so
 * they never disagree. The schema is versioned (APPLY_EVENTS_VERSION, docs/apply.md): fields are
 * only ever added within a version.
 */
import type { ProgressState, RolloutProgress } from "./progress-model.js";
import type { PlanAction } from "../plan/index.js";

export const APPLY_EVENTS_VERSION = 1;

/** What an object's row shows: where it stands in the plan. */
export interface PlannedObject {
  address: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  action: PlanAction;
}

/** Terraform's summary counts: a replacement is one added and one destroyed. */
export interface ResourceCounts {
  added: number;
  changed: number;
  destroyed: number;
}

/** How waiting for an object ended. */
export type ObjectOutcome = "converged" | "failed" | "timed_out" | "interrupted";

/** How the whole apply ended. `written`: --no-wait returned after writing. */
export type ApplyOutcomeKind = "converged" | "written" | "failed" | "timed_out" | "interrupted" | "error";

interface Base {
  /** RFC 3339 UTC with milliseconds, from the executor's clock. */
  time: string;
}

export type ApplyEvent =
  | (Base & { type: "plan"; version: number; configuration: string; mode: "normal" | "destroy"; objects: PlannedObject[]; counts: ResourceCounts })
  | (Base & { type: "apply_started"; applyId?: number; wait: boolean; timeoutMs: number })
  | (Base & { type: "object_written"; address: string; action: Exclude<PlanAction, "no-op"> })
  | (Base & { type: "object_progress"; address: string; state: ProgressState; message: string; rollout?: RolloutProgress })
  | (Base & {
      type: "k8s_event";
      /** The planned object this Event is about (its own, or one of its ReplicaSets' or pods'). */
      address: string;
      /** `Pod/web-7d9c-x2k4f`: what the Event names. */
      involved: string;
      eventType: "Normal" | "Warning";
      reason: string;
      message: string;
      count: number;
      source: string;
    })
  | (Base & { type: "object_done"; address: string; outcome: ObjectOutcome; message: string; elapsedMs: number })
  | (Base & { type: "apply_finished"; outcome: ApplyOutcomeKind; mode: "normal" | "destroy"; counts: ResourceCounts; durationMs: number; message?: string; unfinished: string[] });

export type ApplyEventType = ApplyEvent["type"];

/** Where events go: the renderers implement it. */
export type ApplyEventSink = (event: ApplyEvent) => void;

export function countsOf(changes: readonly { action: PlanAction }[]): ResourceCounts {
  const counts: ResourceCounts = { added: 0, changed: 0, destroyed: 0 };
  for (const c of changes) {
    if (c.action === "create") counts.added++;
    else if (c.action === "update") counts.changed++;
    else if (c.action === "delete") counts.destroyed++;
    else if (c.action === "replace") {
      counts.added++;
      counts.destroyed++;
    }
  }
  return counts;
}

/** One line of `--json`. */
export function eventToJsonLine(event: ApplyEvent): string {
  return `${JSON.stringify(event)}\n`;
}
