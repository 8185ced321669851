import assert from "node:assert/strict";
import { test } from "node:test";
import { createGarbageCollector } from "../../src/controllers/gc/controller.js";
import type { JsonObject } from "../../src/schema/json.js";
import type { Store } from "../../src/store/index.js";
import { meta, ns, startControlPlane } from "./harness.js";

const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", namespace: ns, name });

async function make(store: Store, name: string, owners: { o: JsonObject; block?: boolean }[] = [], finalizers?: string[]): Promise<JsonObject> {
  const metadata: JsonObject = { name, namespace: ns };
  if (owners.length) {
    metadata.ownerReferences = owners.map(({ o, block }) => ({ apiVersion: "v1", kind: "ConfigMap", name: String(meta(o).name), uid: String(meta(o).uid), blockOwnerDeletion: block === true }));
  }
  if (finalizers) metadata.finalizers = finalizers;
  return store.create({ apiVersion: "v1", kind: "ConfigMap", metadata, data: {} }, { managedBy: "mkapply" });
}

async function dropFinalizers(store: Store, name: string): Promise<void> {
  const o = (await store.get(cm(name))) as JsonObject;
  await store.update({ ...o, metadata: { ...meta(o), finalizers: [] } });
}

test("a dependent with another owner left only loses the reference; with no owner left it is deleted", async () => {
  const cp = startControlPlane([createGarbageCollector()]);
  try {
    const a = await make(cp.store, "a");
    const b = await make(cp.store, "b");
    await make(cp.store, "d", [{ o: a }, { o: b }]);
    await cp.store.delete(cm("a"));
    await cp.loop.settled();
    const d = (await cp.store.get(cm("d"))) as JsonObject;
    assert.deepEqual((meta(d).ownerReferences as JsonObject[]).map((r) => r.name), ["b"]);
    await cp.store.delete(cm("b"));
    await cp.loop.settled();
    assert.equal(await cp.store.get(cm("d")), undefined);
  } finally {
    await cp.close();
  }
});

test("foreground: the owner stays, being deleted, until its blocking dependents are gone; non-blocking ones do not hold it", async () => {
  const cp = startControlPlane([createGarbageCollector()]);
  try {
    const owner = await make(cp.store, "owner");
    await make(cp.store, "blocking", [{ o: owner, block: true }], ["test.mk.io/hold"]);
    await make(cp.store, "loose", [{ o: owner, block: false }], ["test.mk.io/hold"]);
    await cp.store.delete(cm("owner"), { propagationPolicy: "Foreground" });
    await cp.loop.settled();
    const waiting = (await cp.store.get(cm("owner"))) as JsonObject;
    assert.ok(meta(waiting).deletionTimestamp, "visible with deletionTimestamp");
    assert.deepEqual(meta(waiting).finalizers, ["foregroundDeletion"]);
    for (const name of ["blocking", "loose"]) assert.ok(meta((await cp.store.get(cm(name))) as JsonObject).deletionTimestamp, `${name} is being deleted`);
    await dropFinalizers(cp.store, "blocking");
    await cp.loop.settled();
    assert.equal(await cp.store.get(cm("owner")), undefined, "gone once the blocking dependent is");
    assert.ok(await cp.store.get(cm("loose")), "the non-blocking dependent may outlive it");
    await dropFinalizers(cp.store, "loose");
  } finally {
    await cp.close();
  }
});

test("orphan: dependents lose the reference, then the owner goes", async () => {
  const cp = startControlPlane([createGarbageCollector()]);
  try {
    const owner = await make(cp.store, "owner");
    await make(cp.store, "dep", [{ o: owner, block: true }]);
    await cp.store.delete(cm("owner"), { propagationPolicy: "Orphan" });
    await cp.loop.settled();
    assert.equal(await cp.store.get(cm("owner")), undefined);
    const dep = (await cp.store.get(cm("dep"))) as JsonObject;
    assert.equal(meta(dep).ownerReferences, undefined);
  } finally {
    await cp.close();
  }
});
