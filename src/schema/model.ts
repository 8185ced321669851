import { createRequire } from "node:module";
import type { FieldPath } from "../diag/span.js";
import type { ApiModel, FieldInfo, KindInfo, ObjectTypeInfo, TypeRef } from "./api-model-types.js";
// Keeps the JSON in the compilation so that tsc copies it into dist; it is read lazily below.
import type {} from "./generated/api-model.json";

export type { ApiModel, FieldInfo, KindInfo, ObjectTypeInfo, TypeRef } from "./api-model-types.js";

/** A kind by its apiVersion and kind, as objects name themselves. */
export interface KindRef {
  apiVersion: string;
  kind: string;
}

let model: ApiModel | undefined;
let kindsByKey: Map<string, KindInfo> | undefined;

/**
 * The generated Kubernetes API model, parsed on first use (one JSON file, a few milliseconds) so that
 * commands that never look at types do not pay for it.
 */
export function apiModel(): ApiModel {
  if (!model) model = createRequire(import.meta.url)("./generated/api-model.json") as ApiModel;
  return model;
}

function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/** Every kind in the model, built-in kinds first, in a stable order. */
export function allKinds(): readonly KindInfo[] {
  return apiModel().kinds;
}

export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  if (!kindsByKey) kindsByKey = new Map(allKinds().map((k) => [kindKey(k.apiVersion, k.kind), k]));
  return kindsByKey.get(kindKey(apiVersion, kind));
}

/** An object type by its definition name ("io.k8s.api.core.v1.Container"). */
export function typeInfo(typeName: string): ObjectTypeInfo | undefined {
  return Object.hasOwn(apiModel().types, typeName) ? apiModel().types[typeName] : undefined;
}

/** The object type a type reference names, or undefined for scalars, lists and maps. */
export function objectTypeOf(type: TypeRef | undefined): ObjectTypeInfo | undefined {
  return type?.kind === "ref" ? typeInfo(type.name) : undefined;
}

/** What a path inside an object leads to. */
export interface PathLookup {
  /** The value type at the path. */
  type: TypeRef;
  /** The field declaration when the path ends at a field of an object type (not a list item or map value). */
  field?: FieldInfo;
  /** The object type that declares that field. */
  owner?: ObjectTypeInfo;
}

/**
 * Follows a path through the types from a root type: strings are field names (or keys of a map),
 * numbers are list indexes. Undefined when the path leaves the model (an unknown field, an index into
 * a non-list); `any` values swallow the rest of the path.
 */
export function lookupPath(rootType: string, path: FieldPath): PathLookup | undefined {
  let current: PathLookup = { type: { kind: "ref", name: rootType } };
  for (const segment of path) {
    const t = current.type;
    if (t.kind === "any") return { type: t };
    if (t.kind === "list" && typeof segment === "number") current = { type: t.items };
    else if (t.kind === "map" && typeof segment === "string") current = { type: t.values };
    else if (t.kind === "ref" && typeof segment === "string") {
      const owner = typeInfo(t.name);
      const field = owner && Object.hasOwn(owner.fields, segment) ? owner.fields[segment] : undefined;
      if (!owner || !field) return owner?.open ? { type: { kind: "any" } } : undefined;
      current = { type: field.type, field, owner };
    } else return undefined;
  }
  return current;
}

/** The lookup from a kind's root type; undefined for a kind the model does not have. */
export function lookupKindPath(kind: KindRef, path: FieldPath): PathLookup | undefined {
  const info = kindInfo(kind.apiVersion, kind.kind);
  return info ? lookupPath(info.type, path) : undefined;
}

function mergeKeysOf(field: FieldInfo | undefined): readonly string[] | undefined {
  if (!field || field.type.kind !== "list") return undefined;
  if (field.listType === "map" && field.listMapKeys && field.listMapKeys.length > 0) return field.listMapKeys;
  return field.patchMergeKey ? [field.patchMergeKey] : undefined;
}

/**
 * The keys that identify the items of a list field, for diffing and merging lists item by item:
 * `x-kubernetes-list-map-keys` when the list is a map list (containers → ["name"], container ports →
 * ["containerPort", "protocol"], service ports → ["port", "protocol"]), else the strategic-merge-patch
 * key. Undefined for lists that are replaced as a whole (and for non-list fields).
 */
export function listMergeKeys(typeName: string, field: string): readonly string[] | undefined {
  const owner = typeInfo(typeName);
  return mergeKeysOf(owner && Object.hasOwn(owner.fields, field) ? owner.fields[field] : undefined);
}

/** `listMergeKeys` for the list at a path of a kind: mergeKeyAt(deployment, ["spec","template","spec","containers"]) → ["name"]. */
export function mergeKeyAt(kind: KindRef, path: FieldPath): readonly string[] | undefined {
  return mergeKeysOf(lookupKindPath(kind, path)?.field);
}

/** The field declarations of an object type, in document order. */
export function fieldNames(typeName: string): readonly string[] {
  const t = typeInfo(typeName);
  return t ? Object.keys(t.fields) : [];
}
