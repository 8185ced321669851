/**
 * Services end to end on the real podman and a real store file: the endpoint-controller, driven
 * by the control loop, makes a Service name resolve (from inside another pod, through
 * aardvark-dns) to the ready pods only, follows readiness both ways, gives headless per-pod
 * names, and forwards a NodePort from the host. The pods are made directly with the runtime
 * primitives and their Ready status is written into the store by the test (the kubelet's job).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { openE2eRuntime, type E2eRuntime } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { dnsServerNote } from "../e2e-support/dns-server-note.js";
import { httpGet } from "../e2e-support/net.js";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import { containerLabels, objectLabels, type MkObjectRef } from "../../src/runtime/labels.js";
import { podmanContainerName, podmanInfraName, podmanPodName } from "../../src/runtime/names.js";
import { createPodSandbox } from "../../src/runtime/pod-sandbox.js";
import { inspectNetwork, inspectNetworkAttachments } from "../../src/runtime/network.js";
import { createContainer, execInContainer, startContainer } from "../../src/runtime/containers.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1, WEB_IMAGE_V2 } from "../../src/runtime/test-images.js";
import type { RuntimeResult } from "../../src/runtime/podman-error.js";
import { startControlLoop, type ControlLoop } from "../../src/control/manager.js";
import { createEndpointsController } from "../../src/services/endpoints-controller.js";
import { readServiceEndpoints } from "../../src/services/read-endpoints.js";
import { NODE_PORT_RANGE } from "../../src/services/node-ports.js";

let rt: E2eRuntime;
let store: Store;
let dir: string;
let loop: ControlLoop | undefined;
const logs: string[] = [];

function unwrap<T>(r: RuntimeResult<T>, what: string): T {
  if (!r.ok) assert.fail(`${what}: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

interface RunningPod {
  name: string;
  podName: string;
  ip: string;
  mac: string;
}

/** addr_assign_type of the run's bridge ("3": set explicitly). */
async function bridgePinned(): Promise<string> {
  const net = unwrap(await inspectNetwork(rt.podman, rt.network), "network");
  return (await readFile(`/sys/class/net/${net.interfaceName}/addr_assign_type`, "utf8")).trim();
}

/** A store Pod and its podman pod (sandbox + one container), as the kubelet would make them, with Ready status. */
async function makePod(name: string, image: string, spec: { labels: Record<string, string>; hostname?: string; subdomain?: string; command?: string[] }): Promise<RunningPod> {
  const podSpec: JsonObject = { containers: [{ name: "main", image, ports: [{ name: "http", containerPort: 80 }] }] };
  if (spec.hostname) podSpec.hostname = spec.hostname;
  if (spec.subdomain) podSpec.subdomain = spec.subdomain;
  const stored = await store.create({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: spec.labels }, spec: podSpec }, { managedBy: "mkapply" });
  const ref: MkObjectRef = { uid: String((stored.metadata as JsonObject).uid), namespace: "default", name, kind: "Pod" };
  const podName = podmanPodName(rt.project, "default", name);
  // The sandbox's own aliases, as the pod spec translation makes them (pod name; hostname.subdomain).
  const aliases = [name, ...(spec.hostname && spec.subdomain ? [`${spec.hostname}.${spec.subdomain}`] : [])];
  unwrap(await createPodSandbox(rt.podman, { name: podName, labels: { ...rt.labels, ...objectLabels(rt.project, ref) }, network: rt.network, aliases, hostname: spec.hostname ?? name }), `sandbox ${name}`);
  const id = unwrap(
    await createContainer(rt.podman, {
      name: podmanContainerName(podName, "main"),
      pod: podName,
      image,
      ...(spec.command ? { command: spec.command } : {}),
      labels: { ...rt.labels, ...containerLabels(rt.project, ref, "main") },
    }),
    `container of ${name}`,
  );
  unwrap(await startContainer(rt.podman, id), `start ${name}`);
  const [attachment] = unwrap(await inspectNetworkAttachments(rt.podman, [podmanInfraName(podName)], rt.network), `address of ${name}`);
  assert.ok(attachment && attachment.ip !== "", `pod ${name} has an address`);
  await setReady(name, attachment.ip, true);
  return { name, podName, ip: attachment.ip, mac: attachment.mac };
}

