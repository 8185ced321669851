import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonObject } from "../../src/schema/json.js";
import { openStore, type Store, type ObjectRef } from "../../src/store/index.js";
import { startControlLoop, type ControlLoop } from "../../src/control/manager.js";
import { createKubelet, type Kubelet, type KubeletOptions } from "../../src/kubelet/kubelet.js";
import type { RuntimeSession } from "../../src/runtime/session.js";
import type { PodmanCall } from "../../src/runtime/podman.js";
import { openE2eRuntime, type E2eRuntime } from "../e2e-support/podman-fixture.js";
import { pollUntil } from "../e2e-support/poll.js";
import { gatePodman } from "../e2e-support/podman-gate.js";

/**
 * The kubelet on real podman for end-to-end tests: a transient project (its labels on every
 * podman object, so a killed run is cleaned up by the next), a SQLite store in a temporary
 * folder, and the control loop driving the kubelet.
 */
export interface KubeletRig {
  rt: E2eRuntime;
  store: Store;
  stateDir: string;
  session: RuntimeSession;
  kubelet: Kubelet;
  loop: ControlLoop;
  /** Runs `act` (podman calls behind mk's back) while mk's own podman calls wait: mk sees its end state. */
  behindMk<T>(act: () => Promise<T>): Promise<T>;
  /** Every podman call mk made, in order. */
  podmanCalls: readonly PodmanCall[];
  /** Stops the kubelet and its loop (podman objects stay, as when mk is stopped). */
  stopKubelet(): Promise<void>;
  /** Starts a new kubelet and loop on the same store and project (mk started again). */
  startKubelet(): void;
  /** Creates a Pod (defaults filled: namespace default, restartPolicy Always). */
  createPod(pod: JsonObject): Promise<JsonObject>;
  getPod(name: string): Promise<JsonObject | undefined>;
  /** Polls the stored Pod until `test` returns a value. */
  waitPod<T>(name: string, what: string, test: (pod: JsonObject) => T | undefined, timeoutMs?: number): Promise<T>;
  /** Stops the loop and the kubelet (leaves podman objects: close() removes them). */
  stop(): Promise<void>;
  /** Stops everything and returns what podman still has of this run (must be empty). */
  close(): Promise<string[]>;
}

export async function openKubeletRig(purpose: string, options: Partial<KubeletOptions> = {}, existing?: { rt: E2eRuntime; stateDir: string }): Promise<KubeletRig> {
  const rt = existing?.rt ?? (await openE2eRuntime(purpose));
  const stateDir = existing?.stateDir ?? mkdtempSync(join(tmpdir(), `mk-${purpose}-state-`));
  const store = openStore({ path: join(stateDir, "state.db") });
  const gate = gatePodman(rt.podman);
  const session: RuntimeSession = { podman: gate.podman, project: rt.project, network: rt.network, containersConf: "" };
  const newKubelet = () => createKubelet({ session, stateDir, backoffBaseMs: 1000, pollMs: 200, probeTimeScale: 0.1, extraLabels: rt.labels, nodeName: "mk-test-node", ...options });
  let kubeletStopped = false;
  let stopped = false;
  const kubelet = newKubelet();
  const rig: KubeletRig = {
    rt,
    store,
    stateDir,
    session,
    kubelet,
    behindMk: gate.behindMk,
    podmanCalls: gate.calls,
    loop: startControlLoop({ store, reconcilers: [kubelet], pollMs: 20, backoffMaxMs: 1000 }),
    async stopKubelet() {
      if (kubeletStopped) return;
      kubeletStopped = true;
      await rig.loop.stop();
    },
    startKubelet() {
      rig.kubelet = newKubelet();
      rig.loop = startControlLoop({ store, reconcilers: [rig.kubelet], pollMs: 20, backoffMaxMs: 1000 });
      kubeletStopped = false;
    },
    async createPod(pod) {
      const metadata = { namespace: "default", ...(pod.metadata as JsonObject) };
      return store.create({ apiVersion: "v1", kind: "Pod", ...pod, metadata }, { managedBy: "mkapply" });
    },
    getPod(name) {
      return store.get(podRef(name));
    },
    waitPod(name, what, test, timeoutMs = 60_000) {
      return pollUntil(
        async () => {
          const pod = await store.get(podRef(name));
          return pod ? test(pod) : undefined;
        },
        { timeoutMs, what: `pod ${name}: ${what}`, intervalMs: 50 },
      );
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await rig.stopKubelet();
      await store.close();
    },
    async close() {
      await rig.stop();
      const left = existing ? [] : await rt.close();
      if (!existing) rmSync(stateDir, { recursive: true, force: true });
      return left;
    },
  };
  return rig;
}

export function podRef(name: string, namespace = "default"): ObjectRef {
  return { apiVersion: "v1", kind: "Pod", namespace, name };
}

/** status.conditions[type].status */
export function conditionStatus(pod: JsonObject, type: string): string | undefined {
  const conditions = ((pod.status as JsonObject | undefined)?.conditions ?? []) as JsonObject[];
  return conditions.find((c) => c.type === type)?.status as string | undefined;
}

export function containerStatusOf(pod: JsonObject, name: string, init = false): JsonObject | undefined {
  const status = (pod.status ?? {}) as JsonObject;
  const list = ((init ? status.initContainerStatuses : status.containerStatuses) ?? []) as JsonObject[];
  return list.find((s) => s.name === name);
}

export function phaseOf(pod: JsonObject): string | undefined {
  return (pod.status as JsonObject | undefined)?.phase as string | undefined;
}
