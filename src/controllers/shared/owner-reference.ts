import { isJsonObject, type JsonObject } from "../../schema/json.js";

/** The ownerReference a controller puts on what it creates: controller and blockOwnerDeletion true. */
export function controllerReference(owner: JsonObject): JsonObject {
  const metadata = isJsonObject(owner.metadata) ? owner.metadata : {};
  return {
    apiVersion: String(owner.apiVersion),
    kind: String(owner.kind),
    name: String(metadata.name),
    uid: String(metadata.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function ownerReferencesList(object: JsonObject): JsonObject[] {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences.filter(isJsonObject) : [];
}

/** The uid of the object's controller owner, if any. */
export function controllerUid(object: JsonObject): string | undefined {
  const ref = ownerReferencesList(object).find((r) => r.controller === true);
  return ref ? String(ref.uid) : undefined;
}

/** The object with a controller reference to `owner` added (adoption). */
export function withControllerReference(object: JsonObject, owner: JsonObject): JsonObject {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const uid = String((owner.metadata as JsonObject).uid);
  const refs = ownerReferencesList(object).filter((r) => r.uid !== uid);
  return { ...object, metadata: { ...metadata, ownerReferences: [...refs, controllerReference(owner)] } };
}

/** The object without any ownerReference to this uid (release, orphaning). */
export function withoutOwnerReference(object: JsonObject, ownerUid: string): JsonObject {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const refs = ownerReferencesList(object).filter((r) => r.uid !== ownerUid);
  return { ...object, metadata: { ...metadata, ownerReferences: refs } };
}
