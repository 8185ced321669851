/**
 * The plain line log: what mkapply prints when standard output is not a terminal or CI=true.
 * Terraform's words (`web: Creating...`, `web: Still creating... [10s elapsed]`, `web: Creation
 * complete after 12s`), one line per thing that happened, no ANSI codes. A renderer of the apply
 * event stream (src/apply/events.ts): `handle` each event, `tick` once a second for the "Still"
 * lines.
 */
import type { ApplyEvent, ObjectOutcome } from "../apply/events.js";
import { formatDuration } from "../apply/follow.js";
import type { PlanAction } from "../plan/index.js";
import { summaryLine } from "./summary.js";

const STILL_EVERY_MS = 10_000;

interface Words {
  doing: string;
  still: string;
  done: string;
  failed: string;
}

const WORDS: Record<PlanAction, Words> = {
  create: { doing: "Creating...", still: "Still creating...", done: "Creation complete", failed: "Creation failed" },
  update: { doing: "Modifying...", still: "Still modifying...", done: "Modifications complete", failed: "Modifications failed" },
  replace: { doing: "Replacing...", still: "Still replacing...", done: "Replacement complete", failed: "Replacement failed" },
  delete: { doing: "Destroying...", still: "Still destroying...", done: "Destruction complete", failed: "Destruction failed" },
  "no-op": { doing: "Waiting...", still: "Still waiting...", done: "Ready", failed: "Failed" },
};

interface Row {
  action: PlanAction;
  startedAt: number;
  stillShown: number;
  lastMessage?: string;
  done: boolean;
}

export class PlainLog {
  private readonly rows = new Map<string, Row>();
  /** Warning Events printed: their count when last printed. */
  private readonly warnings = new Map<string, number>();

  constructor(private readonly write: (text: string) => void) {}

  handle(event: ApplyEvent): void {
    const at = Date.parse(event.time);
    switch (event.type) {
      case "plan":
        for (const o of event.objects) this.rows.set(o.address, { action: o.action, startedAt: at, stillShown: 0, done: false });
        return;
      case "apply_started":
        for (const row of this.rows.values()) row.startedAt = at;
        return;
      case "object_written": {
        const row = this.rows.get(event.address);
        if (!row) return;
        row.startedAt = at;
        this.line(event.address, WORDS[row.action].doing);
        return;
      }
      case "object_progress": {
        const row = this.rows.get(event.address);
        if (!row || event.state === "converged" || event.message === row.lastMessage) return;
        row.lastMessage = event.message;
        this.line(event.address, event.message);
        return;
      }
      case "k8s_event": {
        if (event.eventType !== "Warning") return;
        // A repeating Warning (a failing probe) is printed when first seen and at x10, x100, ...: a log, not a flood.
        const key = `${event.involved}\u0000${event.reason}\u0000${event.message}`;
        const printed = this.warnings.get(key);
        if (printed !== undefined && Math.floor(Math.log10(event.count)) <= Math.floor(Math.log10(printed))) return;
        this.warnings.set(key, event.count);
        this.line(event.address, `Warning ${event.reason} (${event.involved}): ${event.message}${event.count > 1 ? ` (x${event.count})` : ""}`);
        return;
      }
      case "object_done": {
        const row = this.rows.get(event.address);
        if (!row) return;
        row.done = true;
        const after = formatDuration(Math.max(0, at - row.startedAt));
        // An object the plan left alone that was already converged says nothing, as Terraform's no-ops.
        if (row.action === "no-op" && event.outcome === "converged" && row.lastMessage === undefined) return;
        this.line(event.address, outcomeText(event.outcome, WORDS[row.action], after, event.message));
        return;
      }
      case "apply_finished":
        if (event.outcome === "error") return;
        this.write(`\n${summaryLine(event)}\n`);
        return;
    }
  }

  /** Prints `Still creating... [10s elapsed]` for objects that passed another ten seconds. */
  tick(now: Date): void {
    for (const [address, row] of this.rows) {
      if (row.done || row.action === "no-op") continue;
      const elapsed = now.getTime() - row.startedAt;
      const due = Math.floor(elapsed / STILL_EVERY_MS);
      if (due > row.stillShown) {
        row.stillShown = due;
        this.line(address, `${WORDS[row.action].still} [${formatDuration(due * STILL_EVERY_MS)} elapsed]`);
      }
    }
  }

  private line(address: string, text: string): void {
    this.write(`${address}: ${text}\n`);
  }
}

function outcomeText(outcome: ObjectOutcome, words: Words, after: string, message: string): string {
  switch (outcome) {
    case "converged":
      return `${words.done} after ${after}`;
    case "failed":
      return `${words.failed} after ${after}: ${message}`;
    case "timed_out":
      return `Timed out after ${after}: ${message}`;
    case "interrupted":
      return `Interrupted after ${after}: ${message}`;
  }
}
