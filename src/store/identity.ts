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

/**
 * Whether a process with this pid runs on this host. Signal 0 checks existence without
 * delivering anything; EPERM means it exists but belongs to someone else.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
