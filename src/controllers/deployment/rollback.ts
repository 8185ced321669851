import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { formatTimestamp, StoreError, type ObjectRef, type Store } from "../../store/index.js";
import { annotationsOf } from "../shared/labels.js";
import { controllerUid } from "../shared/owner-reference.js";
import { withAnnotations } from "./annotations.js";
import { CHANGE_CAUSE, equalIgnoreHash, RESTARTED_AT, revisionOf, templateOf, templateWithoutHash } from "./replica-sets.js";

export interface RollbackResult {
  /** The revision whose template the Deployment now has. */
  revision: number;
  /** kubectl's line: `deployment.apps/web rolled back` or `deployment.apps/web skipped rollback (...)`. */
  message: string;
  changed: boolean;
}

async function getDeployment(store: Store, ref: ObjectRef): Promise<JsonObject> {
  const d = await store.get({ ...ref, apiVersion: "apps/v1", kind: "Deployment" });
  if (!d) throw new StoreError("NotFound", `deployments.apps "${ref.name}" not found`);
  return d;
}

/** The Deployment's ReplicaSets by revision (what `rollout history` lists). */
export async function deploymentRevisions(store: Store, ref: ObjectRef): Promise<Map<number, JsonObject>> {
  const d = await getDeployment(store, ref);
  const uid = String((d.metadata as JsonObject).uid);
  const sets = await store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace: ref.namespace ?? "", ownerUid: uid, controllerOnly: true });
  const byRevision = new Map<number, JsonObject>();
  for (const rs of sets.items) if (controllerUid(rs) === uid) byRevision.set(revisionOf(rs), rs);
  return byRevision;
}

/**
 * `mk rollout undo [--to-revision=N]`, as kubectl does it for apps/v1 (rollbackTo is gone): the
 * chosen ReplicaSet's template (without its pod-template-hash label) is copied back into the
 * Deployment, with its change-cause annotation; the controller then finds that ReplicaSet again
 * and gives it a new revision. toRevision 0 or absent means the previous revision.
 */
export async function rollbackDeployment(store: Store, ref: ObjectRef, toRevision = 0): Promise<RollbackResult> {
  const d = await getDeployment(store, ref);
  const name = `deployment.apps/${ref.name}`;
  if (isJsonObject(d.spec) && d.spec.paused === true) {
    throw new StoreError("Invalid", `you cannot rollback a paused deployment; resume it first with 'mk rollout resume deployment/${ref.name}' and try again`);
  }
  const revisions = await deploymentRevisions(store, ref);
  let target = toRevision;
  if (target === 0) {
    const sorted = [...revisions.keys()].filter((r) => r > 0).sort((a, b) => a - b);
    if (sorted.length < 2) throw new StoreError("NotFound", "no rollout history found for deployment " + JSON.stringify(ref.name));
    target = sorted[sorted.length - 2];
  }
  const rs = revisions.get(target);
  if (!rs) throw new StoreError("NotFound", `unable to find specified revision ${target} in history`);
  if (equalIgnoreHash(templateOf(rs), templateOf(d))) {
    return { revision: target, changed: false, message: `${name} skipped rollback (current template already matches revision ${target})` };
  }
  const annotations = { ...annotationsOf(d) };
  const cause = annotationsOf(rs)[CHANGE_CAUSE];
  if (cause !== undefined) annotations[CHANGE_CAUSE] = cause;
  else delete annotations[CHANGE_CAUSE];
  const spec = isJsonObject(d.spec) ? d.spec : {};
  await store.update({ ...withAnnotations(d, annotations), spec: { ...spec, template: templateWithoutHash(templateOf(rs)) } });
  return { revision: target, changed: true, message: `${name} rolled back` };
}

/** `mk rollout restart`: the restartedAt annotation on the pod template, so a new ReplicaSet rolls out. */
export async function restartDeployment(store: Store, ref: ObjectRef, now: Date): Promise<string> {
  const d = await getDeployment(store, ref);
  const spec = isJsonObject(d.spec) ? d.spec : {};
  if (spec.paused === true) throw new StoreError("Invalid", `can't restart paused deployment (run rollout resume first)`);
  const template = templateOf(d);
  const metadata = isJsonObject(template.metadata) ? template.metadata : {};
  const annotations = { ...annotationsOf(template), [RESTARTED_AT]: formatTimestamp(now) };
  await store.update({ ...d, spec: { ...spec, template: { ...template, metadata: { ...metadata, annotations } } } });
  return `deployment.apps/${ref.name} restarted`;
}

/** `mk rollout pause|resume`: spec.paused. */
export async function setDeploymentPaused(store: Store, ref: ObjectRef, paused: boolean): Promise<string> {
  const d = await getDeployment(store, ref);
  const spec = isJsonObject(d.spec) ? d.spec : {};
  const name = `deployment.apps/${ref.name}`;
  if ((spec.paused === true) === paused) return `${name} ${paused ? "already paused" : "is not paused"}`;
  const next: JsonObject = { ...spec };
  if (paused) next.paused = true;
  else delete next.paused;
  await store.update({ ...d, spec: next });
  return `${name} ${paused ? "paused" : "resumed"}`;
}
