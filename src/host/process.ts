/**
 * Whether a process with this pid runs on this host (the store's lock liveness and the runtime's
 * leftover detection both ask). Signal 0 checks existence without delivering anything; EPERM
 * means it exists but belongs to someone else.
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
