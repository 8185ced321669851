// Shared set-up for controller tests: a real SQLite store on a fake clock, the control loop with
// the given controllers and the fake kubelet. (Not a test file: it holds no tests.)
import { startControlLoop, type ControlLoop } from "../../src/control/manager.js";
import type { Reconciler } from "../../src/control/reconciler.js";
import type { JsonObject } from "../../src/schema/json.js";
import type { ObjectRef, Store } from "../../src/store/index.js";
import { createFakeKubelet, type FakeKubelet, type FakeKubeletOptions } from "../support/fake-kubelet.js";
import { openTestStore, type FakeClock } from "../store/harness.js";

export interface ControlPlane {
  store: Store;
  clock: FakeClock;
  loop: ControlLoop;
  kubelet: FakeKubelet;
  close(): Promise<void>;
}

export function startControlPlane(reconcilers: Reconciler[], kubelet: FakeKubeletOptions = {}): ControlPlane {
  const { store, clock } = openTestStore();
  const fake = createFakeKubelet(kubelet);
  const loop = startControlLoop({ store, reconcilers: [...reconcilers, fake], clock, pollMs: 5, backoffBaseMs: 2, backoffMaxMs: 200 });
  return {
    store,
    clock,
    loop,
    kubelet: fake,
    async close() {
      await loop.stop();
      await store.close();
    },
  };
}

export const ns = "default";

export function ref(apiVersion: string, kind: string, name: string): ObjectRef {
  return { apiVersion, kind, namespace: ns, name };
}

export async function pods(store: Store): Promise<JsonObject[]> {
  return (await store.list({ apiVersion: "v1", kind: "Pod", namespace: ns })).items;
}

export async function replicaSets(store: Store): Promise<JsonObject[]> {
  return (await store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace: ns })).items;
}

export function meta(o: JsonObject): JsonObject {
  return o.metadata as JsonObject;
}

export function status(o: JsonObject | undefined): JsonObject {
  return ((o?.status as JsonObject | undefined) ?? {}) as JsonObject;
}

export function podTemplate(labels: Record<string, string>, image = "localhost/mk/web:1"): JsonObject {
  return { metadata: { labels }, spec: { containers: [{ name: "web", image }] } };
}

export function replicaSet(name: string, replicas: number, selector: JsonObject, labels: Record<string, string>): JsonObject {
  return { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name, namespace: ns }, spec: { replicas, selector, template: podTemplate(labels) } };
}

export function deployment(name: string, replicas: number, image: string, strategy: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns },
    spec: { replicas, selector: { matchLabels: { app: name } }, strategy, template: podTemplate({ app: name }, image) },
  };
}

export async function eventMessages(store: Store, reason?: string): Promise<string[]> {
  const events = await store.listEvents({ namespace: ns });
  return events.items.filter((e) => reason === undefined || e.reason === reason).map((e) => String(e.message));
}

export function imageOf(pod: JsonObject): string {
  return String(((pod.spec as JsonObject).containers as JsonObject[])[0].image);
}
