/**
 * The live apply view (Ink): one row per planned object in plan order — action symbol,
 * kind/name, a spinner or the outcome, elapsed time — and under each workload its rollout bar, its
 * ReplicaSets / ordinals / completions and its pods; then the latest Events and the elapsed time or
 * the final summary. A function of (state, now, columns): every line is cut to the width, so
 * nothing wraps at 80 columns.
 */
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { formatDuration } from "../apply/follow.js";
import type { RolloutProgress } from "../apply/progress-model.js";
import type { PlanAction } from "../plan/index.js";
import type { ApplyViewState, ObjectRow } from "./apply-state.js";
import { summaryLine, type FinishedEvent } from "./summary.js";

export const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

const SYMBOL: Record<PlanAction, string> = { create: "+", update: "~", replace: "-/+", delete: "-", "no-op": " " };
const SYMBOL_COLOR: Record<PlanAction, string | undefined> = { create: "green", update: "yellow", replace: "magenta", delete: "red", "no-op": undefined };
const BAR_WIDTH = 20;

export interface ApplyViewProps {
  state: ApplyViewState;
  now: number;
  columns: number;
  color: boolean;
  /** Spinner frame. */
  frame: number;
  /** Pods of every workload (key `p`); by default only those still in progress. */
  showAllPods?: boolean;
  /** The last line; by default mkapply's (`Apply complete! ...`), a watch says how its rollout ended. */
  summary?: (finished: FinishedEvent) => string;
}

/** One line, cut to the width: Ink's truncation keeps a line a line when the terminal narrows. */
function Line(props: { children: ReactNode; width: number; wrap?: boolean; indent?: number }) {
  return (
    <Box width={props.width} flexShrink={0} paddingLeft={props.indent ?? 0}>
      <Text wrap={props.wrap ? "wrap" : "truncate-end"}>{props.children}</Text>
    </Box>
  );
}

/** An empty line (Ink drops a Text with nothing in it). */
function Gap(props: { width: number }) {
  return (
    <Box width={props.width} height={1}>
      <Text> </Text>
    </Box>
  );
}

export function ApplyView(props: ApplyViewProps) {
  const { state, columns } = props;
  const width = Math.max(20, columns - 1);
  const paint = (color: string | undefined) => (props.color ? color : undefined);
  const lines: ReactNode[] = [];
  const addressWidth = Math.min(36, Math.max(12, ...state.rows.map((r) => r.address.length)));

  for (const row of state.rows) {
    const symbol = SYMBOL[row.action].padStart(3);
    const elapsed = row.startedAt === undefined ? "" : formatDuration(Math.max(0, (row.endedAt ?? props.now) - row.startedAt));
    lines.push(
      <Line key={`${row.address}`} width={width}>
        <Text color={paint(SYMBOL_COLOR[row.action])}>{symbol}</Text> <Text bold>{row.address.padEnd(addressWidth)}</Text> {status(row, props.frame, paint)}
        {elapsed && row.state !== "waiting" ? <Text dimColor> {elapsed}</Text> : null}
      </Line>,
    );
    const detail = row.rollout && row.state !== "waiting" ? rolloutLines(row, row.rollout) : [];
    for (const [i, text] of detail.entries()) {
      lines.push(
        <Line key={`${row.address}#r${i}`} width={width}>
          <Text dimColor={i > 0}>{"      "}{text}</Text>
        </Line>,
      );
    }
    const showMessage = row.message !== "" && row.state !== "waiting" && !(row.state === "converged" && row.outcome === "converged" && !row.rollout);
    if (showMessage) {
      lines.push(
        <Line key={`${row.address}#m`} width={width} wrap={row.state === "failed"} indent={6}>
          <Text color={paint(row.state === "failed" ? "red" : undefined)} dimColor={row.state !== "failed"}>
            {row.message}
          </Text>
        </Line>,
      );
    }
    const pods = row.rollout?.pods ?? [];
    const expanded = pods.length > 0 && row.kind !== "Pod" && (props.showAllPods === true || row.outcome === undefined || row.outcome === "failed");
    if (expanded) {
      for (const pod of pods) {
        const ready = pod.ready ? "ready" : "not ready";
        lines.push(
          <Line key={`${row.address}#p${pod.name}`} width={width} indent={6}>
            <Text color={paint(pod.ready ? "green" : pod.reason && pod.phase !== "Running" ? "red" : "yellow")}>{pod.ready ? "●" : "○"}</Text> {pod.name} {pod.phase}
            {pod.reason && pod.reason !== pod.phase ? ` (${pod.reason})` : ""} {ready}, {pod.restarts} restart{pod.restarts === 1 ? "" : "s"}
          </Line>,
        );
      }
    }
  }

  if (state.events.length > 0) {
    lines.push(<Gap key="events-gap" width={width} />);
    lines.push(
      <Line key="events-head" width={width}>
        <Text bold>Events</Text>
      </Line>,
    );
    for (const [i, e] of state.events.entries()) {
      lines.push(
        <Line key={`event${i}`} width={width}>
          {"  "}
          <Text color={paint(e.eventType === "Warning" ? "yellow" : undefined)}>{e.eventType.padEnd(7)}</Text> {e.reason}
          {e.count > 1 ? ` (x${e.count})` : ""} {e.involved}: {e.message}
        </Line>,
      );
    }
  }

  lines.push(<Gap key="footer-gap" width={width} />);
  if (state.finished) {
    const ok = state.finished.outcome === "converged" || state.finished.outcome === "written";
    lines.push(
      <Line key="summary" width={width} wrap>
        <Text bold color={paint(ok ? "green" : "red")}>
          {(props.summary ?? summaryLine)(state.finished)}
        </Text>
      </Line>,
    );
  } else {
    const elapsed = state.startedAt === undefined ? "0s" : formatDuration(Math.max(0, props.now - state.startedAt));
    const done = state.rows.filter((r) => r.outcome !== undefined || r.state === "converged").length;
    lines.push(
      <Line key="elapsed" width={width}>
        <Text dimColor>
          Elapsed {elapsed} · {done}/{state.rows.length} done · Ctrl-C stops cleanly
        </Text>
      </Line>,
    );
  }
  return <Box flexDirection="column">{lines}</Box>;
}

