import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, intOrStringField, listField, numberField, objectField, stringField } from "./json-access.js";
import { checkPortNumberOrName } from "./ports.js";

export type ProbeKind = "livenessProbe" | "readinessProbe" | "startupProbe";

const probeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"] as const;
const lifecycleHandlers = ["exec", "httpGet", "tcpSocket", "sleep"] as const;

/** A probe: exactly one handler, non-negative timings, successThreshold 1 where only 1 makes sense. */
export function checkProbe(probe: JsonObject, kind: ProbeKind, path: FieldPath, issues: IssueList): void {
  checkHandler(probe, probeHandlers, `${kind}`, path, issues);
  for (const field of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    const value = numberField(probe, field);
    if (value !== undefined && value < 0) issues.error(SemanticCode.probeNumbers, [...path, field], `${kind}.${field} must not be negative (got ${value})`);
  }
  const success = numberField(probe, "successThreshold");
  if ((kind === "livenessProbe" || kind === "startupProbe") && success !== undefined && success !== 1 && success > 0) {
    issues.error(SemanticCode.probeNumbers, [...path, "successThreshold"], `${kind}.successThreshold must be 1 (got ${success})`, {
      notes: `one success is what ends a ${kind === "livenessProbe" ? "failure streak" : "startup"}; only a readinessProbe can require several`,
      help: "remove successThreshold or set it to 1",
    });
  }
  const grace = numberField(probe, "terminationGracePeriodSeconds");
  if (grace !== undefined) {
    if (kind === "readinessProbe") {
      issues.error(SemanticCode.probeNumbers, [...path, "terminationGracePeriodSeconds"], "readinessProbe.terminationGracePeriodSeconds is not allowed: a failing readiness probe does not kill the container");
    } else if (grace <= 0) {
      issues.error(SemanticCode.probeNumbers, [...path, "terminationGracePeriodSeconds"], `${kind}.terminationGracePeriodSeconds must be greater than 0 (got ${grace})`);
    }
  }
}

/** postStart / preStop hooks: exactly one of exec, httpGet, tcpSocket, sleep. */
export function checkLifecycle(lifecycle: JsonObject, path: FieldPath, issues: IssueList): void {
  for (const hook of ["postStart", "preStop"]) {
    const handler = objectField(lifecycle, hook);
    if (handler) checkHandler(handler, lifecycleHandlers, `lifecycle.${hook}`, [...path, hook], issues);
  }
}

function checkHandler(handler: JsonObject, kinds: readonly string[], what: string, path: FieldPath, issues: IssueList): void {
  const present = kinds.filter((k) => has(handler, k));
  if (present.length === 0) {
    issues.error(SemanticCode.handlerCount, path, `${what} has no handler: set exactly one of ${kinds.join(", ")}`);
    return;
  }
  if (present.length > 1) {
    issues.error(SemanticCode.handlerCount, [...path, present[1]], `${what} has ${present.length} handlers (${present.join(", ")}); it may have only one`, {
      help: `keep one of ${present.join(" and ")}`,
    });
  }
  const exec = objectField(handler, "exec");
  if (exec && present.includes("exec") && (listField(exec, "command") ?? []).length === 0) {
    issues.error(SemanticCode.handlerCount, [...path, "exec", "command"], `${what}.exec needs a command`);
  }
  const httpGet = objectField(handler, "httpGet");
  if (httpGet) {
    if (!has(httpGet, "port")) issues.error(SemanticCode.handlerCount, [...path, "httpGet", "port"], `${what}.httpGet needs a port`);
    checkPortNumberOrName(intOrStringField(httpGet, "port"), [...path, "httpGet", "port"], `${what}.httpGet.port`, SemanticCode.portOutOfRange, issues);
    const scheme = stringField(httpGet, "scheme");
    if (scheme !== undefined && scheme !== "HTTP" && scheme !== "HTTPS") {
      issues.error(SemanticCode.unsupportedPodValue, [...path, "httpGet", "scheme"], `${what}.httpGet.scheme must be HTTP or HTTPS (got \`${scheme}\`)`);
    }
  }
  const tcpSocket = objectField(handler, "tcpSocket");
  if (tcpSocket) {
    if (!has(tcpSocket, "port")) issues.error(SemanticCode.handlerCount, [...path, "tcpSocket", "port"], `${what}.tcpSocket needs a port`);
    checkPortNumberOrName(intOrStringField(tcpSocket, "port"), [...path, "tcpSocket", "port"], `${what}.tcpSocket.port`, SemanticCode.portOutOfRange, issues);
  }
  const grpc = objectField(handler, "grpc");
  if (grpc) {
    const port = numberField(grpc, "port");
    if (port !== undefined) checkPortNumberOrName(port, [...path, "grpc", "port"], `${what}.grpc.port`, SemanticCode.portOutOfRange, issues);
  }
  const sleep = objectField(handler, "sleep");
  const seconds = numberField(sleep, "seconds");
  if (seconds !== undefined && seconds < 0) issues.error(SemanticCode.probeNumbers, [...path, "sleep", "seconds"], `${what}.sleep.seconds must not be negative (got ${seconds})`);
}
