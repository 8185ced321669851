import type { EventInput } from "../../store/index.js";
import { probeTitle, type ProbeKind } from "./probe-config.js";

export interface ProbedContainer {
  pod: { namespace: string; name: string; uid: string };
  containerName: string;
}

function involved(c: ProbedContainer): EventInput["involvedObject"] {
  return {
    apiVersion: "v1",
    kind: "Pod",
    namespace: c.pod.namespace,
    name: c.pod.name,
    uid: c.pod.uid,
    fieldPath: `spec.containers{${c.containerName}}`,
  };
}

/** `Unhealthy` `Liveness probe failed: HTTP probe failed with statuscode: 500` (Warning), on every failed probe. */
export function unhealthyEvent(c: ProbedContainer, kind: ProbeKind, message: string, host?: string): EventInput {
  return {
    involvedObject: involved(c),
    type: "Warning",
    reason: "Unhealthy",
    message: `${probeTitle(kind)} probe failed: ${message}`,
    source: { component: "kubelet", ...(host ? { host } : {}) },
  };
}

/** `Unhealthy` `Liveness probe errored: ...` (Warning): the probe could not run; its outcome is not counted. */
export function probeErroredEvent(c: ProbedContainer, kind: ProbeKind, message: string, host?: string): EventInput {
  return {
    involvedObject: involved(c),
    type: "Warning",
    reason: "Unhealthy",
    message: `${probeTitle(kind)} probe errored: ${message}`,
    source: { component: "kubelet", ...(host ? { host } : {}) },
  };
}

/** `Killing` `Container web failed liveness probe, will be restarted` (Normal). */
export function killingForProbeEvent(c: ProbedContainer, kind: "liveness" | "startup", host?: string): EventInput {
  return {
    involvedObject: involved(c),
    type: "Normal",
    reason: "Killing",
    message: `Container ${c.containerName} failed ${kind} probe, will be restarted`,
    source: { component: "kubelet", ...(host ? { host } : {}) },
  };
}
