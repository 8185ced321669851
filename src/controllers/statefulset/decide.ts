import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { isPodAvailable, isPodReady, podPhase } from "../shared/pod-status.js";
import { isBeingDeleted, metadataOf, nameOf, specOf } from "../shared/pod-facts.js";
import { claimsFor, ordinalOf, podForOrdinal, podRevision } from "./identity.js";

export interface RevisionRef {
  name: string;
  template: JsonObject;
}

export interface StatefulSetInput {
  set: JsonObject;
  /** Pods the set owns. */
  pods: readonly JsonObject[];
  /** Names of the PVCs that exist in the set's namespace. */
  claims: ReadonlySet<string>;
  current: RevisionRef;
  update: RevisionRef;
  selectorLabels: Record<string, string>;
  now: Date;
}

export interface StatefulSetDecision {
  createClaims: JsonObject[];
  create: JsonObject[];
  delete: JsonObject[];
  status: JsonObject;
  requeueAfterMs?: number;
}

export interface StatefulSetSpec {
  replicas: number;
  /** OrderedReady: one pod at a time, each after its predecessors are Running and Ready. */
  monotonic: boolean;
  strategy: "RollingUpdate" | "OnDelete";
  partition: number;
  maxUnavailable: number;
  minReadySeconds: number;
}

/** An int-or-percent of `total`, percentages rounded up (the API reference; seed 000:1985 says rounded, INVENTORY D2), at least 1. */
export function maxUnavailableOf(value: unknown, total: number): number {
  let n = 1;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^\d+%$/.test(value)) n = Math.ceil((Number(value.slice(0, -1)) * total) / 100);
  return Math.max(1, Math.trunc(n));
}

export function readStatefulSetSpec(set: JsonObject): StatefulSetSpec {
  const spec = specOf(set);
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 1;
  const strategy = isJsonObject(spec.updateStrategy) ? spec.updateStrategy : {};
  const rolling = isJsonObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  return {
    replicas,
    monotonic: spec.podManagementPolicy !== "Parallel",
    strategy: strategy.type === "OnDelete" ? "OnDelete" : "RollingUpdate",
    partition: typeof rolling.partition === "number" ? rolling.partition : 0,
    maxUnavailable: maxUnavailableOf(rolling.maxUnavailable, replicas),
    minReadySeconds: typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0,
  };
}

const isRunningAndReady = (pod: JsonObject): boolean => podPhase(pod) === "Running" && isPodReady(pod);

/**
 * One step of the StatefulSet controller (updateStatefulSet): create missing pods (and their
 * claims first), replace failed ones, remove condemned ones from the highest ordinal, then roll
 * the update from the highest ordinal down to the partition. Under OrderedReady every step
 * waits for its predecessors to be Running and Ready (and available for minReadySeconds).
 */
