import { test } from "node:test";
import assert from "node:assert/strict";
import { startControlLoop } from "../../../src/control/manager.js";
import { createDaemonSetController } from "../../../src/controllers/daemonset/index.js";
import type { JsonObject } from "../../../src/schema/json.js";
import { systemClock } from "../../../src/store/index.js";
import { openTestStore } from "../../store/harness.js";
import { createFakeKubelet } from "../../support/fake-kubelet.js";

test("a DaemonSet runs one pod on the node, follows its labels, and rolls a new template", async () => {
  const { store } = openTestStore({ clock: systemClock });
  const loop = startControlLoop({ store, reconcilers: [createDaemonSetController(), createFakeKubelet()], pollMs: 5 });
  const key = { apiVersion: "apps/v1", kind: "DaemonSet", namespace: "default", name: "agent" };
  const pods = async () => (await store.list({ apiVersion: "v1", kind: "Pod" })).items;
  try {
    // The node (in mk the kubelet registers it) with a label the DaemonSet selects.
    await store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "mk-node", labels: { "kubernetes.io/hostname": "mk-node", agent: "yes" } }, spec: {} }, { managedBy: "controller" });
    await store.create(
      {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent", namespace: "default" },
        spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { nodeSelector: { agent: "yes" }, containers: [{ name: "a", image: "localhost/mk/web:1" }] } } },
      },
      { managedBy: "mkapply" },
    );
    await loop.settled(30);
    let list = await pods();
    assert.equal(list.length, 1);
    assert.equal((list[0].spec as JsonObject).nodeName, "mk-node");
    let status = (await store.get(key))?.status as JsonObject;
    assert.deepEqual([status.desiredNumberScheduled, status.currentNumberScheduled, status.numberReady, status.updatedNumberScheduled], [1, 1, 1, 1]);

    // New template: the pod is replaced.
    const ds = (await store.get(key)) as JsonObject;
    const spec = ds.spec as JsonObject;
    await store.update({ ...ds, spec: { ...spec, template: { metadata: { labels: { app: "agent" } }, spec: { nodeSelector: { agent: "yes" }, containers: [{ name: "a", image: "localhost/mk/web:2" }] } } } });
    await loop.settled(30);
    list = await pods();
    assert.deepEqual(list.map((p) => ((p.spec as JsonObject).containers as JsonObject[])[0].image), ["localhost/mk/web:2"]);
    assert.equal((await store.list({ apiVersion: "apps/v1", kind: "ControllerRevision" })).items.length, 2);

    // The node loses the label: the pod goes.
    const n = (await store.get({ apiVersion: "v1", kind: "Node", name: "mk-node" })) as JsonObject;
    await store.update({ ...n, metadata: { ...(n.metadata as JsonObject), labels: { "kubernetes.io/hostname": "mk-node" } } });
    await loop.settled(30);
    assert.equal((await pods()).length, 0);
    status = (await store.get(key))?.status as JsonObject;
    assert.equal(status.desiredNumberScheduled, 0);
    assert.deepEqual(loop.errors, []);
  } finally {
    await loop.stop();
    await store.close();
  }
});
