/**
 * What the live view shows, folded from the apply event stream: a PURE reducer, so the view is a
 * function of (state, now, columns) and tests replay recorded streams into it.
 */
import type { ApplyEvent, ObjectOutcome, ResourceCounts } from "../apply/events.js";
import type { ProgressState, RolloutProgress } from "../apply/progress-model.js";
import type { PlanAction } from "../plan/index.js";

export interface ObjectRow {
  address: string;
  kind: string;
  action: PlanAction;
  written: boolean;
  state: ProgressState | "waiting";
  message: string;
  rollout?: RolloutProgress;
  outcome?: ObjectOutcome;
  /** When the row started (its write) and ended, for its elapsed time. */
  startedAt?: number;
  endedAt?: number;
}

export interface EventLine {
  time: number;
  address: string;
  involved: string;
  eventType: "Normal" | "Warning";
  reason: string;
  message: string;
  count: number;
}

export interface ApplyViewState {
  rows: ObjectRow[];
  events: EventLine[];
  startedAt?: number;
  counts?: ResourceCounts;
  mode: "normal" | "destroy";
  finished?: Extract<ApplyEvent, { type: "apply_finished" }>;
}

/** How many Events the pane keeps (newest last). */
export const EVENT_PANE_SIZE = 5;

export const initialApplyViewState: ApplyViewState = { rows: [], events: [], mode: "normal" };

export function reduceApplyView(state: ApplyViewState, event: ApplyEvent): ApplyViewState {
  const at = Date.parse(event.time);
  const update = (address: string, change: (row: ObjectRow) => ObjectRow): ApplyViewState => ({ ...state, rows: state.rows.map((r) => (r.address === address ? change(r) : r)) });
  switch (event.type) {
    case "plan":
      return {
        ...state,
        mode: event.mode,
        counts: event.counts,
        startedAt: state.startedAt ?? at,
        // A watch (`mk get -w`) sends the plan again when objects appear: the rows it has stay.
        rows: event.objects.map((o) => state.rows.find((r) => r.address === o.address) ?? { address: o.address, kind: o.kind, action: o.action, written: false, state: "waiting", message: o.action === "no-op" ? "unchanged" : "" }),
      };
    case "apply_started":
      return { ...state, startedAt: at };
    case "object_written":
      return update(event.address, (r) => ({ ...r, written: true, startedAt: at, state: "pending", message: r.message || "written" }));
    case "object_progress":
      return update(event.address, (r) => ({ ...r, startedAt: r.startedAt ?? at, state: event.state, message: event.message, ...(event.rollout ? { rollout: event.rollout } : {}) }));
    case "object_done":
      return update(event.address, (r) => ({ ...r, outcome: event.outcome, message: event.message, endedAt: at, state: event.outcome === "converged" ? "converged" : event.outcome === "failed" ? "failed" : r.state }));
    case "k8s_event": {
      const line: EventLine = { time: at, address: event.address, involved: event.involved, eventType: event.eventType, reason: event.reason, message: event.message, count: event.count };
      // A repeat of the newest (a counted Event) replaces it instead of pushing the others out.
      const last = state.events.at(-1);
      const events = last && last.involved === line.involved && last.reason === line.reason && last.message === line.message ? [...state.events.slice(0, -1), line] : [...state.events, line];
      return { ...state, events: events.slice(-EVENT_PANE_SIZE) };
    }
    case "apply_finished":
      return { ...state, finished: event };
  }
}
