/**
 * A StatefulSet on real podman, with the StatefulSet controller, the garbage collector, the PVC
 * binder and the kubelet: 3 pods come up in order (each after its predecessor is Ready), each
 * with its own claim; a new template with partition 1 replaces web-2 then web-1 and leaves web-0;
 * the data each pod wrote into its volume is still there in its replacement. Deleting the set and
 * its claims leaves no pods, containers or volumes.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startControlLoop, type ControlLoop } from "../../../src/control/manager.js";
import { createGarbageCollector, createStatefulSetController } from "../../../src/controllers/index.js";
import { isPodReady } from "../../../src/controllers/shared/pod-status.js";
import { createKubelet } from "../../../src/kubelet/kubelet.js";
import { createVolumeBinder } from "../../../src/kubelet/volumes/pvc-binder.js";
import { execInContainer } from "../../../src/runtime/containers.js";
import { LABEL } from "../../../src/runtime/labels.js";
import { listContainers } from "../../../src/runtime/observe.js";
import { WEB_IMAGE_V1, WEB_IMAGE_V2 } from "../../../src/runtime/test-images.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { openStore, type Store } from "../../../src/store/index.js";
import { httpGet } from "../../e2e-support/net.js";
import { openE2eRuntime, type E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { pollUntil } from "../../e2e-support/poll.js";

const NS = "default";
const REF = { apiVersion: "apps/v1", kind: "StatefulSet", namespace: NS, name: "web" };
let rt: E2eRuntime;
let store: Store;
let loop: ControlLoop;
let stateDir: string;

before(async () => {
  rt = await openE2eRuntime("e2e-statefulset");
  stateDir = mkdtempSync(join(tmpdir(), "mk-e2e-sts-state-"));
  store = openStore({ path: join(stateDir, "state.db") });
  const session = { podman: rt.podman, project: rt.project, network: rt.network, containersConf: "" };
  const kubelet = createKubelet({ session, stateDir, backoffBaseMs: 1000, pollMs: 200, probeTimeScale: 1, extraLabels: rt.labels, nodeName: "mk-test-node" });
  loop = startControlLoop({
    store,
    reconcilers: [createStatefulSetController(), createGarbageCollector(), createVolumeBinder({ session, labels: rt.labels, retryMs: 500 }), kubelet],
    pollMs: 20,
    backoffMaxMs: 1000,
  });
});

after(async () => {
  await loop?.stop();
  await store?.close();
  const left = await rt.close();
  rmSync(stateDir, { recursive: true, force: true });
  assert.deepEqual(left, [], "no podman objects left behind");
});

/** The seed's `web` StatefulSet (000:1821-1871) with the offline web image and a volume at /data. */
function web(image: string, partition?: number): JsonObject {
  const spec: JsonObject = {
    replicas: 3,
    serviceName: "nginx",
    selector: { matchLabels: { app: "nginx" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: "nginx",
            image,
            ports: [{ containerPort: 80, name: "web" }],
            readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 1 },
            volumeMounts: [{ name: "www", mountPath: "/data" }],
          },
        ],
      },
    },
    volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
  };
  if (partition !== undefined) spec.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition } };
  return { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "web", namespace: NS }, spec };
}

async function pods(): Promise<JsonObject[]> {
  return (await store.list({ apiVersion: "v1", kind: "Pod", namespace: NS })).items;
}

async function container(pod: string): Promise<string> {
  return pollUntil(
    async () => {
      const rows = await listContainers(rt.podman, { ...rt.selector, [LABEL.name]: pod, [LABEL.container]: "nginx" });
      return rows.ok ? rows.value.find((c) => c.state === "running")?.name : undefined;
    },
    { timeoutMs: 60_000, what: `the running container of ${pod}` },
  );
}

async function exec(pod: string, script: string): Promise<string> {
  const r = await execInContainer(rt.podman, await container(pod), ["sh", "-c", script], 30);
  assert.ok(r.ok && r.value.exitCode === 0, `exec in ${pod}: ${r.ok ? r.value.stderr : r.error.message}`);
  return r.ok ? r.value.stdout.trim() : "";
}