/** Writes the Pod's status as the kubelet would (Running, podIP, Ready). */
async function setReady(name: string, ip: string, ready: boolean): Promise<void> {
  const current = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name });
  assert.ok(current, `pod ${name} is stored`);
  const status = ready ? "True" : "False";
  await store.updateStatus({
    ...current,
    status: { phase: "Running", podIP: ip, podIPs: [{ ip }], conditions: [{ type: "ContainersReady", status }, { type: "Ready", status }] },
  });
}

async function createService(name: string, spec: JsonObject): Promise<void> {
  await store.create({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec }, { managedBy: "mkapply" });
}

/** The IPv4 addresses `nslookup name` prints inside the client pod (none when the name does not exist). */
async function lookup(name: string): Promise<string[]> {
  const r = unwrap(await execInContainer(rt.podman, podmanContainerName(podmanPodName(rt.project, "default", "client"), "main"), ["nslookup", name], 10), `nslookup ${name}`);
  const answer = r.stdout.split("Non-authoritative answer:").slice(1).join("\n");
  return [...answer.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]).sort();
}

/** Polls until `name` resolves to exactly `ips` (the loop has to notice the store change first). */
async function resolvesTo(name: string, ips: string[]): Promise<void> {
  const want = [...ips].sort();
  let seen: string[] = [];
  await pollUntil(async () => {
    seen = await lookup(name);
    return seen.join(",") === want.join(",") ? true : undefined;
  }, { timeoutMs: 30_000, intervalMs: 200, what: () => `${name} to resolve to [${want.join(", ")}] (last seen [${seen.join(", ")}]; ${dnsServerNote()})` });
}

