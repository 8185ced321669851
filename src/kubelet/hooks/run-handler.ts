import type { JsonObject } from "../../schema/json.js";
import type { Podman } from "../../runtime/podman.js";
import { commandOf, execAction } from "../probes/exec-action.js";
import { httpGetAction } from "../probes/http-get-action.js";
import { podForMessages, type ProbeTarget } from "../probes/probe-target.js";

export type HandlerOutcome = { ok: true } | { ok: false; message: string };

/** The User-Agent of lifecycle hooks' HTTP requests (the kubelet sends `kube-lifecycle/<version>`). */
export const LIFECYCLE_USER_AGENT = "kube-lifecycle/mk";

/**
 * Runs one lifecycle handler (postStart or preStop) against a running container, as the
 * kubelet's handler runner does:
 * - exec: `podman exec`; a non-zero exit status fails the hook;
 * - httpGet: a GET from the host; only a failed request fails the hook (the kubelet ignores the
 *   status code);
 * - sleep: waits `sleep.seconds` (bounded by `timeoutMs`);
 * - tcpSocket: not supported by Kubernetes as a handler, so it fails.
 * The failure message is the kubelet's (it becomes the FailedPostStartHook / FailedPreStopHook
 * event's message). Never throws.
 */
export async function runLifecycleHandler(handler: JsonObject, target: ProbeTarget, podman: Podman, timeoutMs: number): Promise<HandlerOutcome> {
  const where = `for Container ${JSON.stringify(target.containerName)} in Pod ${JSON.stringify(podForMessages(target))}`;
  try {
    if (isObject(handler.exec)) {
      const command = commandOf(handler.exec);
      const r = await execAction(podman, target.podmanContainer, command, timeoutMs);
      if ("exitCode" in r && r.exitCode === 0) return { ok: true };
      const output = "exitCode" in r ? r.output : "";
      const error =
        "exitCode" in r
          ? `command '${command.join(" ")}' exited with ${r.exitCode}: ${output.trim()}`
          : "timedOut" in r
            ? r.message
            : r.error;
      return { ok: false, message: `Exec lifecycle hook ([${command.join(" ")}]) ${where} failed - error: ${error}, message: ${JSON.stringify(output)}` };
    }
    if (isObject(handler.httpGet)) {
      const r = await httpGetAction(handler.httpGet, target, timeoutMs, LIFECYCLE_USER_AGENT);
      if (!("error" in r)) return { ok: true };
      const path = typeof handler.httpGet.path === "string" ? handler.httpGet.path : "";
      return { ok: false, message: `HTTP lifecycle hook (${path}) ${where} failed - error: ${r.error}` };
    }
    if (isObject(handler.sleep)) {
      const seconds = typeof handler.sleep.seconds === "number" && handler.sleep.seconds > 0 ? handler.sleep.seconds : 0;
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(seconds * 1000, Math.max(0, timeoutMs))));
      return { ok: true };
    }
    const kind = isObject(handler.tcpSocket) ? "tcpSocket is not supported as a lifecycle handler" : "no exec, httpGet or sleep action";
    return { ok: false, message: `invalid handler ${where}: ${kind}` };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
