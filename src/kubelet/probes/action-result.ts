/**
 * What one exec, httpGet or tcpSocket action gave. `errored`: the probe could not be run at all
 * because the container is gone or not running (the kubelet's "probe errored"): the outcome is
 * thrown away, not counted as a failure — the pod worker sees the exit itself.
 */
export type ActionResult = { result: "success" | "failure"; message?: string; errored?: boolean };
