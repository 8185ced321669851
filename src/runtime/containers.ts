import { containerCreateArgs, type ContainerSpec } from "./container-spec.js";
import { parseContainerInspections, type ContainerInspection } from "./container-inspect.js";
import { matchesSelector, type Labels } from "./labels.js";
import { notOurs } from "./ownership.js";
import { runJson, type Podman } from "./podman.js";
import { failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";
import { TIMEOUTS } from "./timeouts.js";

/**
 * Container primitives: create, start, stop with a grace period, remove, inspect, exec, logs.
 * No lifecycle here (restarts, probes, init ordering): the pod controller builds that on these.
 */

/** Creates (does not start) a container in its pod; returns podman's container id. */
export async function createContainer(podman: Podman, spec: ContainerSpec): Promise<RuntimeResult<string>> {
  if (spec.image === "" || spec.image.startsWith("-")) {
    return failure({ ...runtimeError("image-pull-failed", `"${spec.image}" is not an image reference`), image: spec.image, detail: "invalid reference format" });
  }
  const r = await podman.run({ args: containerCreateArgs(spec), timeoutMs: TIMEOUTS.create, image: spec.image });
  return r.ok ? success(r.value.stdout.trim()) : r;
}

/**
 * Creates and starts a container in one podman call (`podman run --detach`: one process instead
 * of two, which is most of a container's start-up cost). When the start fails (the command does
 * not exist) podman leaves the container created: inspect it by name to tell a failed start
 * from a failed create.
 */
export async function runContainer(podman: Podman, spec: ContainerSpec): Promise<RuntimeResult<string>> {
  if (spec.image === "" || spec.image.startsWith("-")) {
    return failure({ ...runtimeError("image-pull-failed", `"${spec.image}" is not an image reference`), image: spec.image, detail: "invalid reference format" });
  }
  const args = ["run", "--detach", ...containerCreateArgs(spec).slice(1)];
  const r = await podman.run({ args, timeoutMs: TIMEOUTS.create + TIMEOUTS.start, image: spec.image });
  return r.ok ? success(r.value.stdout.trim()) : r;
}

export async function startContainer(podman: Podman, nameOrId: string): Promise<RuntimeResult<void>> {
  const r = await podman.run({ args: ["start", nameOrId], timeoutMs: TIMEOUTS.start });
  return r.ok ? success(undefined) : r;
}

/**
 * Stops a container as the kubelet does: SIGTERM, then SIGKILL once `graceSeconds` have passed
 * (podman waits for the exit). Stopping a container that already exited succeeds.
 */
export async function stopContainer(podman: Podman, nameOrId: string, graceSeconds: number): Promise<RuntimeResult<void>> {
  const grace = Math.max(0, Math.ceil(graceSeconds));
  const r = await podman.run({ args: ["stop", "--time", String(grace), nameOrId], timeoutMs: grace * 1000 + TIMEOUTS.stopSlack });
  return r.ok ? success(undefined) : r;
}

export async function inspectContainer(podman: Podman, nameOrId: string): Promise<RuntimeResult<ContainerInspection>> {
  const call = { args: ["container", "inspect", "--format", "json", nameOrId], timeoutMs: TIMEOUTS.query };
  const r = await runJson(podman, call);
  if (!r.ok) return r;
  const found = parseContainerInspections(r.value)[0];
  return found ? success(found) : failure(runtimeError("not-found", `container ${nameOrId} does not exist`, call.args));
}

/** Several containers in one podman call; every one must exist (podman fails the call for a missing one). */
export async function inspectContainers(podman: Podman, namesOrIds: readonly string[]): Promise<RuntimeResult<ContainerInspection[]>> {
  const call = { args: ["container", "inspect", "--format", "json", ...namesOrIds], timeoutMs: TIMEOUTS.query };
  const r = await runJson(podman, call);
  if (!r.ok) return r;
  const found = parseContainerInspections(r.value);
  return found.length === namesOrIds.length ? success(found) : failure(runtimeError("not-found", `podman inspected ${found.length} of ${namesOrIds.length} containers`, call.args));
}

/** What removeContainer / removePodSandbox did. */
export type Removal = "removed" | "absent";

/**
 * Removes a container — only when it carries every label in `selector` (mk never removes what
 * it does not own). Kills it at once: stop it first with stopContainer to give it its grace.
 */
export async function removeContainer(podman: Podman, nameOrId: string, selector: Labels): Promise<RuntimeResult<Removal>> {
  const found = await inspectContainer(podman, nameOrId);
  if (!found.ok) return found.error.kind === "not-found" ? success("absent") : found;
  if (!matchesSelector(found.value.labels, selector)) return failure(notOurs("container", nameOrId, selector));
  const r = await podman.run({ args: ["rm", "--force", "--time", "0", found.value.id], timeoutMs: TIMEOUTS.remove });
  if (!r.ok) return r.error.kind === "not-found" ? success("absent") : r;
  return success("removed");
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command in a running container (exec probes). The command's own exit status is the
 * result; a command that outlives `timeoutSeconds` is a "timeout" error (the probe failed).
 */
export async function execInContainer(
  podman: Podman,
  nameOrId: string,
  command: readonly string[],
  timeoutSeconds: number,
): Promise<RuntimeResult<ExecResult>> {
  const r = await podman.run({ args: ["exec", nameOrId, ...command], timeoutMs: Math.max(1, timeoutSeconds) * 1000, exitCodeIsResult: true });
  return r.ok ? success({ exitCode: r.value.exitCode, stdout: r.value.stdout, stderr: r.value.stderr }) : r;
}

export interface LogOptions {
  /** Only the last N lines. */
  tail?: number;
  /** Prefix each line with its RFC 3339 time, as `kubectl logs --timestamps`. */
  timestamps?: boolean;
  /** Only lines written after this time. */
  since?: Date;
}

/** A container's output (standard output and error interleaved), as `kubectl logs` shows it. */
export async function containerLogs(podman: Podman, nameOrId: string, options: LogOptions = {}): Promise<RuntimeResult<string>> {
  const args = ["logs"];
  if (options.tail !== undefined) args.push("--tail", String(Math.max(0, Math.floor(options.tail))));
  if (options.timestamps === true) args.push("--timestamps");
  if (options.since !== undefined) args.push("--since", options.since.toISOString());
  args.push(nameOrId);
  const r = await podman.run({ args, timeoutMs: TIMEOUTS.query, keepFinalNewline: true });
  return r.ok ? success(r.value.all) : r;
}