async function allReady(images: Record<string, string>): Promise<JsonObject[]> {
  return pollUntil(
    async () => {
      const list = (await pods()).filter((p) => (p.metadata as JsonObject).deletionTimestamp === undefined);
      if (list.length !== Object.keys(images).length) return undefined;
      for (const p of list) {
        const name = String((p.metadata as JsonObject).name);
        if (!isPodReady(p) || ((p.spec as JsonObject).containers as JsonObject[])[0].image !== images[name]) return undefined;
      }
      return list;
    },
    { timeoutMs: 240_000, what: `pods ${JSON.stringify(images)} ready`, intervalMs: 250 },
  );
}

async function served(pod: JsonObject): Promise<string> {
  return (await httpGet(`http://${String((pod.status as JsonObject).podIP)}:80/`)).body.trim();
}

test("3 pods come up in order, each with its own claim; a partitioned update goes in reverse and keeps each pod's data", async () => {
  await store.create(web(WEB_IMAGE_V1), { managedBy: "mkapply" });
  await allReady({ "web-0": WEB_IMAGE_V1, "web-1": WEB_IMAGE_V1, "web-2": WEB_IMAGE_V1 });
  const feed = (await store.changes({ sinceResourceVersion: "0", apiVersion: "v1", kind: "Pod", limit: 1_000_000 })).changes;
  const readyAt = (name: string) => feed.findIndex((c) => (c.object.metadata as JsonObject).name === name && isPodReady(c.object));
  const addedAt = (name: string) => feed.findIndex((c) => c.type === "ADDED" && (c.object.metadata as JsonObject).name === name);
  assert.ok(readyAt("web-0") >= 0 && readyAt("web-0") < addedAt("web-1"), "web-1 created after web-0 was Ready");
  assert.ok(readyAt("web-1") >= 0 && readyAt("web-1") < addedAt("web-2"), "web-2 created after web-1 was Ready");
  const claims = (await store.list({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: NS })).items.map((c) => (c.metadata as JsonObject).name);
  assert.deepEqual(claims.sort(), ["www-web-0", "www-web-1", "www-web-2"]);
  for (const name of ["web-0", "web-1", "web-2"]) await exec(name, `echo written-by-${name} > /data/id; hostname`);
  assert.equal(await exec("web-1", "hostname"), "web-1");

  const set = (await store.get(REF)) as JsonObject;
  await store.update({ ...set, spec: web(WEB_IMAGE_V2, 1).spec });
  const after = await allReady({ "web-0": WEB_IMAGE_V1, "web-1": WEB_IMAGE_V2, "web-2": WEB_IMAGE_V2 });
  const versions = Object.fromEntries(await Promise.all(after.map(async (p) => [(p.metadata as JsonObject).name, await served(p)])));
  assert.deepEqual(versions, { "web-0": "v1", "web-1": "v2", "web-2": "v2" });
  const deletions = (await store.listEvents({})).items.map((e) => String(e.message)).filter((m) => m.startsWith("delete Pod"));
  assert.deepEqual(deletions, ["delete Pod web-2 in StatefulSet web successful", "delete Pod web-1 in StatefulSet web successful"]);
  for (const name of ["web-0", "web-1", "web-2"]) assert.equal(await exec(name, "cat /data/id"), `written-by-${name}`, `${name} kept its volume`);
  const status = (await store.get(REF))?.status as JsonObject;
  assert.deepEqual([status.currentReplicas, status.updatedReplicas, status.readyReplicas], [1, 2, 3]);
  assert.notEqual(status.currentRevision, status.updateRevision);
});

test("deleting the StatefulSet and its claims leaves no pods, containers or volumes", async () => {
  await store.delete(REF);
  await pollUntil(async () => ((await pods()).length === 0 ? true : undefined), { timeoutMs: 120_000, what: "the set's pods gone", intervalMs: 250 });
  for (const c of ["www-web-0", "www-web-1", "www-web-2"]) await store.delete({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: NS, name: c });
  await pollUntil(async () => ((await store.list({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: NS })).items.length === 0 ? true : undefined), {
    timeoutMs: 120_000,
    what: "claims released",
    intervalMs: 250,
  });
  const containers = await pollUntil(
    async () => {
      const rows = await listContainers(rt.podman, rt.selector);
      return rows.ok && rows.value.length === 0 ? rows.value : undefined;
    },
    { timeoutMs: 60_000, what: "containers removed" },
  );
  assert.deepEqual(containers, []);
});
