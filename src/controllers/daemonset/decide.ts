import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { isPodAvailable, isPodReady } from "../shared/pod-status.js";
import { podFromTemplate } from "../shared/pod-template.js";
import { creationTime, isBeingDeleted, metadataOf, nameOf, podPhase, specOf } from "../shared/pod-facts.js";
import { POD_REVISION_LABEL } from "../statefulset/revisions.js";
import { DAEMON_TOLERATIONS, nodeFit } from "./eligibility.js";

export interface DaemonSetInput {
  daemonSet: JsonObject;
  nodes: readonly JsonObject[];
  /** Pods the DaemonSet owns. */
  pods: readonly JsonObject[];
  /** The update revision's hash (the pods' controller-revision-hash label). */
  updateHash: string;
  now: Date;
}

export interface DaemonSetDecision {
  create: JsonObject[];
  delete: JsonObject[];
  status: JsonObject;
  requeueAfterMs?: number;
}

/** An int-or-percent of `total`, percentages rounded up as the DaemonSet controller does. */
export function scaledValue(value: unknown, total: number, fallback: number): number {
  if (typeof value === "number") return Math.max(0, Math.trunc(value));
  if (typeof value === "string" && /^\d+%$/.test(value)) return Math.ceil((Number(value.slice(0, -1)) * total) / 100);
  return fallback;
}

/**
 * The daemon pod for a node: the template with the revision label, bound to the node
 * (spec.nodeName) with the node affinity Kubernetes puts on daemon pods (a matchFields term on
 * metadata.name replacing required terms) and the daemon tolerations.
 */
export function daemonPod(daemonSet: JsonObject, hash: string, nodeName: string): JsonObject {
  const spec = specOf(daemonSet);
  const template = isJsonObject(spec.template) ? structuredClone(spec.template) : {};
  const extra: Record<string, string> = { [POD_REVISION_LABEL]: hash };
  if (typeof metadataOf(daemonSet).generation === "number") extra["pod-template-generation"] = String(metadataOf(daemonSet).generation);
  const pod = podFromTemplate(template, daemonSet, extra);
  const podSpec: JsonObject = { ...specOf(pod) };
  podSpec.nodeName = nodeName;
  const affinity = isJsonObject(podSpec.affinity) ? { ...podSpec.affinity } : {};
  const nodeAffinity = isJsonObject(affinity.nodeAffinity) ? { ...affinity.nodeAffinity } : {};
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }] };
  affinity.nodeAffinity = nodeAffinity;
  podSpec.affinity = affinity;
  const tolerations = Array.isArray(podSpec.tolerations) ? podSpec.tolerations.filter(isJsonObject) : [];
  for (const t of DAEMON_TOLERATIONS) if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
  podSpec.tolerations = tolerations;
  return { ...pod, spec: podSpec };
}

function podHash(pod: JsonObject): string | undefined {
  const labels = metadataOf(pod).labels;
  const v = isJsonObject(labels) ? labels[POD_REVISION_LABEL] : undefined;
  return typeof v === "string" ? v : undefined;
}

function podNode(pod: JsonObject): string | undefined {
  const n = specOf(pod).nodeName;
  return typeof n === "string" && n !== "" ? n : undefined;
}

