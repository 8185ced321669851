import { hostname, userInfo } from "node:os";

/** Who is doing something: recorded in locks and in the apply history. */
export interface Actor {
  user: string;
  host: string;
  pid: number;
}

/** The user, host and pid of this process. */
export function currentActor(): Actor {
  return { user: currentUser(), host: hostname(), pid: process.pid };
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    return process.env.USER ?? process.env.LOGNAME ?? "unknown";
  }
}

export { isProcessAlive } from "../host/process.js";
