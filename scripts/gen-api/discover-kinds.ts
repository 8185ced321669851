import { BUILTIN_KINDS, apiVersionOf, type GroupVersionKind } from "../../src/schema/kinds.js";
import type { OpenApiDocument, OperationObject } from "./openapi.js";

export interface DiscoveredKind extends GroupVersionKind {
  /** The definition that carries this kind in `x-kubernetes-group-version-kind`. */
  definition: string;
  namespaced: boolean;
  plural: string;
}

export interface KindDiscovery {
  /** Built-in kinds in scope that the document has, then CRD-like kinds, in document order. */
  kinds: DiscoveredKind[];
  /** Every other resource kind the document serves ("networking.k8s.io/v1 Ingress"): known to Kubernetes, not modelled by mk. */
  otherKinds: string[];
  warnings: string[];
}

interface Scope {
  namespaced: boolean;
  plural: string;
}

/** `/api/v1/pods`, `/apis/apps/v1/namespaces/{namespace}/deployments`: collection paths of a resource. */
const COLLECTION_PATH = /^\/apis?\/(?:[^/]+\/)?v[0-9][^/]*\/(namespaces\/\{namespace\}\/)?([a-z0-9][a-z0-9.-]*)$/;

function gvkKey(g: GroupVersionKind): string {
  return `${g.group}/${g.version}/${g.kind}`;
}

/**
 * Derives each resource's scope and plural name from the document's paths: the `post` or `list`
 * operation on its collection, which is under `/namespaces/{namespace}/` for namespaced kinds.
 */
function scopesFromPaths(doc: OpenApiDocument): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const m = COLLECTION_PATH.exec(path);
    if (!m) continue;
    for (const [method, op] of Object.entries(item)) {
      if (method === "parameters" || typeof op !== "object" || op === null) continue;
      const operation = op as OperationObject;
      const action = operation["x-kubernetes-action"];
      const gvk = operation["x-kubernetes-group-version-kind"];
      if (!gvk || (action !== "post" && action !== "list")) continue;
      const key = gvkKey(gvk);
      const previous = scopes.get(key);
      scopes.set(key, { namespaced: (previous?.namespaced ?? false) || m[1] !== undefined, plural: m[2] });
    }
  }
  return scopes;
}

function isListKind(doc: OpenApiDocument, definition: string, kind: string): boolean {
  return kind.endsWith("List") && doc.definitions[definition]?.properties?.items?.type === "array";
}

/**
 * Finds the kinds to generate through `x-kubernetes-group-version-kind`: the built-in kinds in scope
 * (BUILTIN_KINDS) and every kind of a definition outside `io.k8s.*` (a cluster's CRDs and aggregated
 * APIs), except list kinds.
 */
export function discoverKinds(doc: OpenApiDocument): KindDiscovery {
  const scopes = scopesFromPaths(doc);
  const wanted = new Set(BUILTIN_KINDS.map(gvkKey));
  const kinds: DiscoveredKind[] = [];
  const others: string[] = [];
  const warnings: string[] = [];
  const found = new Set<string>();

  for (const [definition, schema] of Object.entries(doc.definitions)) {
    const gvks = schema["x-kubernetes-group-version-kind"] ?? [];
    // Definitions shared by many kinds (DeleteOptions, WatchEvent) are not objects of their own.
    if (gvks.length !== 1) continue;
    const gvk = gvks[0];
    const key = gvkKey(gvk);
    const crdLike = !definition.startsWith("io.k8s.") && !isListKind(doc, definition, gvk.kind);
    if (!wanted.has(key) && !crdLike) {
      if (scopes.has(key) && !isListKind(doc, definition, gvk.kind)) others.push(`${apiVersionOf(gvk.group, gvk.version)} ${gvk.kind}`);
      continue;
    }
    if (found.has(key)) continue;
    found.add(key);
    let scope = scopes.get(key);
    if (!scope) {
      scope = { namespaced: true, plural: `${gvk.kind.toLowerCase()}s` };
      warnings.push(`no collection path for ${apiVersionOf(gvk.group, gvk.version)} ${gvk.kind}: assuming namespaced, plural "${scope.plural}"`);
    }
    kinds.push({ group: gvk.group, version: gvk.version, kind: gvk.kind, definition, ...scope });
  }
  for (const b of BUILTIN_KINDS) {
    if (!found.has(gvkKey(b))) warnings.push(`the document has no ${apiVersionOf(b.group, b.version)} ${b.kind}`);
  }
  const order = (k: DiscoveredKind) => {
    const i = BUILTIN_KINDS.findIndex((b) => gvkKey(b) === gvkKey(k));
    return i < 0 ? BUILTIN_KINDS.length : i;
  };
  kinds.sort((a, b) => order(a) - order(b));
  return { kinds, otherKinds: [...new Set(others)].sort(), warnings };
}
