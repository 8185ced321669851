import type { JsonObject } from "../../schema/json.js";
import type { Podman } from "../../runtime/podman.js";
import type { ActionResult } from "./action-result.js";
import { commandOf, execAction } from "./exec-action.js";
import { httpGetAction } from "./http-get-action.js";
import { probeTiming } from "./probe-config.js";
import type { ProbeTarget } from "./probe-target.js";
import { tcpSocketAction } from "./tcp-socket-action.js";

export type { ProbeTarget } from "./probe-target.js";

/** The User-Agent of mk's HTTP probes (the kubelet sends `kube-probe/<version>`). */
export const PROBE_USER_AGENT = "kube-probe/mk";

const MAX_OUTPUT = 10 * 1024;

/**
 * Runs one probe once, with its timeoutSeconds (default 1):
 * - exec: `podman exec`; exit status 0 is success; the message is the command's output;
 * - httpGet: a GET from the host to the pod's IP (or `host`); 200–399 is success (same-host
 *   redirects followed);
 * - tcpSocket: a TCP connection opens;
 * - grpc: not supported by mk (a failure that says so).
 * Never throws: anything that goes wrong is a failure with a message.
 */
export async function runProbe(probe: JsonObject, target: ProbeTarget, podman: Podman): Promise<ActionResult> {
  const timeoutMs = probeTiming(probe, "liveness").timeoutMs;
  try {
    if (isObject(probe.exec)) {
      const command = commandOf(probe.exec);
      const r = await execAction(podman, target.podmanContainer, command, timeoutMs);
      if ("exitCode" in r) {
        if (r.exitCode === 0) return { result: "success" };
        // The kubelet reads at most 10 KiB of a probe's output.
        const output = r.output.slice(0, MAX_OUTPUT).trim();
        // The kubelet's message is the command's output; an empty one says nothing, so say how it ended.
        return { result: "failure", message: output !== "" ? output : `command ${JSON.stringify(command.join(" "))} exited with ${r.exitCode}` };
      }
      if ("timedOut" in r) return { result: "failure", message: r.message };
      return { result: "failure", message: r.error, ...(r.containerGone ? { errored: true } : {}) };
    }
    if (isObject(probe.httpGet)) {
      const r = await httpGetAction(probe.httpGet, target, timeoutMs, PROBE_USER_AGENT);
      if ("error" in r) return { result: "failure", message: r.error };
      if (r.status >= 200 && r.status < 400) return { result: "success" };
      return { result: "failure", message: `HTTP probe failed with statuscode: ${r.status}` };
    }
    if (isObject(probe.tcpSocket)) return await tcpSocketAction(probe.tcpSocket, target, timeoutMs);
    if (isObject(probe.grpc)) return { result: "failure", message: "gRPC probes are not supported by mk: use exec, httpGet or tcpSocket" };
    return { result: "failure", message: "the probe has no handler (exec, httpGet, tcpSocket or grpc)" };
  } catch (e) {
    return { result: "failure", message: e instanceof Error ? e.message : String(e) };
  }
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
