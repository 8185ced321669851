import { error, type Diagnostic } from "../../diag/diagnostic.js";
import { formatFieldPath, type SourceLocator, type Span } from "../../diag/span.js";
import type { ValidationIssue } from "../../schema/issue.js";
import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { validateSchema } from "../../schema/schema-validate.js";
import { withDefaults } from "../../schema/defaults/index.js";
import { validateSemantics } from "../../schema/semantic/index.js";
import { findDuplicateIdentities, identityKey } from "../../schema/semantic/duplicates.js";

/** An object to validate, with the means to point back at the source (a YAML node or an MKL expression). */
export interface LocatedObject {
  value: JsonObject;
  locator: SourceLocator;
  /** The whole object in its source, used when a problem has no better location. */
  span: Span;
}

export interface ObjectVerdict {
  object: LocatedObject;
  /** `Deployment/nginx`, or `Deployment/nginx (namespace kube-system)` outside the default namespace. */
  ref: string;
  diagnostics: Diagnostic[];
  valid: boolean;
}

/**
 * Runs the schema layer on each object the way the apiserver does — schema (strict fields), then
 * defaulting, then the semantic rules on the defaulted object — plus the one check that needs all
 * objects at once (the same kind/namespace/name twice), and turns every issue into a Diagnostic
 * located in the object's source.
 *
 * Each object's `value` is read once: a compiled object makes its plain JSON on each read, so the
 * JSON (and the defaulted view of it) lives only while its object is validated.
 */
export function validateLocatedObjects(objects: readonly LocatedObject[]): ObjectVerdict[] {
  const verdicts: ObjectVerdict[] = new Array(objects.length);
  const identities: (string | undefined)[] = new Array(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    const value = object.value;
    identities[i] = identityKey(value);
    verdicts[i] = validateOne(object, value);
  }
  for (const { index, firstIndex } of findDuplicateIdentities(identities)) {
    const verdict = verdicts[index];
    verdict.diagnostics.push(duplicateDiagnostic(verdict.ref, nameSpan(verdict.object), nameSpan(objects[firstIndex])));
    verdict.valid = false;
  }
  return verdicts;
}

/**
 * The same validation for objects that come one at a time and are dropped once checked (`mk
 * compile` validates each object as it is evaluated): the same checks and the same diagnostics in
 * the same order as `validateLocatedObjects`, keeping of each object only its identity and where
 * its name is written, for the duplicate check.
 */
export class ObjectStreamValidator {
  readonly diagnostics: Diagnostic[] = [];
  /** Where each identity (`identityKey`) seen so far is named first. */
  private readonly firstNames = new Map<string, Span>();

  add(object: LocatedObject): void {
    const value = object.value;
    const verdict = validateOne(object, value);
    for (const d of verdict.diagnostics) this.diagnostics.push(d);
    const key = identityKey(value);
    if (key === undefined) return;
    const first = this.firstNames.get(key);
    if (first === undefined) this.firstNames.set(key, nameSpan(object));
    else this.diagnostics.push(duplicateDiagnostic(verdict.ref, nameSpan(object), first));
  }
}

/** Where an object's name is written (the whole object when the name is not located). */
function nameSpan(object: LocatedObject): Span {
  return object.locator.locate(["metadata", "name"]) ?? object.span;
}

function duplicateDiagnostic(ref: string, span: Span, firstSpan: Span): Diagnostic {
  return error("MK6004", `${ref} is defined more than once`, {
    span,
    label: "second definition",
    object: ref,
    secondary: [{ span: firstSpan, message: "first defined here" }],
    help: ["objects of one kind need distinct names within a namespace; rename one of them or remove the copy"],
  });
}

function validateOne(object: LocatedObject, value: JsonObject): ObjectVerdict {
  const ref = objectRef(value);
  const issues: ValidationIssue[] = validateSchema(value);
  if (!issues.some((i) => i.severity === "error")) issues.push(...validateSemantics(withDefaults(value)));
  const diagnostics = issues.map((issue) => issueToDiagnostic(issue, object, ref));
  return { object, ref, diagnostics, valid: !diagnostics.some((d) => d.severity === "error") };
}

export function issueToDiagnostic(issue: ValidationIssue, object: LocatedObject, ref: string): Diagnostic {
  return {
    severity: issue.severity,
    code: issue.code,
    message: issue.message,
    span: object.locator.locate(issue.path) ?? object.span,
    label: issue.label,
    object: ref,
    field: issue.path.length > 0 ? formatFieldPath(issue.path) : undefined,
    notes: issue.notes,
    help: issue.help,
  };
}

export function objectRef(value: JsonObject): string {
  const kind = typeof value.kind === "string" && value.kind !== "" ? value.kind : "<no kind>";
  const metadata = isJsonObject(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === "string" && metadata.name !== "" ? metadata.name : typeof metadata.generateName === "string" ? `${metadata.generateName}*` : "<unnamed>";
  const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" && metadata.namespace !== "default" ? metadata.namespace : undefined;
  return namespace ? `${kind}/${name} (namespace ${namespace})` : `${kind}/${name}`;
}
