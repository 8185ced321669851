import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { hasExited, judgeDnsServer, parseProcStat, udpSockets, type DnsServerFacts } from "./dns-server-state.js";
import { failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";

/**
 * Keeps podman's DNS server alive. netavark starts aardvark-dns (a daemon that reparents to
 * PID 1) for the first container on a DNS network and afterwards only signals the pid in
 * aardvark.pid; a pid that still answers a signal counts as a live server. When aardvark-dns
 * dies while its pid file stays (killed, crashed) on a machine whose PID 1 does not reap
 * orphans (containers and CI sandboxes often run such an init), the dead server is a zombie
 * that answers signals forever: netavark never starts a new one and every name on every
 * network stops resolving until the machine restarts. A live server can also be deaf to a
 * network: it binds each network's gateway address when signalled, and a bind that fails (the
 * bridge's address not there yet) is not retried, or it can stop reading a socket (queries pile
 * up unanswered: podman#23783). mk checks the pid file, the process and the host's UDP sockets
 * (a few small file reads) and, when the server is dead or stays deaf, ends it, removes the
 * stale pid file and starts aardvark-dns the way netavark does, holding netavark's own lock.
 */

/** Where netavark keeps aardvark-dns's state for rootful podman. */
export interface DnsServerFiles {
  /** aardvark-dns's config folder: one file per network with DNS entries, and aardvark.pid. */
  configDir: string;
  pidFile: string;
  /** netavark's lock around writing entries and starting the server. */
  lockFile: string;
  /** The host's UDP sockets (the server listens on each network's gateway, port 53). */
  udpSockets: string;
}

export const ROOTFUL_DNS_SERVER: DnsServerFiles = {
  configDir: "/run/containers/networks/aardvark-dns",
  pidFile: "/run/containers/networks/aardvark-dns/aardvark.pid",
  lockFile: "/run/containers/networks/aardvark.lock",
  udpSockets: "/proc/net/udp",
};

/** Where distributions install aardvark-dns (Debian: /usr/lib/podman; Fedora: /usr/libexec/podman). */
const AARDVARK_BINARIES = ["/usr/lib/podman/aardvark-dns", "/usr/libexec/podman/aardvark-dns", "/usr/local/lib/podman/aardvark-dns", "/usr/local/libexec/podman/aardvark-dns"];

export function readDnsServerFacts(files: DnsServerFiles): DnsServerFacts {
  const pidText = readOptional(files.pidFile);
  const pid = pidText === undefined ? NaN : Number(pidText.trim());
  const procStat = Number.isInteger(pid) && pid > 0 ? readOptional(`/proc/${pid}/stat`) : undefined;
  let names: string[] = [];
  try {
    names = readdirSync(files.configDir).filter((f) => f !== "aardvark.pid" && !f.startsWith("."));
  } catch {
    // No config folder: no network has DNS entries.
  }
  const networks = names.map((name) => ({ name, gateways: (readOptional(join(files.configDir, name)) ?? "").split("\n")[0]?.split(",").map((g) => g.trim()).filter((g) => g !== "") ?? [] }));
  const hostAddresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => a.family === "IPv4").map((a) => a.address));
  const sockets = udpSockets(readOptional(files.udpSockets) ?? "", 53);
  return { pidText, procStat, networks, listening: sockets.map((u) => u.address), queued: sockets.filter((u) => u.queuedBytes > 0).map((u) => u.address), hostAddresses };
}

/** What `ensureDnsServer` did when it had to act. */
export interface DnsServerRevival {
  /** Why the server was not serving. */
  reason: string;
  /** The new server's pid (undefined when no network needed one and only the stale pid file went). */
  pid?: number;
  /** The server was running, unknown to netavark: its pid was written back to the pid file. */
  adopted?: boolean;
}

/**
 * Checks podman's DNS server and, when it is dead or stays deaf, starts it again (see the top of
 * this file); after a start that failed, the next try waits 10 s.
 * Only for rootful podman on Linux: rootless aardvark-dns runs in podman's own network
 * namespace, which mk does not enter. Returns undefined when nothing had to be done.
 */
export async function ensureDnsServer(files: DnsServerFiles = ROOTFUL_DNS_SERVER): Promise<RuntimeResult<DnsServerRevival | undefined>> {
  if (process.platform !== "linux" || (files === ROOTFUL_DNS_SERVER && process.getuid?.() !== 0)) return success(undefined);
  const first = judgeDnsServer(readDnsServerFacts(files));
  if (first.state !== "dead" && first.state !== "deaf") return success(undefined);
  if (Date.now() - lastFailureAt < RETRY_AFTER_FAILURE_MS) return success(undefined);
  // A server that stays deaf the same way after a restart would be restarted every check: once in a while only.
  if (first.state === "deaf" && Date.now() - (deafRestarts.get(deafKind(first.reason)) ?? 0) < DEAF_RESTART_EVERY_MS) return success(undefined);
  // A server signalled a moment ago binds a new network's gateway after netavark has let go of
  // its lock: deafness counts only when it lasts.
  if (first.state === "deaf") await delay(DEAF_GRACE_MS);
  const revived = await withNetavarkLock(files.lockFile, () => reviveDnsServer(files, first.state === "deaf" ? first.reason : undefined));
  if (!revived.ok) lastFailureAt = Date.now();
  return revived;
}

