import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { isNotFound, isStoreError, refOf } from "../../store/index.js";
import { annotationsOf, labelsOfObject } from "../shared/labels.js";
import { controllerReference, controllerUid } from "../shared/owner-reference.js";
import { computePodTemplateHash } from "../shared/template-hash.js";
import { newReplicaSetAnnotations, replicasAnnotations, replicasAnnotationsNeedUpdate, withAnnotations } from "./annotations.js";
import { conditionsOf, getCondition, newCondition, REASON, setCondition } from "./conditions.js";
import { deploymentSpec, minReadySeconds, progressDeadlineSeconds, revisionHistoryLimit } from "./fenceposts.js";
import { DESIRED_REPLICAS, equalIgnoreHash, findNewReplicaSet, MAX_REPLICAS, maxRevision, POD_TEMPLATE_HASH, revisionOf, rsName, rsSpecReplicas, rsStatus, templateOf } from "./replica-sets.js";
import { newRSNewReplicas } from "./rolling.js";
import { generationOf } from "./status.js";
import type { DeploymentSync } from "./sync-context.js";

/**
 * scaleReplicaSet: sets a ReplicaSet's size and its desired/max-replicas annotations, and records
 * `Scaled up replica set web-7d9c from 1 to 2`. Returns the stored ReplicaSet.
 */
export async function scaleReplicaSet(sync: DeploymentSync, rs: JsonObject, replicas: number): Promise<JsonObject> {
  const old = rsSpecReplicas(rs);
  const sizeChanges = old !== replicas;
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, sync.d)) return rs;
  const want = replicasAnnotations(sync.d);
  const annotations = { ...annotationsOf(rs), [DESIRED_REPLICAS]: want.desired, [MAX_REPLICAS]: want.max };
  const spec = isJsonObject(rs.spec) ? rs.spec : {};
  const updated = await sync.ctx.store.update({ ...withAnnotations(rs, annotations), spec: { ...spec, replicas } });
  if (sizeChanges) {
    await sync.event("Normal", "ScalingReplicaSet", `Scaled ${replicas > old ? "up" : "down"} replica set ${rsName(rs)} from ${old} to ${replicas}`);
  }
  return updated;
}

/**
 * getNewReplicaSet: the ReplicaSet for the Deployment's current template, with its revision
 * raised above the old ones (a rollback re-uses an old set under a new revision). With `create`,
 * makes it when missing: `<deployment>-<pod-template-hash>`, the hash label in its selector and
 * template, sized by newRSNewReplicas. Also keeps the Deployment's revision annotation and the
 * Progressing condition (NewReplicaSetCreated / FoundNewReplicaSet) in step.
 */
