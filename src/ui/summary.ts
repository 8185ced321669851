/** The last line of an apply, shared by the plain log and the live view. */
import type { ApplyEvent } from "../apply/events.js";
import { formatDuration } from "../apply/follow.js";

export type FinishedEvent = Extract<ApplyEvent, { type: "apply_finished" }>;

/** `Apply complete! Resources: 3 added, 0 changed, 0 destroyed.` and the time taken, or what went wrong. */
export function summaryLine(event: FinishedEvent): string {
  const c = event.counts;
  const resources = `Resources: ${c.added} added, ${c.changed} changed, ${c.destroyed} destroyed.`;
  const took = formatDuration(event.durationMs);
  if (event.mode === "destroy" && (event.outcome === "converged" || event.outcome === "written")) return `Destroy complete! Resources: ${c.destroyed} destroyed. Took ${took}.`;
  switch (event.outcome) {
    case "converged":
      return `Apply complete! ${resources} Converged in ${took}.`;
    case "written":
      return `Apply complete! ${resources} Written in ${took}; not waiting for the controllers (--no-wait).`;
    case "failed":
      return `Apply failed after ${took}: the changes were written (${resources.slice(0, -1)}) but not every object converged.`;
    case "timed_out":
      return `Apply timed out after ${took}: the changes were written (${resources.slice(0, -1)}); still in progress: ${event.unfinished.join(", ")}.`;
    case "interrupted":
      return `Apply interrupted after ${took}: the changes were written (${resources.slice(0, -1)}); left in progress: ${event.unfinished.join(", ") || "nothing"}. Run mkapply again (or mk controller) to converge.`;
    case "error":
      return `Apply failed after ${took}: ${event.message ?? "error"}`;
  }
}
