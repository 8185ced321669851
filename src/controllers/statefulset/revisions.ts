import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { canonicalJson } from "../../store/canonical-json.js";
import { computePodTemplateHash } from "../shared/template-hash.js";
import { controllerReference } from "../shared/owner-reference.js";
import { metadataOf, specOf } from "../shared/pod-facts.js";

/**
 * ControllerRevisions, as the StatefulSet and DaemonSet controllers keep them: a snapshot of the
 * pod template (`data.spec.template` with `$patch: replace`), named `<owner>-<hash>`, numbered
 * in order of use. A template that matches an earlier revision reuses it (with a new number).
 * A new revision carries the owner's annotations of that moment (its change-cause).
 */
export const REVISION_HASH_LABEL = "controller.kubernetes.io/hash";
export const POD_REVISION_LABEL = "controller-revision-hash";

export function revisionData(owner: JsonObject): JsonObject {
  const template = isJsonObject(specOf(owner).template) ? specOf(owner).template : {};
  return { spec: { template: { ...(template as JsonObject), $patch: "replace" } } };
}

/** The template a revision holds (what pods of that revision are made from). */
export function revisionTemplate(revision: JsonObject): JsonObject {
  const data = isJsonObject(revision.data) ? revision.data : {};
  const template = isJsonObject(specOf(data).template) ? { ...(specOf(data).template as JsonObject) } : {};
  delete template.$patch;
  return template;
}

export function revisionNumber(revision: JsonObject): number {
  return typeof revision.revision === "number" ? revision.revision : 0;
}

export function revisionName(revision: JsonObject): string {
  return String(metadataOf(revision).name ?? "");
}

export interface RevisionPlan {
  current: JsonObject;
  update: JsonObject;
  /** A new ControllerRevision to create (the update revision), when no existing one matches. */
  create?: JsonObject;
  /** An existing revision re-used for the update: written with a new revision number. */
  renumber?: JsonObject;
  collisionCount: number;
}

/** The owner's revisions and which of them is current and which is the update target. */
export function planRevisions(owner: JsonObject, revisions: readonly JsonObject[], currentRevisionName: string | undefined, selectorLabels: Record<string, string>): RevisionPlan {
  const collisionCount = typeof (owner.status as JsonObject | undefined)?.collisionCount === "number" ? ((owner.status as JsonObject).collisionCount as number) : 0;
  const data = revisionData(owner);
  const sorted = [...revisions].sort((a, b) => revisionNumber(a) - revisionNumber(b));
  const latest = sorted.length > 0 ? revisionNumber(sorted[sorted.length - 1]) : 0;
  const equal = sorted.filter((r) => canonicalJson(r.data ?? {}) === canonicalJson(data));
  let update: JsonObject;
  let create: JsonObject | undefined;
  let renumber: JsonObject | undefined;
  if (equal.length > 0) {
    update = equal[equal.length - 1];
    if (revisionNumber(update) !== latest) {
      renumber = { ...update, revision: latest + 1 };
      update = renumber;
    }
  } else {
    const hash = computePodTemplateHash(data, collisionCount);
    const meta = metadataOf(owner);
    create = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name: `${String(meta.name)}-${hash}`,
        namespace: String(meta.namespace ?? "default"),
        labels: { ...selectorLabels, [REVISION_HASH_LABEL]: hash },
        // The owner's annotations, as Kubernetes copies them (kubernetes.io/change-cause is what
        // `rollout history` shows for the revision).
        ...(isJsonObject(meta.annotations) && Object.keys(meta.annotations).length > 0 ? { annotations: { ...meta.annotations } } : {}),
        ownerReferences: [controllerReference(owner)],
      },
      data,
      revision: latest + 1,
    };
    update = create;
  }
  const current = sorted.find((r) => revisionName(r) === currentRevisionName) ?? update;
  return { current, update, create, renumber, collisionCount };
}

/** Revisions beyond revisionHistoryLimit (default 10) that no pod, current or update uses: oldest first. */
export function revisionsToPrune(revisions: readonly JsonObject[], inUse: ReadonlySet<string>, limit: number): JsonObject[] {
  const idle = [...revisions].filter((r) => !inUse.has(revisionName(r))).sort((a, b) => revisionNumber(a) - revisionNumber(b));
  return idle.slice(0, Math.max(0, idle.length - limit));
}
