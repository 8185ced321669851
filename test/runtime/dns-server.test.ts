import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dnsRevivalSentence, ensureDnsServer, readDnsServerFacts, type DnsServerFiles } from "../../src/runtime/dns-server.js";
import { judgeDnsServer, udpSockets, type DnsNetwork } from "../../src/runtime/dns-server-state.js";

/** A config folder of the test's own, laid out as netavark's. */
function dnsServerFilesIn(dir: string): DnsServerFiles {
  const configDir = join(dir, "aardvark-dns");
  return { configDir, pidFile: join(configDir, "aardvark.pid"), lockFile: join(dir, "aardvark.lock"), udpSockets: join(dir, "udp") };
}

const running = "4242 (aardvark-dns) S 1 4242 4242 0 -1 4194624";
const net = (name: string, gateway = "10.89.0.1"): DnsNetwork => ({ name, gateways: [gateway] });

test("judgeDnsServer: a live aardvark-dns runs; none and no networks is idle", () => {
  assert.deepEqual(judgeDnsServer({ pidText: "4242\n", procStat: running, networks: [net("mk-a")], queued: [], listening: ["10.89.0.1"], hostAddresses: ["10.89.0.1"] }), { state: "running", pid: 4242 });
  assert.deepEqual(judgeDnsServer({ pidText: undefined, procStat: undefined, networks: [], queued: [], listening: [], hostAddresses: [] }), { state: "idle" });
});

test("judgeDnsServer: a zombie, an exited pid, a reused pid, a bad pid file and a missing server are dead", () => {
  const zombie = judgeDnsServer({ pidText: "4242", procStat: "4242 (aardvark-dns) Z 1 4242 4242 0 -1", networks: [net("mk-a")], queued: [], listening: ["10.89.0.1"], hostAddresses: ["10.89.0.1"] });
  assert.equal(zombie.state, "dead");
  assert.match(zombie.state === "dead" ? zombie.reason : "", /pid 4242 has exited and was never reaped, a zombie .* while network mk-a needs it$/);
  // A zombie's pid file misleads netavark even when no network needs the server yet.
  assert.equal(judgeDnsServer({ pidText: "4242", procStat: "4242 (aardvark-dns) Z 1", networks: [], queued: [], listening: [], hostAddresses: [] }).state, "dead");
  const exited = judgeDnsServer({ pidText: "4242", procStat: undefined, networks: [], queued: [], listening: [], hostAddresses: [] });
  assert.match(exited.state === "dead" ? exited.reason : "", /^its pid 4242 has exited$/);
  // The command name may hold spaces and parentheses: the state is read after the last ")".
  const reused = judgeDnsServer({ pidText: "4242", procStat: "4242 (my (odd) prog) S 1", networks: [net("mk-a")], queued: [], listening: ["10.89.0.1"], hostAddresses: ["10.89.0.1"] });
  assert.match(reused.state === "dead" ? reused.reason : "", /another program \(my \(odd\) prog\)/);
  assert.equal(judgeDnsServer({ pidText: "garbage", procStat: undefined, networks: [], queued: [], listening: [], hostAddresses: [] }).state, "dead");
  const none = judgeDnsServer({ pidText: undefined, procStat: undefined, networks: [net("mk-a"), net("mk-b", "10.89.1.1")], queued: [], listening: [], hostAddresses: [] });
  assert.match(none.state === "dead" ? none.reason : "", /^no aardvark-dns runs while networks mk-a, mk-b need it$/);
});

