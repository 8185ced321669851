/**
 * The state of podman's DNS server (aardvark-dns) from what the files say: pure, so the rules
 * (dead, deaf, running, idle) are tested without a machine. src/runtime/dns-server.ts reads the
 * files and acts.
 */

export type DnsServerState =
  /** aardvark-dns runs with this pid. */
  | { state: "running"; pid: number }
  /** No network has DNS entries and no pid file is left: netavark starts the server when needed. */
  | { state: "idle" }
  /** The server is dead, or absent while networks need it; `reason` says how, for people. */
  | { state: "dead"; reason: string }
  /** The server runs but does not hear a network that needs it: no socket on its gateway, or one it does not read (hung). */
  | { state: "deaf"; pid: number; reason: string };

/** A network with DNS entries (a file in the config folder) and its gateways (the file's first line). */
export interface DnsNetwork {
  name: string;
  gateways: readonly string[];
}

/**
 * What the files say: the pid file's text, the named process's /proc stat line, the networks
 * with entries and the IPv4 addresses with a UDP socket on port 53.
 */
export interface DnsServerFacts {
  pidText: string | undefined;
  procStat: string | undefined;
  networks: readonly DnsNetwork[];
  listening: readonly string[];
  /** Those of them whose socket holds queries not read yet (a server that has stopped reading). */
  queued: readonly string[];
  /** The host's own IPv4 addresses: a gateway that is not among them cannot be listened on (a stale network file). */
  hostAddresses: readonly string[];
}

/** Pure: the server's state from the facts. */
export function judgeDnsServer(facts: DnsServerFacts): DnsServerState {
  const names = facts.networks.map((n) => n.name);
  const served = names.length === 0 ? "" : ` while ${names.length === 1 ? "network" : "networks"} ${names.join(", ")} ${names.length === 1 ? "needs" : "need"} it`;
  if (facts.pidText === undefined) return facts.networks.length === 0 ? { state: "idle" } : { state: "dead", reason: `no aardvark-dns runs${served}` };
  const pid = Number(facts.pidText.trim());
  if (!Number.isInteger(pid) || pid <= 0) return { state: "dead", reason: `its pid file holds "${facts.pidText.trim()}", not a pid` };
  if (facts.procStat === undefined) return { state: "dead", reason: `its pid ${pid} has exited${served}` };
  const { comm, state } = parseProcStat(facts.procStat);
  if (comm !== "aardvark-dns") return { state: "dead", reason: `its pid ${pid} now belongs to another program (${comm})` };
  if (hasExited(state)) return { state: "dead", reason: `its pid ${pid} has exited and was never reaped, a zombie (this machine's PID 1 does not reap orphans)${served}` };
  const listening = new Set(facts.listening);
  const own = new Set(facts.hostAddresses);
  // A socket on every address (another build of the server, or another DNS server) hears them all.
  if (listening.has("0.0.0.0")) return { state: "running", pid };
  for (const network of facts.networks) {
    const unheard = network.gateways.filter((g) => IPV4.test(g) && own.has(g) && !listening.has(g));
    if (unheard.length > 0) return { state: "deaf", pid, reason: `its pid ${pid} does not listen on ${unheard.map((g) => `${g}:53`).join(", ")} for network ${network.name}` };
  }
  const queued = new Set(facts.queued);
  for (const network of facts.networks) {
    const unread = network.gateways.filter((g) => queued.has(g));
    if (unread.length > 0) return { state: "deaf", pid, reason: `its pid ${pid} does not read the queries waiting on ${unread.map((g) => `${g}:53`).join(", ")} for network ${network.name} (hung)` };
  }
  return { state: "running", pid };
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** A UDP socket of /proc/net/udp: its IPv4 address and the bytes received but not read yet. */
export interface UdpSocket {
  address: string;
  queuedBytes: number;
}

/** Pure: the UDP sockets on `port`, from /proc/net/udp (addresses in little-endian hex, "tx:rx" queues in hex). */
export function udpSockets(procNetUdp: string, port: number): UdpSocket[] {
  const wanted = port.toString(16).toUpperCase().padStart(4, "0");
  const out: UdpSocket[] = [];
  for (const line of procNetUdp.split("\n").slice(1)) {
    const columns = line.trim().split(/\s+/);
    const [hex, hexPort] = (columns[1] ?? "").split(":");
    if (hexPort !== wanted || hex === undefined || hex.length !== 8) continue;
    const bytes = [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const rx = parseInt((columns[4] ?? "").split(":")[1] ?? "0", 16);
    out.push({ address: bytes.join("."), queuedBytes: Number.isNaN(rx) ? 0 : rx });
  }
  return out;
}

/** A process's command name and state letter from its /proc/<pid>/stat line. */
export function parseProcStat(stat: string): { comm: string; state: string } {
  // "<pid> (<comm>) <state> ...": the command may hold spaces and parentheses, the state follows the last ")".
  const open = stat.indexOf("(");
  const close = stat.lastIndexOf(")");
  return { comm: stat.slice(open + 1, close), state: stat.slice(close + 1).trim().split(" ")[0] ?? "" };
}

/** Whether a /proc state letter is a process that has exited (a zombie, or dead). */
export function hasExited(state: string): boolean {
  return state === "Z" || state === "X";
}
