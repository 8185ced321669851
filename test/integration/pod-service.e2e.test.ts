/**
 * The kubelet and the Services together on real podman (issue 5's "done when"): a pod with an
 * init container and two containers becomes Ready and its Service name resolves from another
 * pod; when its readiness probe starts failing the name stops resolving, and comes back with it.
 * Nothing is faked: the kubelet runs the pods and their probes, the endpoint-controller follows
 * the Ready condition the kubelet writes, aardvark-dns answers. The pod is `web-a` and the
 * Service `web`, so the Service's name can only resolve through the endpoints (a pod's own name
 * is an alias of its sandbox from the start).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlLoop, type ControlLoop } from "../../src/control/manager.js";
import { createKubelet } from "../../src/kubelet/kubelet.js";
import { execInContainer } from "../../src/runtime/containers.js";
import { podmanContainerName, podmanPodName } from "../../src/runtime/names.js";
import type { RuntimeSession } from "../../src/runtime/session.js";
import { BUSYBOX_IMAGE, WEB_IMAGE_V1 } from "../../src/runtime/test-images.js";
import type { JsonObject } from "../../src/schema/json.js";
import { createEndpointsController } from "../../src/services/endpoints-controller.js";
import { openStore, type Store } from "../../src/store/index.js";
import { openE2eRuntime, type E2eRuntime } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { dnsServerNote } from "../e2e-support/dns-server-note.js";

let rt: E2eRuntime;
let store: Store;
let loop: ControlLoop;
let stateDir: string;

const podRef = (name: string) => ({ apiVersion: "v1", kind: "Pod", namespace: "default", name });
const container = (pod: string, name: string) => podmanContainerName(podmanPodName(rt.project, "default", pod), name);

function ready(pod: JsonObject | undefined): boolean {
  const conditions = ((pod?.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** The IPv4 answers of `nslookup name` inside the client pod (none when it does not resolve). */
async function lookup(name: string): Promise<string[]> {
  const r = await execInContainer(rt.podman, container("client", "main"), ["nslookup", name], 10);
  if (!r.ok) throw new Error(`nslookup ${name}: ${r.error.message}`);
  const answer = r.value.stdout.split(/\n\s*\n/).slice(1).join("\n");
  return [...answer.matchAll(/Address(?: \d+)?:\s*(\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]).sort();
}

async function resolvesTo(name: string, ips: string[]): Promise<void> {
  let seen: string[] = [];
  await pollUntil(
    async () => {
      seen = await lookup(name);
      return seen.join() === [...ips].sort().join() ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: () => `${name} to resolve to [${ips.join(", ")}] (last seen [${seen.join(", ")}]; ${dnsServerNote()})` },
  );
}

before(async () => {
  rt = await openE2eRuntime("e2e-pod-service");
  stateDir = mkdtempSync(join(tmpdir(), "mk-pod-service-"));
  store = openStore({ path: join(stateDir, "state.db") });
  const session: RuntimeSession = { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" };
  const kubelet = createKubelet({ session, stateDir, backoffBaseMs: 1000, pollMs: 200, probeTimeScale: 0.1, extraLabels: rt.labels, nodeName: "mk-test-node" });
  loop = startControlLoop({ store, reconcilers: [kubelet, createEndpointsController({ session, retryMs: 500 })], pollMs: 20, backoffMaxMs: 1000 });
  const create = (o: JsonObject) => store.create(o, { managedBy: "mkapply" });
  await create({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 80 }] } });
  await create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-a", namespace: "default", labels: { app: "web" } },
    spec: {
      initContainers: [{ name: "setup", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sh", "-c", "echo ready"] }],
      containers: [
        { name: "web", image: WEB_IMAGE_V1, imagePullPolicy: "Never", ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: "/index.html", port: 80 }, periodSeconds: 2, failureThreshold: 1 } },
        { name: "sidecar", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] },
      ],
      terminationGracePeriodSeconds: 1,
    },
  });
  await create({ apiVersion: "v1", kind: "Pod", metadata: { name: "client", namespace: "default" }, spec: { containers: [{ name: "main", image: BUSYBOX_IMAGE, imagePullPolicy: "Never", command: ["sleep", "3600"] }], terminationGracePeriodSeconds: 0 } });
});

after(async () => {
  for (const name of ["web-a", "client"]) await store.delete(podRef(name)).catch(() => undefined);
  await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "Pod" })).items.length === 0 ? true : undefined), { timeoutMs: 60_000, what: "the pods to be terminated by the kubelet" });
  await loop.stop();
  await store.close();
  rmSync(stateDir, { recursive: true, force: true });
  assert.deepEqual(await rt.close(), [], "no podman objects left behind");
});

test("a Ready pod (init container, two containers) is reachable by its Service name from another pod", async () => {
  const pod = await pollUntil(async () => {
    const p = await store.get(podRef("web-a"));
    return ready(p) ? p : undefined;
  }, { timeoutMs: 120_000, what: "pod web-a Ready" });
  await pollUntil(async () => (ready(await store.get(podRef("client"))) ? true : undefined), { timeoutMs: 60_000, what: "pod client Ready" });
  const ip = String((pod.status as JsonObject).podIP);
  await resolvesTo("web", [ip]);
  await resolvesTo("web.default.svc.cluster.local", [ip]);
  // The first connection can race the new alias's ARP entry on the bridge: wait for the page, with a deadline.
  await pollUntil(
    async () => {
      const body = await execInContainer(rt.podman, container("client", "main"), ["wget", "-qO-", "http://web/"], 10);
      if (body.ok && body.value.stdout.trim() === "v1") return true;
      throw new Error(`wget said: ${body.ok ? `${body.value.stdout}${body.value.stderr}` : body.error.message}`);
    },
    { timeoutMs: 15_000, intervalMs: 250, what: `the Service name to serve the pod's page "v1"` },
  );
});

test("a failing readiness probe takes the pod out of the Service's DNS; passing again brings it back", async () => {
  const ip = String(((await store.get(podRef("web-a")))?.status as JsonObject).podIP);
  const hide = await execInContainer(rt.podman, container("web-a", "web"), ["mv", "/www/index.html", "/www/hidden.html"], 10);
  assert.ok(hide.ok);
  await pollUntil(async () => (!ready(await store.get(podRef("web-a"))) ? true : undefined), { timeoutMs: 30_000, what: "pod web-a not Ready" });
  await resolvesTo("web", []);
  await resolvesTo("web.default.svc.cluster.local", []);
  // Only the Service's names go: the pod keeps its own.
  await resolvesTo("web-a", [ip]);
  const restore = await execInContainer(rt.podman, container("web-a", "web"), ["mv", "/www/hidden.html", "/www/index.html"], 10);
  assert.ok(restore.ok);
  await pollUntil(async () => (ready(await store.get(podRef("web-a"))) ? true : undefined), { timeoutMs: 30_000, what: "pod web-a Ready again" });
  await resolvesTo("web", [ip]);
});