test("judgeDnsServer: a live server that does not listen on a network's gateway is deaf to it", () => {
  const facts = { pidText: "4242", procStat: running, networks: [net("mk-a"), { name: "mk-b", gateways: ["10.89.1.1", "fd00::1"] }] };
  const hostAddresses = ["127.0.0.1", "10.89.0.1", "10.89.1.1"];
  assert.deepEqual(judgeDnsServer({ ...facts, queued: [], listening: ["10.89.0.1"], hostAddresses }), { state: "deaf", pid: 4242, reason: "its pid 4242 does not listen on 10.89.1.1:53 for network mk-b" });
  assert.deepEqual(judgeDnsServer({ ...facts, queued: [], listening: ["10.89.1.1", "10.89.0.1"], hostAddresses }), { state: "running", pid: 4242 }, "IPv6 gateways are not checked");
  assert.deepEqual(judgeDnsServer({ ...facts, queued: [], listening: ["0.0.0.0"], hostAddresses }), { state: "running", pid: 4242 }, "a wildcard socket hears every gateway");
  // A network file whose gateway is no address of this host (a bridge gone, its file left) cannot be served.
  assert.deepEqual(judgeDnsServer({ ...facts, queued: [], listening: ["10.89.0.1"], hostAddresses: ["10.89.0.1"] }), { state: "running", pid: 4242 });
});

test("judgeDnsServer: a live server whose gateway socket holds unread queries is deaf (hung)", () => {
  const facts = { pidText: "4242", procStat: running, networks: [net("mk-a")], listening: ["10.89.0.1"], hostAddresses: ["10.89.0.1"] };
  assert.deepEqual(judgeDnsServer({ ...facts, queued: ["10.89.0.1"] }), { state: "deaf", pid: 4242, reason: "its pid 4242 does not read the queries waiting on 10.89.0.1:53 for network mk-a (hung)" });
  assert.deepEqual(judgeDnsServer({ ...facts, queued: ["127.0.0.1"] }), { state: "running", pid: 4242 }, "another address's queue is not the server's");
});

test("udpSockets reads /proc/net/udp's little-endian addresses, hex ports and receive queues", () => {
  const table = [
    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
    "13855: 0100590A:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 156032 2 000000005b3e9d9e 0",
    "13856: 0101590A:0036 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 156033 2 000000005b3e9d9e 0",
    "  201: 0100007F:0035 00000000:0000 07 00000000:00000D00 00:00000000 00000000     0        0 156034 2 000000005b3e9d9e 0",
  ].join("\n");
  assert.deepEqual(udpSockets(table, 53), [{ address: "10.89.0.1", queuedBytes: 0 }, { address: "127.0.0.1", queuedBytes: 0xd00 }]);
  assert.deepEqual(udpSockets(table, 54), [{ address: "10.89.1.1", queuedBytes: 0 }]);
});

test("dnsRevivalSentence names the cause and the new pid", () => {
  assert.equal(dnsRevivalSentence({ reason: "its pid 6 has exited", pid: 7 }), "podman's DNS server aardvark-dns was not serving: its pid 6 has exited; mk started it again as pid 7");
  assert.match(dnsRevivalSentence({ reason: "it exited" }), /removed its stale pid file/);
  assert.match(dnsRevivalSentence({ reason: "no aardvark-dns runs", pid: 9, adopted: true }), /wrote the running server's pid 9 back to its pid file$/);
});

test("ensureDnsServer removes a pid file of an exited server under netavark's lock, and leaves a live one alone", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-dns-server-"));
  try {
    const files = dnsServerFilesIn(dir);
    mkdirSync(files.configDir);
    // A pid that surely belongs to no live process: a child that has already exited.
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(files.pidFile, child.stdout);
    const revived = await ensureDnsServer(files);
    assert.ok(revived.ok);
    assert.match(revived.value?.reason ?? "", /has exited/);
    assert.equal(revived.value?.pid, undefined, "no network needs a server: none is started");
    assert.equal(existsSync(files.pidFile), false, "the stale pid file is gone");

    // Our own pid is live but not aardvark-dns: dead too. A live aardvark-dns is left alone.
    writeFileSync(files.pidFile, String(process.pid));
    assert.equal(judgeDnsServer(readDnsServerFacts(files)).state, "dead");
    rmSync(files.pidFile);
    const idle = await ensureDnsServer(files);
    assert.ok(idle.ok);
    assert.equal(idle.value, undefined, "nothing to do without a pid file or networks");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
