/**
 * End-to-end tests of the runtime primitives against the real podman (no fakes): images,
 * pods, containers, exit codes, pull errors, grace periods, DNS and host ports. They fail —
 * never skip — when podman is missing. Waiting is polling with a deadline.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openE2eRuntime, remainingObjects, type E2eRuntime } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { dnsServerNote } from "../e2e-support/dns-server-note.js";
import { freePort, httpGet } from "../e2e-support/net.js";
import { containerLabels, LABEL, objectLabels, type MkObjectRef } from "../../src/runtime/labels.js";
import { podmanContainerName, podmanNetworkName, podmanPodName } from "../../src/runtime/names.js";
import { createPodSandbox, podIP, type PortMapping } from "../../src/runtime/pod-sandbox.js";
import {
  containerLogs,
  createContainer,
  execInContainer,
  inspectContainer,
  removeContainer,
  startContainer,
  stopContainer,
} from "../../src/runtime/containers.js";
import type { ContainerSpec } from "../../src/runtime/container-spec.js";
import { listContainers, type ContainerSummary } from "../../src/runtime/observe.js";
import { ensureImage, imageExists, imageWaitingReason } from "../../src/runtime/images.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1, WEB_IMAGE_V2 } from "../../src/runtime/test-images.js";
import { ensureNetwork } from "../../src/runtime/network.js";
import { ensureDnsServer, readDnsServerFacts, ROOTFUL_DNS_SERVER } from "../../src/runtime/dns-server.js";
import { judgeDnsServer } from "../../src/runtime/dns-server-state.js";
import { removeStaleTransientProjects, TRANSIENT_LABEL } from "../../src/runtime/transient.js";
import type { RuntimeResult } from "../../src/runtime/podman-error.js";

const PURPOSE = "e2e-runtime";
let rt: E2eRuntime;

function unwrap<T>(r: RuntimeResult<T>, what: string): T {
  if (!r.ok) assert.fail(`${what}: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

interface TestPod {
  ref: MkObjectRef;
  podName: string;
  container(name: string): string;
}

/** A pod sandbox on the run's network with the given aliases and ports. */
async function makePod(name: string, options: { aliases?: string[]; ports?: PortMapping[] } = {}): Promise<TestPod> {
  const ref: MkObjectRef = { uid: randomUUID(), namespace: "default", name, kind: "Pod", ownerUid: "rs-uid-1" };
  const podName = podmanPodName(rt.project, ref.namespace, name);
  unwrap(
    await createPodSandbox(rt.podman, {
      name: podName,
      labels: { ...rt.labels, ...objectLabels(rt.project, ref) },
      network: rt.network,
      aliases: options.aliases ?? [name],
      hostname: name,
      ports: options.ports,
    }),
    `create pod ${name}`,
  );
  return { ref, podName, container: (c) => podmanContainerName(podName, c) };
}

/** Creates and starts a container in the pod. */
async function runIn(pod: TestPod, name: string, spec: Omit<ContainerSpec, "name" | "pod" | "labels">): Promise<string> {
  const id = unwrap(
    await createContainer(rt.podman, {
      ...spec,
      name: pod.container(name),
      pod: pod.podName,
      labels: { ...rt.labels, ...containerLabels(rt.project, pod.ref, name) },
    }),
    `create container ${name}`,
  );
  unwrap(await startContainer(rt.podman, id), `start container ${name}`);
  return id;
}

/** Containers of one pod (by its store uid), infra excluded. */
async function podContainers(pod: TestPod): Promise<ContainerSummary[]> {
  const list = unwrap(await listContainers(rt.podman, { ...rt.selector, [LABEL.uid]: pod.ref.uid }), "ps");
  return list.filter((c) => !c.isInfra);
}

async function waitForLog(container: string, text: string): Promise<void> {
  await pollUntil(async () => {
    const logs = await containerLogs(rt.podman, container);
    return logs.ok && logs.value.includes(text) ? true : undefined;
  }, { timeoutMs: 20_000, what: `"${text}" in the logs of ${container}` });
}

/** The pid of podman's DNS server, which must be running. */
function runningDnsServerPid(): number {
  assert.equal(process.getuid?.(), 0, "mk looks after rootful podman's DNS server: run the end-to-end tests as root, as CI does");
  const verdict = judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER));
  assert.equal(verdict.state, "running", "pods with DNS names have a DNS server");
  return verdict.state === "running" ? verdict.pid : 0;
}

