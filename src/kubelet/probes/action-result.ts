/** What one exec, httpGet or tcpSocket action gave. */
export type ActionResult = { result: "success" | "failure"; message?: string };
