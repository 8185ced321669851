/** What mkapply knows about one object while it waits for it (see ./progress.ts for the rules). */
import type { JsonObject } from "../schema/json.js";

export type ProgressState = "pending" | "progressing" | "converged" | "failed";

export interface ObjectProgress {
  state: ProgressState;
  /** For people: kubectl rollout status's words where there are some (`2 of 3 updated replicas are available...`). */
  message: string;
  /** Workloads only: the numbers behind the progress bar. */
  rollout?: RolloutProgress;
  /**
   * A paused Deployment part-way through a rollout: converged for mkapply (nothing happens until
   * it is resumed), while `mk rollout status` keeps waiting, as kubectl does, with kubectl's text.
   */
  paused?: { waitingMessage: string };
}

export interface PodSummary {
  name: string;
  /** Pending, Running, Succeeded, Failed, Unknown; `Terminating` while it has a deletionTimestamp. */
  phase: string;
  ready: boolean;
  restarts: number;
  /** The first container's waiting or terminated reason (`ImagePullBackOff`, `CrashLoopBackOff`, `Completed`). */
  reason?: string;
}

export interface ReplicaSetSummary {
  name: string;
  /** spec.replicas: what it is scaled to. */
  desired: number;
  /** status.replicas, readyReplicas, availableReplicas. */
  current: number;
  ready: number;
  available: number;
}

export interface OrdinalSummary {
  ordinal: number;
  pod: string;
  ready: boolean;
  /** At the StatefulSet's update revision. */
  updated: boolean;
}

export interface RolloutProgress {
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** Deployments: the ReplicaSet of the current template and the others that still have pods. */
  replicaSets?: { new?: ReplicaSetSummary; old: ReplicaSetSummary[] };
  /** StatefulSets: one entry per ordinal below spec.replicas; partition from the update strategy. */
  ordinals?: OrdinalSummary[];
  partition?: number;
  /** Jobs. `completions` null: the Job finishes when any pod succeeds (work queue). */
  completions?: { succeeded: number; failed: number; active: number; completions: number | null };
  pods: PodSummary[];
}

/** The objects a rule reads besides the object itself, gathered by the executor from the store. */
export interface RelatedObjects {
  /** The object's pods: owned by it, by its ReplicaSets (Deployments), or selected by it (Services). */
  pods: readonly JsonObject[];
  /** Deployments: the ReplicaSets it controls. */
  replicaSets?: readonly JsonObject[];
  /** Warning Events about the object or its pods, newest last (for failure messages). */
  warnings?: readonly JsonObject[];
}
