import { randomInt } from "node:crypto";
import { isJsonObject, type JsonObject, type JsonValue } from "../schema/json.js";
import { canonicalJson } from "./canonical-json.js";

/**
 * The apiserver's rules for what a write does to an object, as pure functions: which metadata the
 * store owns, when generation moves, what delete does with finalizers. The SQLite store (and a
 * PostgreSQL one later) only adds persistence and compare-and-swap around them.
 */

/** metav1.DeletionPropagation: what the garbage collector does with the object's dependents. */
export type DeletionPropagation = "Background" | "Foreground" | "Orphan";

/** The finalizers through which a delete records its propagation policy for the garbage collector. */
export const FOREGROUND_FINALIZER = "foregroundDeletion";
export const ORPHAN_FINALIZER = "orphan";

/** Who wrote an object: mkapply from the configuration, or a controller (owned objects). */
export type ManagedBy = "mkapply" | "controller";

/** metadata fields only the store sets; anything a caller puts there is replaced. */
const SYSTEM_METADATA = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

export function metadataOf(object: JsonObject): JsonObject {
  return isJsonObject(object.metadata) ? object.metadata : {};
}

export function finalizersOf(object: JsonObject): string[] {
  const f = metadataOf(object).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === "string") : [];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

export function ownerReferencesOf(object: JsonObject): OwnerReference[] {
  const refs = metadataOf(object).ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter(isJsonObject).map((r) => ({
    apiVersion: String(r.apiVersion ?? ""),
    kind: String(r.kind ?? ""),
    name: String(r.name ?? ""),
    uid: String(r.uid ?? ""),
    controller: r.controller === true,
    blockOwnerDeletion: r.blockOwnerDeletion === true,
  }));
}

/** The shape checks the apiserver does on every write before anything else (ObjectMeta validation). */
export function writeProblem(object: JsonObject): string | undefined {
  if (typeof object.apiVersion !== "string" || object.apiVersion === "") return "apiVersion must be a non-empty string";
  if (typeof object.kind !== "string" || object.kind === "") return "kind must be a non-empty string";
  if (!isJsonObject(object.metadata)) return "metadata must be a mapping";
  const m = object.metadata;
  if (m.namespace !== undefined && typeof m.namespace !== "string") return "metadata.namespace must be a string";
  for (const field of ["labels", "annotations"]) {
    const map = m[field];
    if (map === undefined) continue;
    if (!isJsonObject(map) || Object.values(map).some((v) => typeof v !== "string")) return `metadata.${field} must map strings to strings`;
  }
  if (m.finalizers !== undefined && (!Array.isArray(m.finalizers) || m.finalizers.some((f) => typeof f !== "string" || f === ""))) {
    return "metadata.finalizers must be a list of non-empty strings";
  }
  if (m.ownerReferences !== undefined) {
    if (!Array.isArray(m.ownerReferences)) return "metadata.ownerReferences must be a list";
    let controllers = 0;
    for (const [i, r] of m.ownerReferences.entries()) {
      if (!isJsonObject(r)) return `metadata.ownerReferences[${i}] must be a mapping`;
      for (const f of ["apiVersion", "kind", "name", "uid"]) {
        if (typeof r[f] !== "string" || r[f] === "") return `metadata.ownerReferences[${i}].${f} must be a non-empty string`;
      }
      if (r.controller === true) controllers++;
    }
    // metav1 validation: "Only one reference can have Controller set to true".
    if (controllers > 1) return `metadata.ownerReferences: only one reference can have controller set to true, found ${controllers}`;
  }
  return undefined;
}

/** Characters the apiserver uses for generateName suffixes (no vowels, no look-alikes). */
const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** metadata.generateName plus five random characters, the prefix cut so the name fits 63 characters. */
export function generateName(prefix: string, random: (n: number) => number = randomInt): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET[random(NAME_SUFFIX_ALPHABET.length)];
  return `${prefix.slice(0, 58)}${suffix}`;
}

/** The name a create will use, or a problem when there is neither a name nor a generateName. */
export function nameForCreate(object: JsonObject, random?: (n: number) => number): Checked<string> {
  const m = metadataOf(object);
  if (typeof m.name === "string" && m.name !== "") return { ok: true, value: m.name };
  if (typeof m.generateName === "string" && m.generateName !== "") return { ok: true, value: generateName(m.generateName, random) };
  return fail("metadata.name or metadata.generateName is required");
}