export async function getNewReplicaSet(sync: DeploymentSync, rsList: readonly JsonObject[], oldRSs: readonly JsonObject[], create: boolean): Promise<JsonObject | undefined> {
  const existing = findNewReplicaSet(sync.d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const hasDeadline = progressDeadlineSeconds(sync.d) !== undefined;
  if (existing) {
    let rs = existing;
    const { annotations, changed } = newReplicaSetAnnotations(sync.d, rs, newRevision, true);
    const spec = isJsonObject(rs.spec) ? rs.spec : {};
    const minReady = minReadySeconds(sync.d);
    const minReadyChanged = (typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0) !== minReady;
    if (changed || minReadyChanged) {
      rs = await sync.ctx.store.update({ ...withAnnotations(rs, annotations), spec: { ...spec, minReadySeconds: minReady } });
    }
    await sync.setRevision(revisionOf(rs));
    const conditions = conditionsOf(sync.status);
    if (hasDeadline && !getCondition(conditions, "Progressing")) {
      const c = newCondition("Progressing", "True", REASON.FoundNewReplicaSet, `Found new replica set "${rsName(rs)}"`, sync.now);
      await sync.saveStatusJson({ ...sync.status, conditions: setCondition(conditions, c).map((x) => ({ ...x })) });
    }
    return rs;
  }
  if (!create) return undefined;

  const spec = deploymentSpec(sync.d);
  const collisionCount = typeof sync.status.collisionCount === "number" ? sync.status.collisionCount : undefined;
  const template = templateOf(sync.d);
  const hash = computePodTemplateHash(template, collisionCount);
  const templateMeta = isJsonObject(template.metadata) ? template.metadata : {};
  const podLabels = { ...labelsOfObject(template), [POD_TEMPLATE_HASH]: hash };
  const selector = isJsonObject(spec.selector) ? spec.selector : {};
  const matchLabels = isJsonObject(selector.matchLabels) ? selector.matchLabels : {};
  const name = `${sync.name}-${hash}`;
  const draft: JsonObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: sync.namespace, labels: podLabels, ownerReferences: [controllerReference(sync.d)] },
    spec: {
      replicas: 0,
      minReadySeconds: minReadySeconds(sync.d),
      selector: { ...selector, matchLabels: { ...matchLabels, [POD_TEMPLATE_HASH]: hash } },
      template: { ...template, metadata: { ...templateMeta, labels: podLabels } },
    },
  };
  const replicas = newRSNewReplicas(sync.d, [...oldRSs, draft], draft);
  (draft.spec as JsonObject).replicas = replicas;
  const { annotations } = newReplicaSetAnnotations(sync.d, draft, newRevision, false);
  const newRS = withAnnotations(draft, annotations);

  let created: JsonObject;
  let alreadyExists = false;
  try {
    created = await sync.ctx.store.create(newRS, { managedBy: "controller" });
  } catch (e) {
    if (!isStoreError(e, "AlreadyExists")) {
      if (hasDeadline) {
        const c = newCondition("Progressing", "False", REASON.FailedReplicaSetCreate, `Failed to create new replica set "${name}": ${e instanceof Error ? e.message : String(e)}`, sync.now);
        await sync.saveStatusJson({ ...sync.status, conditions: setCondition(conditionsOf(sync.status), c).map((x) => ({ ...x })) });
      }
      await sync.event("Warning", "FailedCreate", `Failed to create new replica set "${name}": ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    const found = await sync.ctx.store.get(refOf(newRS));
    const ours = found && controllerUid(found) === String((sync.d.metadata as JsonObject).uid) && equalIgnoreHash(templateOf(found), template);
    if (!found || !ours) {
      // A hash collision: another object holds the name. Move the collision count and try again.
      await sync.saveStatusJson({ ...sync.status, collisionCount: (collisionCount ?? 0) + 1 });
      throw new Error(`replica set ${name} already exists and is not this deployment's (hash collision); collisionCount raised`);
    }
    created = found;
    alreadyExists = true;
  }
  if (!alreadyExists && replicas > 0) await sync.event("Normal", "ScalingReplicaSet", `Scaled up replica set ${name} to ${replicas}`);
  await sync.setRevision(newRevision);
  if (!alreadyExists && hasDeadline) {
    const c = newCondition("Progressing", "True", REASON.NewReplicaSetCreated, `Created new replica set "${name}"`, sync.now);
    await sync.saveStatusJson({ ...sync.status, conditions: setCondition(conditionsOf(sync.status), c).map((x) => ({ ...x })) });
  }
  return created;
}

/**
 * cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit, lowest revision first, deleted
 * once they are scaled to 0, empty and observed (never one still running pods).
 */
export async function cleanupOldReplicaSets(sync: DeploymentSync, oldRSs: readonly JsonObject[]): Promise<void> {
  const limit = revisionHistoryLimit(sync.d);
  const alive = oldRSs.filter((rs) => typeof (rs.metadata as JsonObject).deletionTimestamp !== "string");
  const surplus = alive.length - limit;
  if (surplus <= 0) return;
  const sorted = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || String((a.metadata as JsonObject).creationTimestamp).localeCompare(String((b.metadata as JsonObject).creationTimestamp)));
  for (const rs of sorted.slice(0, surplus)) {
    const status = rsStatus(rs);
    const observed = typeof status.observedGeneration === "number" ? status.observedGeneration : 0;
    if ((typeof status.replicas === "number" && status.replicas !== 0) || rsSpecReplicas(rs) !== 0 || generationOf(rs) > observed) continue;
    try {
      await sync.ctx.store.delete(refOf(rs), { preconditions: { uid: String((rs.metadata as JsonObject).uid) } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
