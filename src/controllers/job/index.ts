export { createJobController, JOB_CONTROLLER, type JobControllerOptions } from "./controller.js";
export { decideJob, type JobDecision, type JobDecisionInput, type JobEvent } from "./decide.js";
export { readJobSpec, jobSelector, JOB_LABELS, JOB_TRACKING_FINALIZER, type JobSpec } from "./job-spec.js";
export { jobBackoffDelayMs, remainingBackoffMs, DEFAULT_JOB_BACKOFF_BASE_MS, MAX_JOB_BACKOFF_MS } from "./backoff.js";
export { matchPodFailurePolicy } from "./pod-failure-policy.js";
export { trackFinishedPods } from "./tracking.js";
export { formatIndexes, parseIndexes } from "./indexes.js";