/** How long a live server may miss a network's gateway before it counts as deaf. */
const DEAF_GRACE_MS = 1500;
const DEAF_RESTART_EVERY_MS = 30_000;
/** When a deaf server was last restarted, by the kind of its deafness (the reason without its pid). */
const deafRestarts = new Map<string, number>();
const deafKind = (reason: string): string => reason.replace(/pid \d+/, "pid");
const RETRY_AFTER_FAILURE_MS = 10_000;
let lastFailureAt = 0;

async function reviveDnsServer(files: DnsServerFiles, deafness: string | undefined): Promise<RuntimeResult<DnsServerRevival | undefined>> {
  // Judged again under the lock: netavark may have started or signalled a server meanwhile.
  const facts = readDnsServerFacts(files);
  const verdict = judgeDnsServer(facts);
  if (verdict.state === "deaf") {
    // Only the same server, deaf to the same network as before the grace period.
    if (verdict.reason !== deafness) return success(undefined);
    deafRestarts.set(deafKind(verdict.reason), Date.now());
    try {
      process.kill(verdict.pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
    // Its sockets close when it has exited; the new server binds the same addresses.
    for (let waited = 0; waited < 2000 && judgeDnsServer(readDnsServerFacts(files)).state === "deaf"; waited += 50) {
      await delay(50);
    }
  } else if (verdict.state === "dead") {
    // A server that runs while the pid file names none (lost, or overwritten by a second server
    // that could not bind): netavark signals the pid file's, so it is pointed at this one again.
    const live = liveServer(files.configDir);
    if (live !== undefined) {
      writeFileSync(files.pidFile, String(live));
      process.kill(live, "SIGHUP");
      return success({ reason: verdict.reason, pid: live, adopted: true });
    }
  } else return success(undefined);
  if (facts.pidText !== undefined) {
    try {
      unlinkSync(files.pidFile);
    } catch (e) {
      return failure(runtimeError("failed", `podman's DNS server is not serving (${verdict.reason}) and its pid file ${files.pidFile} cannot be removed: ${(e as Error).message}`, []));
    }
  }
  if (facts.networks.length === 0) return success({ reason: verdict.reason });
  const binary = AARDVARK_BINARIES.find((b) => existsSync(b));
  if (binary === undefined) return failure(runtimeError("failed", `podman's DNS server is not serving (${verdict.reason}) and aardvark-dns is not installed (apt-get install -y aardvark-dns)`, []));
  // As netavark starts it: the command returns once the daemon has forked off and written its pid.
  const args = ["--config", files.configDir, "-p", "53", "run"];
  const started = await execa(binary, args, { stdin: "ignore", reject: false, timeout: 10_000 });
  // The new server binds the gateways just after it forks off: a moment of deafness is its start.
  const now = judgeDnsServer(readDnsServerFacts(files));
  if (now.state === "running" || now.state === "deaf") return success({ reason: verdict.reason, pid: now.pid });
  const said = (started.stderr || started.stdout || "").trim();
  return failure(runtimeError("failed", `podman's DNS server was not serving (${verdict.reason}); starting ${binary} again failed${said === "" ? "" : `: ${said}`}`, args));
}

/**
 * Runs `work` holding netavark's lock file (an flock, as netavark takes it), so that no netavark
 * writes entries or starts a server meanwhile. Node has no flock: util-linux's `flock` holds it
 * around a `cat`, which echoes a line once the lock is taken and ends when its input closes.
 * Without `flock` on the machine the work runs unlocked (a rare race: a second server that
 * cannot bind exits, and the next check repairs again).
 */
async function withNetavarkLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  if (!existsSync(dirname(lockFile))) return work();
  const holder = execa("flock", ["--wait", "10", lockFile, "cat"], { stdin: "pipe", stdout: "pipe", stderr: "ignore", reject: false, timeout: 30_000 });
  const locked = new Promise<boolean>((resolve) => {
    holder.stdout?.once("data", () => resolve(true));
    void holder.then(() => resolve(false));
  });
  holder.stdin?.write("locked\n");
  try {
    await locked;
    return await work();
  } finally {
    holder.stdin?.end();
    await holder;
  }
}

/** A live aardvark-dns serving this config folder, found in /proc (only when the pid file says none). */
function liveServer(configDir: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOptional(`/proc/${entry}/stat`);
    if (stat === undefined) continue;
    const { comm, state } = parseProcStat(stat);
    if (comm !== "aardvark-dns" || hasExited(state)) continue;
    const args = (readOptional(`/proc/${entry}/cmdline`) ?? "").split("\0");
    const at = args.indexOf("--config");
    if (at >= 0 && args[at + 1] === configDir) return Number(entry);
  }
  return undefined;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** A revival, for logs and Events. */
export function dnsRevivalSentence(revival: DnsServerRevival): string {
  const what = `podman's DNS server aardvark-dns was not serving: ${revival.reason}`;
  if (revival.pid === undefined) return `${what}; mk removed its stale pid file`;
  return revival.adopted ? `${what}; mk wrote the running server's pid ${revival.pid} back to its pid file` : `${what}; mk started it again as pid ${revival.pid}`;
}
