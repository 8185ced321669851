import { dnsRevivalSentence, ensureDnsServer } from "../runtime/dns-server.js";

/**
 * Watches podman's DNS server while the Services are served: it can die and stay dead
 * (src/runtime/dns-server.ts), and then no Service name resolves. A check is a few small file
 * reads, so it runs every second; a dead server is started again and the revival logged. A
 * problem that persists (the server cannot be started) is logged once, not every second.
 */
export function watchDnsServer(log: (message: string) => void, intervalMs = 1000): () => Promise<void> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastProblem = "";
  const check = async (): Promise<void> => {
    const r = await ensureDnsServer();
    const problem = r.ok ? "" : r.error.message;
    if (problem !== "" && problem !== lastProblem) log(problem);
    if (r.ok && r.value) log(dnsRevivalSentence(r.value));
    lastProblem = problem;
    if (!stopped) timer = setTimeout(() => (running = check()), intervalMs);
  };
  running = check();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
