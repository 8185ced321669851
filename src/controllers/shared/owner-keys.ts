import type { JsonObject } from "../../schema/json.js";
import { groupOf, refOf, type ObjectRef } from "../../store/index.js";
import { controllerOwner } from "../../control/reconciler.js";

/**
 * A Watch key mapping: the controller owner of a changed dependent, when it is of the given kind
 * (a Pod wakes its ReplicaSet; a ReplicaSet wakes its Deployment).
 */
export function controllerOwnerKey(apiVersion: string, kind: string): (object: JsonObject) => ObjectRef[] {
  return (object) => {
    const owner = controllerOwner(object);
    if (!owner || owner.kind !== kind || groupOf(owner.apiVersion) !== groupOf(apiVersion)) return [];
    return [{ apiVersion: owner.apiVersion, kind: owner.kind, namespace: refOf(object).namespace ?? "", name: owner.name }];
  };
}
