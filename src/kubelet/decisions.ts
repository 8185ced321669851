import { formatGoDuration, isInBackOffSince, remainingBackoffMs, type BackoffEntry, type BackoffPolicy } from "./backoff.js";

/**
 * The pod worker's restart decisions, as pure functions of plain values (Kubernetes'
 * computePodActions and doBackOff for one container).
 */
export type RestartPolicy = "Always" | "OnFailure" | "Never";

export function restartPolicyOf(value: unknown): RestartPolicy {
  return value === "OnFailure" || value === "Never" ? value : "Always";
}

/** Whether a finished app container runs again under the pod's policy. */
export function shouldRestart(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === "Always") return true;
  if (policy === "OnFailure") return exitCode !== 0;
  return false;
}

/** Init containers run to success: a failed one is retried unless the policy is Never; a succeeded one never runs again. */
export function shouldRestartInit(policy: RestartPolicy, exitCode: number): boolean {
  return exitCode !== 0 && policy !== "Never";
}

export type RestartDecision =
  /** Run it again now (and move the back-off on). */
  | { kind: "restart" }
  /** Still in back-off: CrashLoopBackOff for this long. */
  | { kind: "back-off"; remainingMs: number; backoffMs: number }
  /** The policy says it stays finished. */
  | { kind: "stay" };

export interface RestartInput {
  policy: RestartPolicy;
  init: boolean;
  exitCode: number;
  /** When the run finished (the back-off counts from there). */
  finishedAtMs: number;
  entry: BackoffEntry | undefined;
  backoff: BackoffPolicy;
  nowMs: number;
}

export function restartDecision(input: RestartInput): RestartDecision {
  const restart = input.init ? shouldRestartInit(input.policy, input.exitCode) : shouldRestart(input.policy, input.exitCode);
  if (!restart) return { kind: "stay" };
  if (isInBackOffSince(input.entry, input.backoff, input.finishedAtMs, input.nowMs)) {
    return { kind: "back-off", remainingMs: remainingBackoffMs(input.entry, input.finishedAtMs, input.nowMs), backoffMs: input.entry?.backoffMs ?? 0 };
  }
  return { kind: "restart" };
}

/** `back-off 10s restarting failed container=app pod=web_default(uid)`: the CrashLoopBackOff message. */
export function crashLoopMessage(backoffMs: number, container: string, pod: string): string {
  return `back-off ${formatGoDuration(backoffMs)} restarting failed container=${container} pod=${pod}`;
}

/** `web_default(3f2a...)`: how the kubelet names a pod in messages (format.Pod). */
export function podForMessages(pod: { name: string; namespace: string; uid: string }): string {
  return `${pod.name}_${pod.namespace}(${pod.uid})`;
}

/** The default imagePullPolicy: Always for `:latest` or no tag, IfNotPresent otherwise. */
export function pullPolicyOf(value: unknown, image: string): "Always" | "IfNotPresent" | "Never" {
  if (value === "Always" || value === "IfNotPresent" || value === "Never") return value;
  if (image.includes("@")) return "IfNotPresent";
  const lastPart = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : "";
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}
