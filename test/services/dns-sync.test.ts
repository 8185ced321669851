import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/index.js";
import type { JsonObject } from "../../src/schema/json.js";
import { LABEL } from "../../src/runtime/labels.js";
import type { RuntimeSession } from "../../src/runtime/session.js";
import { syncNamespaceDns } from "../../src/services/dns-sync.js";
import { RecordingPodman } from "../runtime/recording-podman.js";
import { pod, service } from "./fixtures.js";

const PROJECT = "proj-1234";
const NETWORK = "mk-proj-1234";
const INFRA_ID = "a".repeat(64);
const webNames = ["web", "web.default", "web.default.svc", "web.default.svc.cluster.local"];

let dir: string;
let store: Store;

/** Creates the object and writes its status, as mkapply and the kubelet would. */
async function put(object: JsonObject): Promise<JsonObject> {
  const created = await store.create({ ...object, status: undefined } as unknown as JsonObject, { managedBy: "mkapply" });
  return object.status ? store.updateStatus({ ...created, status: object.status }) : created;
}

/** A podman whose project has one running pod (its infra container) with `aliases` on the network. */
function podmanWith(podUid: string, aliases: string[], labels: Record<string, string> = { [LABEL.project]: PROJECT, [LABEL.uid]: podUid, [LABEL.name]: "a" }): RecordingPodman {
  const ps = [{ Id: INFRA_ID, Names: ["proj_default_a-infra"], IsInfra: true, State: "running", Labels: labels }];
  const inspect = [{ Id: INFRA_ID, Name: "proj_default_a-infra", Config: { Labels: labels }, State: { Running: true }, NetworkSettings: { Networks: { [NETWORK]: { IPAddress: "10.89.0.7", MacAddress: "0e:4d:e7:25:74:ae", Aliases: [...aliases, INFRA_ID.slice(0, 12)] } } } }];
  return new RecordingPodman([
    { prefix: ["ps"], stdout: JSON.stringify(ps) },
    { prefix: ["container", "inspect"], stdout: JSON.stringify(inspect) },
    // No bridge interface: the unit test never touches the host's network.
    { prefix: ["network", "inspect"], stdout: JSON.stringify([{ name: NETWORK, id: "n1", dns_enabled: true, network_interface: "", labels: {}, subnets: [] }]) },
    { prefix: ["network"], stdout: "" },
  ]);
}

const session = (podman: RecordingPodman): RuntimeSession => ({ podman, project: PROJECT, network: NETWORK, containersConf: "" });

describe("syncNamespaceDns (scripted podman, real store)", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mk-services-"));
    store = openStore({ path: join(dir, "state.db") });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("aliases already right: one ps and one inspect, no network change", async () => {
    await put(service("web"));
    const a = await put(pod("a", { ip: "10.89.0.7" }));
    const uid = String((a.metadata as JsonObject).uid);
    const podman = podmanWith(uid, ["a", ...webNames]);
    const report = await syncNamespaceDns(session(podman), store, "default");
    assert.deepEqual(report, { changes: [], errors: [], warnings: [] });
    assert.deepEqual(podman.argv.map((a) => a.slice(0, 2)), [["ps", "--all"], ["container", "inspect"]]);
    const ps = podman.argv[0];
    assert.ok(ps.includes(`label=${LABEL.project}=${PROJECT}`) && ps.includes(`label=${LABEL.namespace}=default`), ps.join(" "));
  });

  test("a pod that is not ready any more loses the Service names and keeps its address and own name", async () => {
    const a = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "a" });
    assert.ok(a);
    await store.updateStatus({ ...a, status: { podIP: "10.89.0.7", phase: "Running", conditions: [{ type: "Ready", status: "False" }] } });
    const podman = podmanWith(String((a.metadata as JsonObject).uid), ["a", ...webNames]);
    const report = await syncNamespaceDns(session(podman), store, "default");
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.changes, [{ pod: "a", added: [], removed: webNames }]);
    const network = podman.argv.filter((a) => a[0] === "network" && a[1] !== "inspect");
    assert.deepEqual(network, [
      ["network", "disconnect", NETWORK, INFRA_ID],
      ["network", "connect", "--ip", "10.89.0.7", "--mac-address", "0e:4d:e7:25:74:ae", "--alias", "a", NETWORK, INFRA_ID],
    ]);
  });

  test("a ready pod gets the names of every Service selecting it", async () => {
    const a = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "a" });
    assert.ok(a);
    await store.updateStatus({ ...a, status: { podIP: "10.89.0.7", phase: "Running", conditions: [{ type: "Ready", status: "True" }] } });
    const podman = podmanWith(String((a.metadata as JsonObject).uid), ["a"]);
    const report = await syncNamespaceDns(session(podman), store, "default");
    assert.deepEqual(report.changes.map((c) => c.added), [[...webNames].sort()]);
    const connect = podman.argv.find((a) => a[1] === "connect");
    assert.deepEqual(connect, ["network", "connect", "--ip", "10.89.0.7", "--mac-address", "0e:4d:e7:25:74:ae", ...["a", ...[...webNames].sort()].flatMap((n) => ["--alias", n]), NETWORK, INFRA_ID]);
  });

  test("a container without mk's project label is never changed", async () => {
    const a = await store.get({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "a" });
    assert.ok(a);
    const podman = podmanWith(String((a.metadata as JsonObject).uid), ["a"], { [LABEL.uid]: String((a.metadata as JsonObject).uid) });
    const report = await syncNamespaceDns(session(podman), store, "default");
    assert.equal(report.errors.length, 1);
    assert.equal(podman.argv.filter((a) => a[1] === "disconnect" || a[1] === "connect").length, 0);
  });
});
