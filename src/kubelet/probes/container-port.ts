import type { JsonValue } from "../../schema/json.js";
import type { ProbeTarget } from "./probe-target.js";

/**
 * The port number of a probe's or handler's `port`: a number, a numeric string, or the name of
 * one of the container's ports (an IntOrString, as the kubelet resolves it).
 */
export function resolvePort(port: JsonValue | undefined, target: ProbeTarget): { port: number } | { error: string } {
  if (typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536) return { port };
  if (typeof port === "string" && port !== "") {
    const named = target.ports.find((p) => p.name === port);
    if (named) return { port: named.containerPort };
    if (/^[0-9]+$/.test(port)) {
      const n = Number(port);
      if (n > 0 && n < 65536) return { port: n };
    }
    return { error: `couldn't find port: ${port} in container ${target.containerName}` };
  }
  return { error: `invalid port: ${JSON.stringify(port ?? null)}` };
}
