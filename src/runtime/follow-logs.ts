import { execa } from "execa";
import type { RuntimeSession } from "./session.js";

/**
 * `podman logs --follow`: streams a container's output to `out` until the container stops or
 * `signal` aborts. The one podman call that does not fit the adapter's collect-then-return
 * shape; still an argument array, with mk's containers.conf.
 */
export async function followContainerLogs(session: RuntimeSession, container: string, out: NodeJS.WritableStream, options: { tail?: number; signal?: AbortSignal } = {}): Promise<number> {
  const args = ["logs", "--follow"];
  if (options.tail !== undefined) args.push("--tail", String(Math.max(0, Math.floor(options.tail))));
  args.push(container);
  const child = execa("podman", args, { env: { CONTAINERS_CONF: session.containersConf }, stdin: "ignore", reject: false, cancelSignal: options.signal, buffer: false });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const r = await child;
  return r.isCanceled ? 0 : (r.exitCode ?? 1);
}
