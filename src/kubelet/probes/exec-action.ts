import { execInContainer } from "../../runtime/containers.js";
import type { Podman } from "../../runtime/podman.js";

export type ExecOutcome =
  | { exitCode: number; output: string }
  | { timedOut: true; message: string }
  | { error: string; containerGone?: boolean };

/**
 * podman's own start-up cost for an exec (~0.1–0.5 s, more on a busy machine), added to the
 * command's time limit so that a 1 s probe timeout measures the command, not podman.
 */
export const EXEC_OVERHEAD_MS = 1000;

/**
 * Runs `command` in the container with `podman exec` (no shell: an argument array). A command
 * that outlives `timeoutMs` (plus EXEC_OVERHEAD_MS) is reported as the kubelet does:
 * `command "sh -c sleep 5" timed out`.
 */
export async function execAction(podman: Podman, container: string, command: readonly string[], timeoutMs: number): Promise<ExecOutcome> {
  if (command.length === 0) return { error: "exec: command is empty" };
  const r = await execInContainer(podman, container, command, (Math.max(0, timeoutMs) + EXEC_OVERHEAD_MS) / 1000);
  if (r.ok) return { exitCode: r.value.exitCode, output: `${r.value.stdout}${r.value.stderr}` };
  if (r.error.kind === "timeout") return { timedOut: true, message: `command ${JSON.stringify(command.join(" "))} timed out` };
  return { error: r.error.message, containerGone: r.error.kind === "not-running" || r.error.kind === "not-found" };
}

/** `exec.command` of a probe or handler as strings. */
export function commandOf(exec: unknown): string[] {
  const command = exec && typeof exec === "object" && !Array.isArray(exec) ? (exec as { command?: unknown }).command : undefined;
  return Array.isArray(command) ? command.map((c) => String(c)) : [];
}
