import { spawn, type ChildProcess } from "node:child_process";

/** How a CLI run ended: its exit code (null when a signal killed it) and its output. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of mk's programs in a child process, as people run it (CI=true, no colour), and
 * collects its output. SIGKILL after `timeoutMs` (default 5 minutes); `onSpawn` gets the child
 * (to watch its output or signal it).
 */
export function runCli(program: string, args: string[], options: { cwd: string; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], { cwd: options.cwd, env: { ...process.env, CI: "true", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}
