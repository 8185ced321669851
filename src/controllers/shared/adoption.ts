import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { isConflict, isNotFound, selectorMatches, type LabelSelector, type ObjectStore } from "../../store/index.js";
import { labelsOfObject } from "./labels.js";
import { controllerUid, withControllerReference, withoutOwnerReference } from "./owner-reference.js";
import { isBeingDeleted } from "./pod-status.js";

export interface ClaimDecision {
  /** Already controlled by the owner and still matching. */
  owned: JsonObject[];
  /** Orphans that match: to be adopted (a controller reference added). */
  adopt: JsonObject[];
  /** Controlled by the owner but no longer matching: to be released (the reference removed). */
  release: JsonObject[];
}

/**
 * ControllerRefManager.ClaimObjects as a decision: the owner's dependents are the objects it
 * controls that still match its selector; orphans that match are adopted, unless the owner or the
 * orphan is being deleted; controlled objects whose labels stopped matching are released, unless
 * the owner is being deleted (it keeps them so that the garbage collector finds them). Objects
 * another controller owns are never touched.
 */
export function decideClaims(owner: JsonObject, selector: LabelSelector, candidates: readonly JsonObject[]): ClaimDecision {
  const ownerUid = String((owner.metadata as JsonObject).uid);
  const ownerDeleting = isBeingDeleted(owner);
  const decision: ClaimDecision = { owned: [], adopt: [], release: [] };
  for (const object of candidates) {
    const controller = controllerUid(object);
    const matches = selectorMatches(selector, labelsOfObject(object));
    if (controller === ownerUid) {
      if (matches) decision.owned.push(object);
      else if (ownerDeleting) continue;
      else decision.release.push(object);
    } else if (controller === undefined) {
      if (matches && !ownerDeleting && !isBeingDeleted(object)) decision.adopt.push(object);
    }
  }
  return decision;
}

/**
 * Carries out a claim decision on the store: adopts and releases (CAS updates), returning what the
 * owner controls afterwards. An object that changed or vanished meanwhile is skipped, as the next
 * reconcile sees it afresh.
 */
export async function claimObjects(store: ObjectStore, owner: JsonObject, selector: LabelSelector, candidates: readonly JsonObject[]): Promise<JsonObject[]> {
  const decision = decideClaims(owner, selector, candidates);
  const claimed = [...decision.owned];
  for (const object of decision.adopt) {
    const updated = await tolerant(() => store.update(withControllerReference(object, owner)));
    if (updated) claimed.push(updated);
  }
  const ownerUid = String((owner.metadata as JsonObject).uid);
  for (const object of decision.release) await tolerant(() => store.update(withoutOwnerReference(object, ownerUid)));
  return claimed;
}

async function tolerant(write: () => Promise<JsonObject>): Promise<JsonObject | undefined> {
  try {
    return await write();
  } catch (e) {
    if (isConflict(e) || isNotFound(e)) return undefined;
    throw e;
  }
}

export function namespaceOf(object: JsonObject): string {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return typeof metadata.namespace === "string" ? metadata.namespace : "";
}