function status(row: ObjectRow, frame: number, paint: (c: string | undefined) => string | undefined): ReactNode {
  switch (row.outcome) {
    case "converged":
      return <Text color={paint("green")}>✓ {row.action === "delete" ? "deleted" : "ready"}</Text>;
    case "failed":
      return <Text color={paint("red")}>✗ failed</Text>;
    case "timed_out":
      return <Text color={paint("red")}>⌛ timed out</Text>;
    case "interrupted":
      return <Text color={paint("yellow")}>■ interrupted</Text>;
    case undefined:
      if (row.state === "waiting") return <Text dimColor>· waiting</Text>;
      // A watch (`mk get -w`) follows objects that never end: their state is all there is.
      if (row.state === "converged") return <Text color={paint("green")}>✓ ready</Text>;
      if (row.state === "failed") return <Text color={paint("red")}>✗ failed</Text>;
      return (
        <Text color={paint("cyan")}>
          {SPINNER[frame % SPINNER.length]} {row.state}
        </Text>
      );
  }
}

/** The bar and the numbers under a workload's row. */
export function rolloutLines(row: ObjectRow, r: RolloutProgress): string[] {
  const lines: string[] = [];
  if (r.completions) {
    const c = r.completions;
    const of = c.completions ?? Math.max(1, c.succeeded);
    lines.push(`${bar(c.succeeded, 0, of)} ${c.succeeded}/${c.completions ?? "1+"} succeeded · ${c.failed} failed · ${c.active} active`);
    return lines;
  }
  if (row.kind === "Pod") return lines;
  // A Deployment's availableReplicas counts old pods too: the bar shows the new ReplicaSet's.
  const newAvailable = r.replicaSets?.new ? Math.min(r.replicaSets.new.available, r.updated) : r.available;
  lines.push(`${bar(newAvailable, r.updated, r.desired)} updated ${r.updated}/${r.desired} · ready ${r.ready}/${r.desired} · available ${r.available}/${r.desired}`);
  if (r.replicaSets) {
    const { new: fresh, old } = r.replicaSets;
    const parts: string[] = [];
    if (fresh) parts.push(`new ${fresh.name} ${fresh.available}/${fresh.desired}`);
    for (const o of old) parts.push(`old ${o.name} ${o.current}→${o.desired}`);
    if (parts.length > 0) lines.push(parts.join(" · "));
  }
  if (r.ordinals && r.ordinals.length > 0) {
    const cells = r.ordinals.map((o) => `${o.ordinal}${o.ready ? (o.updated ? "✓" : "○") : "…"}`);
    lines.push(`ordinals ${cells.join(" ")}${r.partition ? ` · partition ${r.partition}` : ""}`);
  }
  return lines;
}

/** `[██████▒▒░░░░]`: available full, updated but not yet available half, the rest empty. */
export function bar(done: number, updated: number, total: number): string {
  if (total <= 0) return `[${"█".repeat(BAR_WIDTH)}]`;
  const full = Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * Math.min(done, total)) / total));
  const half = Math.min(BAR_WIDTH - full, Math.max(0, Math.round((BAR_WIDTH * Math.min(updated, total)) / total) - full));
  return `[${"█".repeat(full)}${"▒".repeat(half)}${"░".repeat(BAR_WIDTH - full - half)}]`;
}