export interface SystemFields {
  uid: string;
  resourceVersion: string;
  generation: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
}

function systemFieldsOf(object: JsonObject): SystemFields {
  const m = metadataOf(object);
  const fields: SystemFields = {
    uid: String(m.uid ?? ""),
    resourceVersion: String(m.resourceVersion ?? ""),
    generation: typeof m.generation === "number" ? m.generation : 1,
    creationTimestamp: String(m.creationTimestamp ?? ""),
  };
  if (typeof m.deletionTimestamp === "string") fields.deletionTimestamp = m.deletionTimestamp;
  if (typeof m.deletionGracePeriodSeconds === "number") fields.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds;
  return fields;
}

/**
 * Puts an object together in a stable key order: apiVersion, kind, metadata (identity, then the
 * store's fields, then the caller's), the body, status last.
 */
function assemble(object: JsonObject, name: string, sys: SystemFields, status: JsonValue | undefined): JsonObject {
  const given = metadataOf(object);
  const metadata: JsonObject = { name };
  if (typeof given.generateName === "string") metadata.generateName = given.generateName;
  if (typeof given.namespace === "string" && given.namespace !== "") metadata.namespace = given.namespace;
  metadata.uid = sys.uid;
  metadata.resourceVersion = sys.resourceVersion;
  metadata.generation = sys.generation;
  metadata.creationTimestamp = sys.creationTimestamp;
  if (sys.deletionTimestamp !== undefined) metadata.deletionTimestamp = sys.deletionTimestamp;
  if (sys.deletionGracePeriodSeconds !== undefined) metadata.deletionGracePeriodSeconds = sys.deletionGracePeriodSeconds;
  for (const [k, v] of Object.entries(given)) {
    if (k in metadata || SYSTEM_METADATA.includes(k)) continue;
    if (k === "finalizers" && Array.isArray(v) && v.length === 0) continue;
    if (k === "ownerReferences" && Array.isArray(v) && v.length === 0) continue;
    metadata[k] = v;
  }
  const out: JsonObject = { apiVersion: object.apiVersion, kind: object.kind, metadata };
  for (const [k, v] of Object.entries(object)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata" || k === "status") continue;
    out[k] = v;
  }
  if (status !== undefined) out.status = status;
  return out;
}

/** Everything generation watches: the object without metadata and status (spec, data, template, ...). */
function bodyOf(object: JsonObject): string {
  const body: JsonObject = {};
  for (const [k, v] of Object.entries(object)) {
    if (k !== "apiVersion" && k !== "kind" && k !== "metadata" && k !== "status") body[k] = v;
  }
  return canonicalJson(body);
}

/** The object without its resourceVersion, to tell a real change from a no-op write. */
function contentOf(object: JsonObject): string {
  const { resourceVersion: _rv, ...metadata } = metadataOf(object);
  return canonicalJson({ ...object, metadata });
}

export interface CreateFields {
  uid: string;
  name: string;
  resourceVersion: string;
  timestamp: string;
}

/**
 * A new object: the store's metadata filled in, generation 1, status dropped (status is written
 * through the status subresource only, as the apiserver's PrepareForCreate resets it).
 */
export function prepareCreate(input: JsonObject, f: CreateFields): Checked<JsonObject> {
  const problem = writeProblem(input);
  if (problem) return fail(problem);
  const m = metadataOf(input);
  if (m.resourceVersion !== undefined && m.resourceVersion !== "" && m.resourceVersion !== null) {
    return fail("metadata.resourceVersion must not be set on an object to be created");
  }
  return { ok: true, value: assemble(input, f.name, { uid: f.uid, resourceVersion: f.resourceVersion, generation: 1, creationTimestamp: f.timestamp }, undefined) };
}

export interface WriteResult {
  object: JsonObject;
  /** Nothing changed: the store keeps the object and its resourceVersion as they were. */
  noop: boolean;
  /** The object was being deleted and its last finalizer is gone: the store removes it. */
  finalized: boolean;
}

/**
 * An update through the main resource: metadata and body from the caller, the store's fields
 * and status from the stored object. Generation moves when the body changes (not on metadata-only
 * or status updates). The caller has already compared resourceVersions.
 */
