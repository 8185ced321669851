import { LABEL } from "../runtime/labels.js";
import { listContainers, listPods, type ContainerSummary } from "../runtime/observe.js";
import { removePodSandbox } from "../runtime/pod-sandbox.js";
import { removeContainer } from "../runtime/containers.js";
import type { RuntimeSession } from "../runtime/session.js";
import type { ObjectRef, ObjectStore } from "../store/index.js";
import { cleanupPodVolumes } from "./volumes/prepare.js";
import { ContainerSnapshots } from "./container-snapshots.js";

/**
 * The kubelet's observation loop (PLEG): polls `podman ps -a` for the project's containers, wakes
 * the pods whose containers changed (started, exited, vanished), and removes podman pods and
 * containers whose Pod is no longer in the store (orphans of a killed run, or of pods deleted
 * while mk was down). podman events would only be hints; this poll is the truth.
 */

/** A pod's containers as one comparable text, by pod uid (with the pod's key). Pure. */
export function podSignatures(rows: readonly ContainerSummary[]): Map<string, { key: ObjectRef; signature: string }> {
  const byUid = new Map<string, { key: ObjectRef; parts: string[] }>();
  for (const row of rows) {
    const uid = row.labels[LABEL.uid];
    if (!uid || row.labels[LABEL.kind] !== "Pod") continue;
    let entry = byUid.get(uid);
    if (!entry) {
      entry = { key: { apiVersion: "v1", kind: "Pod", namespace: row.labels[LABEL.namespace] ?? "", name: row.labels[LABEL.name] ?? "" }, parts: [] };
      byUid.set(uid, entry);
    }
    entry.parts.push(`${row.id}:${row.state}:${row.exitCode}:${row.startedAt?.getTime() ?? 0}:${row.exitedAt?.getTime() ?? 0}`);
  }
  const out = new Map<string, { key: ObjectRef; signature: string }>();
  for (const [uid, e] of byUid) out.set(uid, { key: e.key, signature: e.parts.sort().join(",") });
  return out;
}

/** The uids whose signature differs between two polls (new, changed or gone), with their keys. Pure. */
export function changedPods(
  before: ReadonlyMap<string, { key: ObjectRef; signature: string }>,
  after: ReadonlyMap<string, { key: ObjectRef; signature: string }>,
): ObjectRef[] {
  const keys: ObjectRef[] = [];
  for (const [uid, a] of after) if (before.get(uid)?.signature !== a.signature) keys.push(a.key);
  for (const [uid, b] of before) if (!after.has(uid)) keys.push(b.key);
  return keys;
}

export class PodmanPoller {
  private last = new Map<string, { key: ObjectRef; signature: string }>();
  /** When the previous poll asked for its ps (performance.now()). */
  private polledAt?: number;

  constructor(
    private readonly session: RuntimeSession,
    private readonly snapshots: ContainerSnapshots,
    private readonly stateDir: string,
    private readonly log: (message: string) => void,
  ) {}

  /** One poll: returns the keys of the pods to wake; removes orphans. */
  async poll(store: ObjectStore): Promise<ObjectRef[]> {
    let rows: ContainerSummary[];
    try {
      // Any ps taken since the previous poll will do (the pod syncs take their own after each
      // action): a busy kubelet adds no ps of its own, an idle one polls as before.
      const since = this.polledAt ?? ContainerSnapshots.now();
      this.polledAt = ContainerSnapshots.now();
      rows = await this.snapshots.since(since);
    } catch (e) {
      this.log(`polling podman failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
    const now = podSignatures(rows);
    const woken = changedPods(this.last, now);
    this.last = now;
    await this.removeOrphans(store, now);
    return woken;
  }

  /** Removes the podman objects of pod uids the store does not have (the store is read after podman: a pod made meanwhile is in it). */
  async removeOrphans(store: ObjectStore, seen: ReadonlyMap<string, { key: ObjectRef; signature: string }>): Promise<number> {
    if (seen.size === 0) return 0;
    const pods = await store.list({ apiVersion: "v1", kind: "Pod" });
    const known = new Set(pods.items.map((p) => String((p.metadata as { uid?: string }).uid ?? "")));
    let removed = 0;
    for (const [uid, { key }] of seen) {
      if (known.has(uid)) continue;
      const selector = { [LABEL.project]: this.session.project, [LABEL.uid]: uid };
      const podmanPods = await listPods(this.session.podman, selector);
      for (const p of podmanPods.ok ? podmanPods.value : []) {
        const r = await removePodSandbox(this.session.podman, p.id, selector);
        if (!r.ok) this.log(`removing orphaned podman pod ${p.name} failed: ${r.error.message}`);
      }
      const strays = await listContainers(this.session.podman, selector);
      for (const c of strays.ok ? strays.value : []) {
        const r = await removeContainer(this.session.podman, c.id, selector);
        if (!r.ok) this.log(`removing orphaned container ${c.name} failed: ${r.error.message}`);
      }
      await cleanupPodVolumes(uid, this.stateDir, this.session).catch((e: unknown) => this.log(`removing the volumes of orphaned pod ${uid} failed: ${String(e)}`));
      this.log(`removed the podman objects of pod ${key.namespace}/${key.name} (uid ${uid}), which is no longer in the store`);
      removed++;
    }
    return removed;
  }
}
