import type { FieldPath } from "../../diag/span.js";
import { ianaServiceNameProblems, portNumberProblems } from "../names.js";
import type { IssueList } from "./issue-list.js";

export const supportedProtocols = ["TCP", "UDP", "SCTP"] as const;

/**
 * A port given as a number (1–65535) or as the name of a container port (an IANA service name):
 * probe ports, lifecycle handler ports, Service targetPorts.
 */
export function checkPortNumberOrName(value: number | string | undefined, path: FieldPath, what: string, code: string, issues: IssueList): void {
  if (value === undefined) return;
  if (typeof value === "number") {
    const problems = portNumberProblems(value);
    if (problems.length > 0) issues.error(code, path, `${what} ${value} is out of range: a port number ${problems[0]}`);
    return;
  }
  if (/^[0-9]+$/.test(value)) {
    issues.error(code, path, `${what} \`"${value}"\` is a string of digits: a port is a number or the name of a container port`, {
      help: `write it without quotes: ${value}`,
    });
    return;
  }
  const problems = ianaServiceNameProblems(value);
  if (problems.length > 0) issues.error(code, path, `${what} \`${value}\` is not a valid port name: ${problems[0]}`, { notes: problems.slice(1) });
}
