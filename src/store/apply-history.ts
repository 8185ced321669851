import type { Actor } from "./identity.js";

/** Terraform's summary line: how many objects a plan creates, changes, replaces and deletes. */
export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
}

export type ApplyOutcome = "running" | "succeeded" | "failed";

/** One apply in the history (`mk history`): who applied which plan, when, and how it ended. */
export interface ApplyRecord {
  /** 1, 2, 3, ... in the order applies started. */
  id: number;
  user: string;
  host: string;
  pid: number;
  /** RFC 3339 UTC. */
  startedAt: string;
  finishedAt?: string;
  /** The digest of the plan that was applied (sha256 of the plan file, as the planner defines it). */
  planDigest: string;
  summary: PlanSummary;
  /** `running` until finishApply; a `running` apply whose process is gone was interrupted. */
  outcome: ApplyOutcome;
  /** Why it failed, or a short note. */
  message?: string;
}

export interface ApplyStart {
  actor: Actor;
  planDigest: string;
  summary: PlanSummary;
}
