import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { JsonObject } from "../../schema/json.js";
import { resolvePort } from "./container-port.js";
import type { ProbeTarget } from "./probe-target.js";
import { joinHostPort, socketErrorText } from "./socket-error.js";

export type HttpGetOutcome = { url: string; status: number } | { url?: string; error: string };

/** Go's http client gives up after this many redirects. */
const MAX_REDIRECTS = 10;

/**
 * One httpGet action (probe or lifecycle handler) from the host: scheme (HTTP or HTTPS,
 * certificates not verified, as the kubelet does), host (default the pod's IP), port (number or
 * container port name), path, httpHeaders (a Host header sets the virtual host). Redirects are
 * followed as the kubelet's client does: to the same host name only (up to 10); a redirect
 * elsewhere is the answer itself (a 3xx). The time limit covers the whole exchange. Errors read
 * as Go's http client's.
 */
export async function httpGetAction(action: JsonObject, target: ProbeTarget, timeoutMs: number, userAgent: string): Promise<HttpGetOutcome> {
  const port = resolvePort(action.port, target);
  if ("error" in port) return { error: port.error };
  const scheme = typeof action.scheme === "string" && action.scheme.toUpperCase() === "HTTPS" ? "https" : "http";
  const host = typeof action.host === "string" && action.host !== "" ? action.host : target.podIP;
  const rawPath = typeof action.path === "string" ? action.path : "";
  const path = rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  const headers: Record<string, string> = { "User-Agent": userAgent, Accept: "*/*" };
  for (const h of Array.isArray(action.httpHeaders) ? action.httpHeaders : []) {
    if (h && typeof h === "object" && !Array.isArray(h) && typeof h.name === "string" && h.name !== "") {
      headers[h.name] = typeof h.value === "string" ? h.value : "";
    }
  }
  const deadline = Date.now() + timeoutMs;
  let url = `${scheme}://${joinHostPort(host, port.port)}${path}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, error: `parse "${url}": invalid URL` };
  }
  const firstHost = parsed.hostname;
  for (let redirects = 0; ; redirects++) {
    const r = await getOnce(parsed, url, headers, Math.max(0, deadline - Date.now()));
    if ("error" in r || r.status < 300 || r.status >= 400 || r.location === undefined) return "error" in r ? r : { url, status: r.status };
    let next: URL;
    try {
      next = new URL(r.location, parsed);
    } catch {
      return { url, status: r.status };
    }
    if (next.hostname !== firstHost) return { url, status: r.status };
    url = next.href;
    parsed = next;
    if (redirects + 1 >= MAX_REDIRECTS) return { url, error: `Get "${url}": stopped after ${MAX_REDIRECTS} redirects` };
  }
}

type Answer = { url: string; status: number; location?: string } | { url: string; error: string };

function getOnce(u: URL, url: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  const https = u.protocol === "https:";
  const send = https ? httpsRequest : httpRequest;
  const hostname = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port !== "" ? Number(u.port) : https ? 443 : 80;
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const settle = (a: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(a);
    };
    const req = send(
      { host: hostname, port, path: `${u.pathname}${u.search}`, method: "GET", headers, ...(https ? { rejectUnauthorized: false } : {}) },
      (res: IncomingMessage) => {
        // The body is not needed: drain it so the socket is freed.
        res.resume();
        const location = res.headers.location;
        settle({ url, status: res.statusCode ?? 0, ...(typeof location === "string" ? { location } : {}) });
      },
    );
    const timer = setTimeout(() => settle({ url, error: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }), timeoutMs);
    req.on("error", (e) => {
      const dial = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"].includes(String((e as { code?: unknown }).code));
      settle({ url, error: `Get "${url}": ${dial ? `dial tcp ${joinHostPort(hostname, port)}: ` : ""}${socketErrorText(e)}` });
    });
    req.end();
  });
}
