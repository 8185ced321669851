import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { JsonObject } from "../../schema/json.js";
import { resolvePort } from "./container-port.js";
import type { ProbeTarget } from "./probe-target.js";
import { joinHostPort, socketErrorText } from "./socket-error.js";

export type HttpGetOutcome = { url: string; status: number } | { url?: string; error: string };

/**
 * One GET of an httpGet action (probe or lifecycle handler) from the host: scheme (HTTP or
 * HTTPS, certificates not verified, as the kubelet does), host (default the pod's IP), port
 * (number or container port name), path, httpHeaders (a Host header sets the virtual host).
 * Redirects are not followed (a 3xx counts as the answer). Errors read as Go's http client's.
 */
export async function httpGetAction(action: JsonObject, target: ProbeTarget, timeoutMs: number, userAgent: string): Promise<HttpGetOutcome> {
  const port = resolvePort(action.port, target);
  if ("error" in port) return { error: port.error };
  const scheme = typeof action.scheme === "string" && action.scheme.toUpperCase() === "HTTPS" ? "https" : "http";
  const host = typeof action.host === "string" && action.host !== "" ? action.host : target.podIP;
  const rawPath = typeof action.path === "string" ? action.path : "";
  const path = rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  const url = `${scheme}://${joinHostPort(host, port.port)}${path}`;
  const headers: Record<string, string> = { "User-Agent": userAgent, Accept: "*/*" };
  for (const h of Array.isArray(action.httpHeaders) ? action.httpHeaders : []) {
    if (h && typeof h === "object" && !Array.isArray(h) && typeof h.name === "string" && h.name !== "") {
      headers[h.name] = typeof h.value === "string" ? h.value : "";
    }
  }
  const send = scheme === "https" ? httpsRequest : httpRequest;
  return new Promise<HttpGetOutcome>((resolve) => {
    let settled = false;
    const settle = (o: HttpGetOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(o);
    };
    const req = send(
      { host, port: port.port, path, method: "GET", headers, ...(scheme === "https" ? { rejectUnauthorized: false } : {}) },
      (res: IncomingMessage) => {
        // The body is not needed: drain it so the socket is freed.
        res.resume();
        settle({ url, status: res.statusCode ?? 0 });
      },
    );
    const timer = setTimeout(
      () => settle({ url, error: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }),
      timeoutMs,
    );
    req.on("error", (e) => {
      const dial = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"].includes(String((e as { code?: unknown }).code));
      settle({ url, error: `Get "${url}": ${dial ? `dial tcp ${joinHostPort(host, port.port)}: ` : ""}${socketErrorText(e)}` });
    });
    req.end();
  });
}