export function decideStatefulSet(input: StatefulSetInput): StatefulSetDecision {
  const { set, now } = input;
  const spec = readStatefulSetSpec(set);
  const setName = nameOf(set);
  const byOrdinal = new Map<number, JsonObject>();
  for (const pod of input.pods) {
    const ordinal = ordinalOf(setName, pod);
    if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
  }
  const available = (pod: JsonObject) => isRunningAndReady(pod) && !isBeingDeleted(pod) && isPodAvailable(pod, spec.minReadySeconds, now);
  const createClaims: JsonObject[] = [];
  const create: JsonObject[] = [];
  const toDelete: JsonObject[] = [];
  const waits: number[] = [];
  const missingClaims = (ordinal: number): JsonObject[] =>
    claimsFor(set, ordinal, input.selectorLabels).filter((c) => !input.claims.has(nameOf(c)));

  let blocked = false;
  for (let i = 0; i < spec.replicas && !blocked; i++) {
    const pod = byOrdinal.get(i);
    if (!pod) {
      const revision = spec.strategy === "RollingUpdate" && i < spec.partition ? input.current : input.update;
      createClaims.push(...missingClaims(i));
      create.push(podForOrdinal(set, revision.template, revision.name, i));
      if (spec.monotonic) blocked = true;
      continue;
    }
    const phase = podPhase(pod);
    if ((phase === "Failed" || phase === "Succeeded") && !isBeingDeleted(pod)) {
      // Recreated under the same name once the old one is gone.
      toDelete.push(pod);
      if (spec.monotonic) blocked = true;
      continue;
    }
    createClaims.push(...missingClaims(i));
    if (spec.monotonic && (isBeingDeleted(pod) || !isRunningAndReady(pod))) blocked = true;
    else if (spec.monotonic && !available(pod)) {
      blocked = true;
      waitForAvailable(pod, spec.minReadySeconds, now, waits);
    }
  }

  // Condemned pods: from the highest ordinal, each only once its successors are gone.
  if (!blocked) {
    const condemned = [...byOrdinal.entries()].filter(([o]) => o >= spec.replicas).sort((a, b) => b[0] - a[0]).map(([, p]) => p);
    const firstUnhealthy = condemned.find((p) => !isRunningAndReady(p) || isBeingDeleted(p));
    for (const pod of condemned) {
      if (isBeingDeleted(pod)) {
        if (spec.monotonic) {
          blocked = true;
          break;
        }
        continue;
      }
      if (spec.monotonic && firstUnhealthy !== undefined && firstUnhealthy !== pod) {
        blocked = true;
        break;
      }
      toDelete.push(pod);
      if (spec.monotonic) {
        blocked = true;
        break;
      }
    }
  }

  // Rolling update from the highest ordinal to the partition, at most maxUnavailable at a time.
  if (!blocked && spec.strategy === "RollingUpdate" && toDelete.length === 0 && create.length === 0) {
    let unavailable = 0;
    for (let i = 0; i < spec.replicas; i++) {
      const pod = byOrdinal.get(i);
      if (!pod || !available(pod)) unavailable++;
    }
    for (let i = spec.replicas - 1; i >= spec.partition; i--) {
      if (unavailable >= spec.maxUnavailable) break;
      const pod = byOrdinal.get(i);
      if (!pod || isBeingDeleted(pod)) continue;
      if (podRevision(pod) !== input.update.name) {
        toDelete.push(pod);
        unavailable++;
      }
    }
  }
  for (const pod of byOrdinal.values()) waitForAvailable(pod, spec.minReadySeconds, now, waits);

  return {
    createClaims: dedupeByName(createClaims),
    create,
    delete: toDelete,
    status: statefulSetStatus(set, [...byOrdinal.values()], input, spec),
    requeueAfterMs: waits.length > 0 ? Math.min(...waits) : undefined,
  };
}

function waitForAvailable(pod: JsonObject, minReadySeconds: number, now: Date, waits: number[]): void {
  if (minReadySeconds <= 0 || !isRunningAndReady(pod) || isPodAvailable(pod, minReadySeconds, now)) return;
  const ready = (Array.isArray((pod.status as JsonObject | undefined)?.conditions) ? ((pod.status as JsonObject).conditions as JsonObject[]) : []).find((c) => c.type === "Ready");
  const since = typeof ready?.lastTransitionTime === "string" ? Date.parse(ready.lastTransitionTime) : NaN;
  if (Number.isFinite(since)) waits.push(Math.max(1, since + minReadySeconds * 1000 - now.getTime()));
}

function dedupeByName(objects: JsonObject[]): JsonObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => (seen.has(nameOf(o)) ? false : (seen.add(nameOf(o)), true)));
}

/** computeReplicaStatus, and completeRollingUpdate: a finished rollout makes the update revision current. */
export function statefulSetStatus(set: JsonObject, pods: readonly JsonObject[], input: StatefulSetInput, spec: StatefulSetSpec): JsonObject {
  let replicas = 0;
  let ready = 0;
  let availableCount = 0;
  let current = 0;
  let updated = 0;
  for (const pod of pods) {
    replicas++;
    if (isRunningAndReady(pod)) {
      ready++;
      if (isPodAvailable(pod, spec.minReadySeconds, input.now)) availableCount++;
    }
    if (isBeingDeleted(pod)) continue;
    if (podRevision(pod) === input.current.name) current++;
    if (podRevision(pod) === input.update.name) updated++;
  }
  let currentRevision = input.current.name;
  if (spec.strategy === "RollingUpdate" && updated === replicas && ready === replicas && replicas === spec.replicas) {
    current = updated;
    currentRevision = input.update.name;
  }
  const previous = isJsonObject(set.status) ? set.status : {};
  const status: JsonObject = {
    observedGeneration: typeof metadataOf(set).generation === "number" ? (metadataOf(set).generation as number) : 0,
    replicas,
    readyReplicas: ready,
    currentReplicas: current,
    updatedReplicas: updated,
    availableReplicas: availableCount,
    currentRevision,
    updateRevision: input.update.name,
    collisionCount: typeof previous.collisionCount === "number" ? previous.collisionCount : 0,
  };
  return status;
}