/** A web pod with the DNS alias `name`, its address, and a client pod with a shell. */
async function serverAndClient(name: string): Promise<{ client: TestPod; ip: string }> {
  const server = await makePod(name, { aliases: [name] });
  await runIn(server, "web", { image: WEB_IMAGE_V1 });
  const client = await makePod(`${name}-client`);
  await runIn(client, "shell", { image: BUSYBOX_IMAGE, command: ["sleep", "3600"] });
  return { client, ip: unwrap(await podIP(rt.podman, server.podName, rt.network), "pod IP") };
}

/** Polls until `name` resolves to `ip` inside the client pod's shell container. */
async function resolvesFrom(client: TestPod, name: string, ip: string): Promise<void> {
  await pollUntil(async () => {
    const r = unwrap(await execInContainer(rt.podman, client.container("shell"), ["nslookup", name], 10), "nslookup");
    return r.exitCode === 0 && r.stdout.includes(ip) ? true : undefined;
  }, { timeoutMs: 20_000, what: () => `${name} to resolve to ${ip} (${dnsServerNote()})` });
}

describe("podman runtime (end to end)", () => {
  before(async () => {
    rt = await openE2eRuntime(PURPOSE);
  });

  after(async () => {
    if (!rt) return;
    const left = await rt.close();
    assert.deepEqual(left, [], "everything the tests created is removed");
  });

  test("the offline test images are built (or already present) and usable", async () => {
    assert.deepEqual(rt.images.map((i) => i.ref).sort(), [BUSYBOX_IMAGE, WEB_IMAGE_V1, WEB_IMAGE_V2].sort());
    for (const ref of [BUSYBOX_IMAGE, WEB_IMAGE_V1, WEB_IMAGE_V2]) assert.equal(unwrap(await imageExists(rt.podman, ref), ref), true, ref);
    // A second build is a no-op.
    const { buildTestImages } = await import("../../src/runtime/test-images.js");
    const again = unwrap(await buildTestImages(rt.podman), "rebuild");
    assert.deepEqual(again.map((b) => b.action), ["present", "present", "present"]);
  });

  test("a pod with two containers: both run, carry mk's labels and share the pod", async () => {
    const pod = await makePod("two");
    await runIn(pod, "sleeper", { image: BUSYBOX_IMAGE, command: ["sh", "-c"], args: ["echo started; exec sleep 3600"] });
    await runIn(pod, "web", { image: WEB_IMAGE_V1, env: [{ name: "GREETING", value: "hello world, with spaces" }] });
    const running = await pollUntil(async () => {
      const cs = await podContainers(pod);
      return cs.length === 2 && cs.every((c) => c.state === "running") ? cs : undefined;
    }, { timeoutMs: 30_000, what: "both containers running" });
    assert.deepEqual(running.map((c) => c.labels[LABEL.container]).sort(), ["sleeper", "web"]);
    for (const c of running) {
      assert.equal(c.labels[LABEL.uid], pod.ref.uid);
      assert.equal(c.labels[LABEL.name], "two");
      assert.equal(c.labels[LABEL.namespace], "default");
      assert.equal(c.labels[LABEL.kind], "Pod");
      assert.equal(c.labels[LABEL.ownerUid], "rs-uid-1");
      assert.equal(c.labels[LABEL.project], rt.project);
    }
    assert.equal(running[0].podId, running[1].podId, "one podman pod");
    // The env value arrived whole (argument arrays, no shell).
    const env = unwrap(await execInContainer(rt.podman, pod.container("web"), ["sh", "-c", 'printf %s "$GREETING"'], 10), "exec");
    assert.equal(env.exitCode, 0);
    assert.equal(env.stdout, "hello world, with spaces");
    // Containers of one pod share the network namespace: the sleeper reaches the web server on localhost.
    const local = await pollUntil(async () => {
      const r = unwrap(await execInContainer(rt.podman, pod.container("sleeper"), ["wget", "-qO-", "http://127.0.0.1:80/"], 10), "exec wget");
      return r.exitCode === 0 ? r.stdout : undefined;
    }, { timeoutMs: 20_000, what: "the web container answering on the pod's localhost" });
    assert.equal(local.trim(), "v1");
    const state = unwrap(await inspectContainer(rt.podman, pod.container("sleeper")), "inspect");
    assert.equal(state.running, true);
    assert.ok(state.startedAt instanceof Date);
    assert.equal(state.finishedAt, null);
    assert.equal(state.restartCount, 0);
  });

  test("resources, securityContext and workingDir reach the container", async () => {
    const pod = await makePod("limits");
    await runIn(pod, "main", {
      image: BUSYBOX_IMAGE,
      command: ["sleep", "3600"],
      workingDir: "/tmp",
      resources: { memoryLimitBytes: 64 * 1024 * 1024, cpuLimitMillis: 500 },
      securityContext: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true },
    });
    const probe = async (script: string) => unwrap(await execInContainer(rt.podman, pod.container("main"), ["sh", "-c", script], 10), script);
    assert.equal((await probe("id -u; id -g")).stdout, "1000\n1000");
    assert.equal((await probe("pwd")).stdout, "/tmp");
    const limit = await probe("cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max");
    assert.equal(limit.stdout.trim(), String(64 * 1024 * 1024));
    const write = await probe("touch /written-here");
    assert.notEqual(write.exitCode, 0, "the root file system is read-only");
    assert.match(write.stderr, /Read-only file system/);
  });

  test("a container's exit code is observed by polling ps, and inspect agrees", async () => {
    const pod = await makePod("exits");
    await runIn(pod, "main", { image: BUSYBOX_IMAGE, command: ["sh", "-c", "echo bye; exit 3"] });
    const exited = await pollUntil(async () => {
      const [c] = await podContainers(pod);
      return c && (c.state === "exited" || c.state === "stopped") ? c : undefined;
    }, { timeoutMs: 30_000, what: "the container to exit" });
    assert.equal(exited.exitCode, 3);
    const state = unwrap(await inspectContainer(rt.podman, pod.container("main")), "inspect");
    assert.equal(state.exitCode, 3);
    assert.equal(state.running, false);
    assert.equal(state.oomKilled, false);
    assert.ok(state.startedAt && state.finishedAt && state.finishedAt >= state.startedAt, `started and finished times: ${state.startedAt?.toISOString()} → ${state.finishedAt?.toISOString()}`);
    assert.match(unwrap(await containerLogs(rt.podman, pod.container("main")), "logs"), /bye/);
    // exec into a stopped container is a typed error, not a probe result.
    const exec = await execInContainer(rt.podman, pod.container("main"), ["true"], 5);
    assert.equal(exec.ok, false);
    assert.equal(!exec.ok && exec.error.kind, "not-running");
  });

  test("a missing image gives a typed pull error ready for ErrImagePull", async () => {
    const missing = "registry.invalid/mk/missing:1";
    const pulled = await ensureImage(rt.podman, missing, "IfNotPresent");
    assert.equal(pulled.ok, false);
    if (pulled.ok) return;
    assert.equal(pulled.error.kind, "image-pull-failed");
    assert.equal(pulled.error.image, missing);
    const waiting = imageWaitingReason(pulled.error);
    assert.equal(waiting?.reason, "ErrImagePull");
    assert.ok(waiting?.message.startsWith(`Failed to pull image "${missing}"`), waiting?.message);

    const never = await ensureImage(rt.podman, missing, "Never");
    assert.equal(!never.ok && imageWaitingReason(never.error)?.reason, "ErrImageNeverPull");

    const pod = await makePod("noimage");
    const created = await createContainer(rt.podman, { name: pod.container("c"), pod: pod.podName, labels: rt.labels, image: missing });
    assert.equal(!created.ok && created.error.kind, "image-not-present");
    assert.equal(!created.ok && created.error.image, missing);
  });

  test("stop honours the grace period: SIGTERM first, SIGKILL after it", async () => {
    const pod = await makePod("grace");
    await runIn(pod, "polite", { image: BUSYBOX_IMAGE, command: ["sh", "-c", 'trap "echo got TERM; exit 0" TERM; echo ready; sleep 3600 & wait'] });
    await runIn(pod, "stubborn", { image: BUSYBOX_IMAGE, command: ["sh", "-c", 'trap "" TERM; echo ready; sleep 3600 & wait; sleep 3600'] });
    await waitForLog(pod.container("polite"), "ready");
    await waitForLog(pod.container("stubborn"), "ready");

    const timed = async (name: string, grace: number) => {
      const started = Date.now();
      unwrap(await stopContainer(rt.podman, pod.container(name), grace), `stop ${name}`);
      return Date.now() - started;
    };
    const [politeMs, stubbornMs] = await Promise.all([timed("polite", 30), timed("stubborn", 2)]);

    const polite = unwrap(await inspectContainer(rt.podman, pod.container("polite")), "inspect polite");
    assert.equal(polite.exitCode, 0, "the trap's exit status");
    assert.ok(politeMs < 15_000, `a container that handles SIGTERM stops early (${politeMs} ms of a 30 s grace period)`);
    assert.match(unwrap(await containerLogs(rt.podman, pod.container("polite")), "logs"), /got TERM/);

    const stubborn = unwrap(await inspectContainer(rt.podman, pod.container("stubborn")), "inspect stubborn");
    assert.equal(stubborn.exitCode, 137, "killed by SIGKILL");
    assert.ok(stubbornMs >= 1900, `a container that ignores SIGTERM is killed only after the grace period (${stubbornMs} ms of 2 s)`);
    assert.ok(stubborn.finishedAt && stubborn.startedAt && stubborn.finishedAt.getTime() - stubborn.startedAt.getTime() >= 1900);

    // Stopping again is harmless; removing honours the labels and reports what happened.
    unwrap(await stopContainer(rt.podman, pod.container("polite"), 1), "second stop");
    assert.equal(unwrap(await removeContainer(rt.podman, pod.container("polite"), rt.selector), "remove"), "removed");
    assert.equal(unwrap(await removeContainer(rt.podman, pod.container("polite"), rt.selector), "remove again"), "absent");
  });

  test("DNS: a container resolves another pod's alias on the mk network", async () => {
    const server = await makePod("dns-server", { aliases: ["dns-server", "web-0.nginx"] });
    await runIn(server, "web", { image: WEB_IMAGE_V2 });
    const client = await makePod("dns-client");
    await runIn(client, "shell", { image: BUSYBOX_IMAGE, command: ["sleep", "3600"] });
    const serverIP = unwrap(await podIP(rt.podman, server.podName, rt.network), "pod IP");
    assert.match(serverIP, /^\d+\.\d+\.\d+\.\d+$/);

    await resolvesFrom(client, "dns-server", serverIP);

    const body = await pollUntil(async () => {
      const r = unwrap(await execInContainer(rt.podman, client.container("shell"), ["wget", "-qO-", "http://dns-server/"], 10), "wget");
      return r.exitCode === 0 ? r.stdout : undefined;
    }, { timeoutMs: 20_000, what: "an HTTP answer from dns-server" });
    assert.equal(body.trim(), "v2");
  });

  test("DNS: a killed aardvark-dns whose pid file stays is started again and names resolve", async () => {
    const { client, ip: serverIP } = await serverAndClient("dns-revived");
    const oldPid = runningDnsServerPid();
    // Killed behind podman's back, as a crash would: the pid file stays, netavark only signals it.
    process.kill(oldPid, "SIGKILL");
    await pollUntil(async () => (judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER)).state === "dead" ? true : undefined), { timeoutMs: 10_000, what: "aardvark-dns to die" });

    const revival = unwrap(await ensureDnsServer(), "revive the DNS server");
    assert.ok(revival, "the dead server was noticed");
    assert.match(revival.reason, new RegExp(`pid ${oldPid} has exited`));
    assert.ok(revival.pid !== undefined && revival.pid !== oldPid, `a new server runs (pid ${revival.pid})`);
    await resolvesFrom(client, "dns-revived", serverIP);
  });

  test("DNS: a live aardvark-dns deaf to a network's gateway is restarted and then listens on it", async () => {
    const pod = await makePod("dns-deaf", { aliases: ["dns-deaf"] });
    await runIn(pod, "web", { image: WEB_IMAGE_V1 });
    const oldPid = runningDnsServerPid();
    assert.ok(!readDnsServerFacts(ROOTFUL_DNS_SERVER).listening.includes("127.0.0.1"), "nothing else serves DNS on 127.0.0.1:53 here");
    // A network file the running server was never signalled about stands for a bind it missed;
    // its gateway is one of the host's own addresses, as a bridge's is.
    const fake = join(ROOTFUL_DNS_SERVER.configDir, `mk-e2e-deaf-${process.pid}`);
    writeFileSync(fake, "127.0.0.1\n");
    try {
      const deaf = judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER));
      assert.equal(deaf.state, "deaf");
      const revival = unwrap(await ensureDnsServer(), "restart the deaf DNS server");
      assert.ok(revival, "the deaf server was noticed");
      assert.match(revival.reason, new RegExp(`pid ${oldPid} does not listen on 127\\.0\\.0\\.1:53`));
      assert.ok(revival.pid !== undefined && revival.pid !== oldPid, `a new server runs (pid ${revival.pid})`);
      await pollUntil(async () => (readDnsServerFacts(ROOTFUL_DNS_SERVER).listening.includes("127.0.0.1") ? true : undefined), { timeoutMs: 10_000, what: "the new server to listen on 127.0.0.1:53" });
      assert.equal(judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER)).state, "running");
    } finally {
      rmSync(fake, { force: true });
      const now = judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER));
      if (now.state === "running") process.kill(now.pid, "SIGHUP");
    }
    const client = await makePod("dns-deaf-client");
    await runIn(client, "shell", { image: BUSYBOX_IMAGE, command: ["sleep", "3600"] });
    const ip = unwrap(await podIP(rt.podman, pod.podName, rt.network), "pod IP");
    await resolvesFrom(client, "dns-deaf", ip);
  });

  test("DNS: a hung aardvark-dns (queries pile up unread on its socket) is restarted and names resolve", async () => {
    const { client, ip } = await serverAndClient("dns-hung");
    const oldPid = runningDnsServerPid();
    // A stopped process keeps its sockets open and reads nothing: a hung server, as podman#23783 saw.
    process.kill(oldPid, "SIGSTOP");
    try {
      const unanswered = unwrap(await execInContainer(rt.podman, client.container("shell"), ["nslookup", "dns-hung"], 20), "nslookup");
      assert.ok(!unanswered.stdout.includes(ip), "a hung server does not answer");
      const hung = judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER));
      assert.equal(hung.state, "deaf");
      assert.match(hung.state === "deaf" ? hung.reason : "", /does not read the queries waiting on .* \(hung\)$/);
      const revival = unwrap(await ensureDnsServer(), "restart the hung DNS server");
      assert.ok(revival && revival.pid !== undefined && revival.pid !== oldPid, "a new server runs");
    } finally {
      try {
        process.kill(oldPid, "SIGCONT");
      } catch {
        // Already ended by the restart.
      }
    }
    await resolvesFrom(client, "dns-hung", ip);
  });

  test("DNS: a running aardvark-dns whose pid file was lost is written back, not started twice", async () => {
    const pod = await makePod("dns-adopted", { aliases: ["dns-adopted"] });
    await runIn(pod, "web", { image: WEB_IMAGE_V1 });
    const pid = runningDnsServerPid();
    rmSync(ROOTFUL_DNS_SERVER.pidFile);
    assert.equal(judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER)).state, "dead", "netavark would start a second server now");
    const revival = unwrap(await ensureDnsServer(), "adopt the running DNS server");
    assert.deepEqual(revival, { reason: `no aardvark-dns runs while network ${rt.network} needs it`, pid, adopted: true });
    assert.equal(readFileSync(ROOTFUL_DNS_SERVER.pidFile, "utf8").trim(), String(pid));
    assert.deepEqual(judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER)), { state: "running", pid });
  });

  test("a hostPort is reachable from the host on 127.0.0.1 and answers v1", async () => {
    const port = await freePort();
    const pod = await makePod("hostport", { ports: [{ containerPort: 80, hostPort: port }] });
    await runIn(pod, "web", { image: WEB_IMAGE_V1 });
    const response = await pollUntil(async () => {
      try {
        const r = await httpGet(`http://127.0.0.1:${port}/`);
        return r.status === 200 ? r : undefined;
      } catch {
        return undefined;
      }
    }, { timeoutMs: 20_000, what: `HTTP 200 from 127.0.0.1:${port}` });
    assert.equal(response.body.trim(), "v1");
  });

  test("leftovers of a killed earlier run are removed by their labels; live runs are left alone", async () => {
    // A pid that surely belongs to no live process: a child that has already exited.
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadPid = child.stdout.trim();
    assert.match(deadPid, /^\d+$/);
    const project = `${PURPOSE}-${deadPid}-dead00`;
    const labels = { [LABEL.project]: project, [TRANSIENT_LABEL.purpose]: PURPOSE, [TRANSIENT_LABEL.pid]: deadPid };
    const network = podmanNetworkName(project);
    unwrap(await ensureNetwork(rt.podman, network, labels), "leftover network");
    const leftoverPod = podmanPodName(project, "default", "left");
    unwrap(await createPodSandbox(rt.podman, { name: leftoverPod, labels, network, aliases: ["left"] }), "leftover pod");
    assert.notDeepEqual(await remainingObjects(rt.podman, { [LABEL.project]: project }), []);

    const removed = unwrap(await removeStaleTransientProjects(rt.podman, PURPOSE), "stale cleanup");
    assert.ok(removed.pods >= 1 && removed.networks >= 1, JSON.stringify(removed));
    assert.deepEqual(await remainingObjects(rt.podman, { [LABEL.project]: project }), []);
    // This run's own network (a live pid) survived.
    assert.equal(unwrap(await ensureNetwork(rt.podman, rt.network, rt.labels), "own network").name, rt.network);
  });
});