/** The DaemonSet controller's manage and rollingUpdate steps, and its status. */
export function decideDaemonSet(input: DaemonSetInput): DaemonSetDecision {
  const { daemonSet: ds, now } = input;
  const spec = specOf(ds);
  const template = isJsonObject(spec.template) ? spec.template : {};
  const minReady = typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0;
  const strategy = isJsonObject(spec.updateStrategy) ? spec.updateStrategy : {};
  const rolling = strategy.type === "OnDelete" ? undefined : isJsonObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const available = (p: JsonObject) => !isBeingDeleted(p) && podPhase(p) === "Running" && isPodAvailable(p, minReady, now);
  const create: JsonObject[] = [];
  const toDelete: JsonObject[] = [];
  const nodeNames = new Set(input.nodes.map(nameOf));

  // Pods on nodes that are gone, or never bound, go.
  for (const pod of input.pods) {
    const node = podNode(pod);
    if (!isBeingDeleted(pod) && (node === undefined || !nodeNames.has(node))) toDelete.push(pod);
  }

  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let availableCount = 0;
  let updated = 0;
  const wanted: { node: string; live: JsonObject[] }[] = [];
  for (const node of input.nodes) {
    const name = nameOf(node);
    const fit = nodeFit(template, node);
    const onNode = input.pods.filter((p) => podNode(p) === name && !isBeingDeleted(p));
    const failed = onNode.filter((p) => podPhase(p) === "Failed");
    toDelete.push(...failed);
    const live = onNode.filter((p) => podPhase(p) !== "Failed").sort((a, b) => creationTime(a) - creationTime(b));
    if (fit.shouldRun) desired++;
    if (live.length > 0 && fit.shouldRun) current++;
    if (live.length > 0 && !fit.shouldRun) misscheduled++;
    if (live.some(isPodReady)) ready++;
    if (live.some(available)) availableCount++;
    if (live.some((p) => podHash(p) === input.updateHash)) updated++;
    if (fit.shouldRun && live.length === 0) create.push(daemonPod(ds, input.updateHash, name));
    else if (!fit.shouldContinueRunning) toDelete.push(...live);
    else if (live.length > 0) wanted.push({ node: name, live });
  }

  const maxSurge = rolling ? scaledValue(rolling.maxSurge, desired, 0) : 0;
  const maxUnavailable = rolling ? scaledValue(rolling.maxUnavailable, desired, maxSurge > 0 ? 0 : 1) : 0;
  // Outside a surge a node keeps one pod: the newest-revision one, else the oldest.
  for (const w of wanted) {
    if (w.live.length > 1 && maxSurge === 0) {
      const keep = w.live.find((p) => podHash(p) === input.updateHash) ?? w.live[0];
      toDelete.push(...w.live.filter((p) => p !== keep));
      w.live = [keep];
    }
  }
  if (rolling) {
    if (maxSurge === 0) {
      let unavailable = desired - wanted.filter((w) => w.live.some(available)).length;
      const candidates: JsonObject[] = [];
      for (const w of wanted) {
        const old = w.live.filter((p) => podHash(p) !== input.updateHash);
        for (const p of old) {
          if (!available(p)) toDelete.push(p);
          else candidates.push(p);
        }
      }
      for (const p of candidates) {
        if (unavailable >= maxUnavailable) break;
        toDelete.push(p);
        unavailable++;
      }
    } else {
      let surging = wanted.filter((w) => w.live.some((p) => podHash(p) === input.updateHash) && w.live.some((p) => podHash(p) !== input.updateHash)).length;
      for (const w of wanted) {
        const fresh = w.live.find((p) => podHash(p) === input.updateHash);
        const old = w.live.filter((p) => podHash(p) !== input.updateHash);
        if (old.length === 0) continue;
        if (fresh) {
          if (available(fresh)) toDelete.push(...old);
        } else if (!old.some(available)) {
          toDelete.push(...old);
        } else if (surging < maxSurge) {
          create.push(daemonPod(ds, input.updateHash, w.node));
          surging++;
        }
      }
    }
  }

  const status: JsonObject = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: typeof metadataOf(ds).generation === "number" ? (metadataOf(ds).generation as number) : 0,
    updatedNumberScheduled: updated,
    numberAvailable: availableCount,
  };
  if (desired - availableCount > 0) status.numberUnavailable = desired - availableCount;
  const previous = isJsonObject(ds.status) ? ds.status : {};
  if (typeof previous.collisionCount === "number") status.collisionCount = previous.collisionCount;
  const unique = [...new Set(toDelete)];
  return { create, delete: unique, status };
}
