import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dnsRevivalSentence, dnsServerFilesIn, ensureDnsServer, judgeDnsServer, readDnsServerFacts } from "../../src/runtime/dns-server.js";

const running = "4242 (aardvark-dns) S 1 4242 4242 0 -1 4194624";

test("judgeDnsServer: a live aardvark-dns runs; none and no networks is idle", () => {
  assert.deepEqual(judgeDnsServer({ pidText: "4242\n", procStat: running, networks: ["mk-a"] }), { state: "running", pid: 4242 });
  assert.deepEqual(judgeDnsServer({ pidText: undefined, procStat: undefined, networks: [] }), { state: "idle" });
});

test("judgeDnsServer: a zombie, an exited pid, a reused pid, a bad pid file and a missing server are dead", () => {
  const zombie = judgeDnsServer({ pidText: "4242", procStat: "4242 (aardvark-dns) Z 1 4242 4242 0 -1", networks: ["mk-a"] });
  assert.equal(zombie.state, "dead");
  assert.match(zombie.state === "dead" ? zombie.reason : "", /pid 4242 has exited and was never reaped, a zombie .* while network mk-a needs it$/);
  // A zombie's pid file misleads netavark even when no network needs the server yet.
  assert.equal(judgeDnsServer({ pidText: "4242", procStat: "4242 (aardvark-dns) Z 1", networks: [] }).state, "dead");
  const exited = judgeDnsServer({ pidText: "4242", procStat: undefined, networks: [] });
  assert.match(exited.state === "dead" ? exited.reason : "", /^its pid 4242 has exited$/);
  // The command name may hold spaces and parentheses: the state is read after the last ")".
  const reused = judgeDnsServer({ pidText: "4242", procStat: "4242 (my (odd) prog) S 1", networks: ["mk-a"] });
  assert.match(reused.state === "dead" ? reused.reason : "", /another program \(my \(odd\) prog\)/);
  assert.equal(judgeDnsServer({ pidText: "garbage", procStat: undefined, networks: [] }).state, "dead");
  const none = judgeDnsServer({ pidText: undefined, procStat: undefined, networks: ["mk-a", "mk-b"] });
  assert.match(none.state === "dead" ? none.reason : "", /^no aardvark-dns runs while networks mk-a, mk-b need it$/);
});

test("dnsRevivalSentence names the cause and the new pid", () => {
  assert.equal(dnsRevivalSentence({ reason: "its pid 6 has exited", pid: 7 }), "podman's DNS server aardvark-dns had died: its pid 6 has exited; mk started it again as pid 7");
  assert.match(dnsRevivalSentence({ reason: "it exited" }), /removed its stale pid file/);
});

test("ensureDnsServer removes a pid file of an exited server under netavark's lock, and leaves a live one alone", { skip: process.getuid?.() !== 0 ? "acts for rootful podman only" : false }, async () => {
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