export function prepareUpdate(stored: JsonObject, input: JsonObject, resourceVersion: string): Checked<WriteResult> {
  const problem = writeProblem(input);
  if (problem) return fail(problem);
  const sys = systemFieldsOf(stored);
  const givenUid = metadataOf(input).uid;
  if (typeof givenUid === "string" && givenUid !== "" && givenUid !== sys.uid) {
    return fail(`metadata.uid ${givenUid} does not match the stored object's uid ${sys.uid}`);
  }
  if (sys.deletionTimestamp !== undefined) {
    const before = new Set(finalizersOf(stored));
    const added = finalizersOf(input).filter((f) => !before.has(f));
    if (added.length > 0) return fail(`no new finalizers can be added while the object is being deleted (${added.join(", ")})`);
  }
  const generation = bodyOf(input) === bodyOf(stored) ? sys.generation : sys.generation + 1;
  const object = assemble(input, String(metadataOf(stored).name), { ...sys, generation, resourceVersion }, stored.status);
  return finish(stored, object, sys);
}

/** An update through the status subresource: only status changes, generation never moves. */
export function prepareStatusUpdate(stored: JsonObject, input: JsonObject, resourceVersion: string): Checked<WriteResult> {
  const sys = systemFieldsOf(stored);
  if (input.status !== undefined && !isJsonObject(input.status)) return fail("status must be a mapping");
  const object = assemble(stored, String(metadataOf(stored).name), { ...sys, resourceVersion }, input.status);
  return finish(stored, object, sys);
}

function finish(stored: JsonObject, object: JsonObject, sys: SystemFields): Checked<WriteResult> {
  if (contentOf(object) === contentOf(stored)) return { ok: true, value: { object: stored, noop: true, finalized: false } };
  const finalized = sys.deletionTimestamp !== undefined && finalizersOf(object).length === 0;
  return { ok: true, value: { object, noop: false, finalized } };
}

/**
 * A delete request. Without finalizers the object goes at once (`finalized`); with finalizers it
 * stays with deletionTimestamp set until the last one is removed. An explicit propagation policy
 * is recorded as the apiserver does it, in the finalizers the garbage collector acts on:
 * Foreground adds `foregroundDeletion`, Orphan adds `orphan`, Background removes both.
 */
export function prepareDelete(
  stored: JsonObject,
  policy: DeletionPropagation | undefined,
  resourceVersion: string,
  timestamp: string,
  gracePeriodSeconds?: number,
): WriteResult {
  const sys = systemFieldsOf(stored);
  let finalizers = finalizersOf(stored);
  if (policy !== undefined) {
    finalizers = finalizers.filter((f) => f !== FOREGROUND_FINALIZER && f !== ORPHAN_FINALIZER);
    if (policy === "Foreground") finalizers.push(FOREGROUND_FINALIZER);
    if (policy === "Orphan") finalizers.push(ORPHAN_FINALIZER);
  }
  const metadata: JsonObject = { ...metadataOf(stored), finalizers };
  const withFinalizers = { ...stored, metadata };
  if (finalizers.length === 0) {
    const object = assemble(withFinalizers, String(metadata.name), { ...sys, resourceVersion }, stored.status);
    return { object, noop: false, finalized: true };
  }
  // The first delete sets deletionTimestamp and, as rest.BeforeDelete does, bumps generation;
  // a repeated delete only updates the policy finalizers.
  const deleting: SystemFields =
    sys.deletionTimestamp === undefined
      ? { ...sys, resourceVersion, generation: sys.generation + 1, deletionTimestamp: timestamp, deletionGracePeriodSeconds: deletionGracePeriod(stored, gracePeriodSeconds) }
      : { ...sys, resourceVersion };
  const object = assemble(withFinalizers, String(metadata.name), deleting, stored.status);
  if (contentOf(object) === contentOf(stored)) return { object: stored, noop: true, finalized: false };
  return { object, noop: false, finalized: false };
}

/**
 * metadata.deletionGracePeriodSeconds of a delete: the caller's grace period (`--grace-period`),
 * else for a Pod its spec.terminationGracePeriodSeconds (default 30), as the apiserver's pod
 * strategy does; other kinds have no grace (0).
 */
export function deletionGracePeriod(stored: JsonObject, requested?: number): number {
  if (requested !== undefined && Number.isFinite(requested) && requested >= 0) return Math.floor(requested);
  if (stored.kind !== "Pod" || stored.apiVersion !== "v1") return 0;
  const spec = isJsonObject(stored.spec) ? stored.spec : {};
  const grace = spec.terminationGracePeriodSeconds;
  return typeof grace === "number" && Number.isFinite(grace) && grace >= 0 ? Math.floor(grace) : 30;
}
