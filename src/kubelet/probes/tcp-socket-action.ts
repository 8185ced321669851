import { connect } from "node:net";
import type { JsonObject } from "../../schema/json.js";
import type { ActionResult } from "./action-result.js";
import { resolvePort } from "./container-port.js";
import type { ProbeTarget } from "./probe-target.js";
import { joinHostPort, socketErrorText } from "./socket-error.js";

/** tcpSocket: success when a TCP connection to host (default the pod's IP) and port opens in time. */
export async function tcpSocketAction(action: JsonObject, target: ProbeTarget, timeoutMs: number): Promise<ActionResult> {
  const port = resolvePort(action.port, target);
  if ("error" in port) return { result: "failure", message: port.error };
  const host = typeof action.host === "string" && action.host !== "" ? action.host : target.podIP;
  const address = joinHostPort(host, port.port);
  return new Promise<ActionResult>((resolve) => {
    const socket = connect({ host, port: port.port });
    const timer = setTimeout(() => finish({ result: "failure", message: `dial tcp ${address}: i/o timeout` }), timeoutMs);
    function finish(r: ActionResult): void {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
      resolve(r);
    }
    socket.once("connect", () => finish({ result: "success" }));
    socket.once("error", (e) => finish({ result: "failure", message: `dial tcp ${address}: ${socketErrorText(e)}` }));
  });
}