describe("Services on real podman (end to end)", () => {
  let a: RunningPod;
  let b: RunningPod;

  before(async () => {
    rt = await openE2eRuntime("e2e-services");
    dir = mkdtempSync(join(tmpdir(), "mk-services-e2e-"));
    store = openStore({ path: join(dir, "state.db") });
    a = await makePod("web-0", WEB_IMAGE_V1, { labels: { app: "web" }, hostname: "web-0", subdomain: "nginx" });
    b = await makePod("web-1", WEB_IMAGE_V2, { labels: { app: "web" }, hostname: "web-1", subdomain: "nginx" });
    await makePod("client", BUSYBOX_IMAGE, { labels: { app: "client" }, command: ["sleep", "3600"] });
    await createService("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
    await createService("nginx", { selector: { app: "web" }, clusterIP: "None", ports: [{ port: 80 }] });
    await createService("web-np", { type: "NodePort", selector: { app: "web" }, ports: [{ port: 8080, targetPort: 80 }] });
    const session = { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" };
    loop = startControlLoop({ store, reconcilers: [createEndpointsController({ session, retryMs: 200 })], pollMs: 50, log: (m) => logs.push(`${new Date().toISOString()} ${m}`) });
  });

  after(async () => {
    await loop?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (!rt) return;
    const left = await rt.close();
    assert.deepEqual(left, [], "everything the tests created is removed");
  });

  test("the Service name and its longer forms resolve from another pod to both ready pods", async () => {
    await resolvesTo("web", [a.ip, b.ip]);
    await resolvesTo("web.default.svc.cluster.local", [a.ip, b.ip]);
    await resolvesTo("web.default", [a.ip, b.ip]);
    const body = unwrap(await execInContainer(rt.podman, podmanContainerName(podmanPodName(rt.project, "default", "client"), "main"), ["wget", "-qO-", "http://web/"], 10), "wget");
    assert.equal(body.exitCode, 0, body.stderr);
    assert.match(body.stdout.trim(), /^v[12]$/);
    const endpoints = await readServiceEndpoints(store, (await store.get({ apiVersion: "v1", kind: "Service", namespace: "default", name: "web" })) as JsonObject);
    assert.deepEqual(endpoints.addresses.map((x) => `${x.ip}:${x.ports[0]?.port}`).sort(), [`${a.ip}:80`, `${b.ip}:80`].sort());
  });

  test("a pod that stops being ready leaves the answer, keeps its address, and comes back when ready", async (t) => {
    await resolvesTo("web", [a.ip, b.ip]);
    const started = Date.now();
    await setReady("web-1", b.ip, false);
    await resolvesTo("web", [a.ip]);
    t.diagnostic(`Ready=False written → gone from the DNS answer in ${Date.now() - started} ms (including the nslookup polls)`);
    await resolvesTo("web-1.nginx", []);
    const after = unwrap(await inspectNetworkAttachments(rt.podman, [podmanInfraName(b.podName)], rt.network), "inspect after the change")[0];
    assert.equal(after.ip, b.ip, "the pod keeps its IP");
    assert.equal(after.mac, b.mac, "and its MAC (no stale ARP entries elsewhere)");
    assert.equal(await bridgePinned(), "3", "the bridge's MAC is pinned (addr_assign_type 3)");
    // The pod's own name stays: only Service names follow readiness.
    await resolvesTo("web-1", [b.ip]);
    await setReady("web-1", b.ip, true);
    await resolvesTo("web", [a.ip, b.ip]);
    await resolvesTo("web-1.nginx", [b.ip]);
    assert.ok(logs.some((l) => l.includes("pod default/web-1: DNS names -")), logs.join("\n"));
  });

  test("headless: the per-pod names resolve to that pod only", async () => {
    await resolvesTo("web-0.nginx", [a.ip]);
    await resolvesTo("web-0.nginx.default.svc.cluster.local", [a.ip]);
    await resolvesTo("nginx", [a.ip, b.ip]);
  });

  test("NodePort: allocated in the range, written to the Service, reaches the ready pods from the host round-robin", async () => {
    const port = await pollUntil(async () => {
      const svc = await store.get({ apiVersion: "v1", kind: "Service", namespace: "default", name: "web-np" });
      const p = ((svc?.spec as JsonObject | undefined)?.ports as JsonObject[] | undefined)?.[0]?.nodePort;
      return typeof p === "number" ? p : undefined;
    }, { timeoutMs: 10_000, what: "a nodePort in web-np's spec" });
    assert.ok(port >= NODE_PORT_RANGE.min && port <= NODE_PORT_RANGE.max, String(port));
    await resolvesTo("web", [a.ip, b.ip]);
    const bodies = new Set<string>();
    await pollUntil(async () => {
      try {
        const r = await httpGet(`http://127.0.0.1:${port}/`);
        if (r.status === 200) bodies.add(r.body.trim());
      } catch {
        /* not listening yet */
      }
      return bodies.size === 2 ? true : undefined;
    }, { timeoutMs: 20_000, what: `answers from both pods through 127.0.0.1:${port}` });
    assert.deepEqual([...bodies].sort(), ["v1", "v2"]);
    // A not-ready pod gets no more connections (once web-np's reconcile has seen the change).
    await setReady("web-1", b.ip, false);
    await resolvesTo("web", [a.ip]);
    await pollUntil(async () => {
      const answers: string[] = [];
      for (let i = 0; i < 4; i++) answers.push((await httpGet(`http://127.0.0.1:${port}/`)).body.trim());
      return answers.every((x) => x === "v1") ? true : undefined;
    }, { timeoutMs: 10_000, what: "only v1 answering through the NodePort" });
    await setReady("web-1", b.ip, true);
    await resolvesTo("web", [a.ip, b.ip]);
    // The port's targetPort differs from its port: one Warning.
    const events = await store.listEvents({ namespace: "default" });
    const warnings = events.items.filter((e) => e.reason === "TargetPortDiffers");
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0].message), /Service port 8080 is not forwarded to targetPort 80/);
    assert.equal((warnings[0].involvedObject as JsonObject).name, "web-np");
  });

  test("stopping the loop closes the NodePort listener", async () => {
    const svc = await store.get({ apiVersion: "v1", kind: "Service", namespace: "default", name: "web-np" });
    const port = ((svc?.spec as JsonObject).ports as JsonObject[])[0].nodePort as number;
    await loop?.stop();
    loop = undefined;
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: "127.0.0.1", port });
      s.on("connect", () => {
        s.destroy();
        resolve(false);
      });
      s.on("error", () => resolve(true));
    });
    assert.equal(refused, true, `nothing listens on ${port} any more`);
  });
});
