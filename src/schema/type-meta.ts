import { suggestName } from "../diag/suggest.js";
import type { KindIndexEntry } from "./api-model-types.js";
import { describeValue } from "./describe-type.js";
import { KIND_INDEX, OTHER_KINDS } from "./generated/kind-index.js";
import type { ValidationIssue } from "./issue.js";
import { isJsonObject, type JsonObject } from "./json.js";
import { removedApiVersion } from "./kinds.js";
import { SchemaCode } from "./schema-codes.js";

let byKey: Map<string, KindIndexEntry> | undefined;

function key(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/** The kind index entry for an apiVersion and kind mk models, or undefined. */
export function kindEntry(apiVersion: string, kind: string): KindIndexEntry | undefined {
  if (!byKey) byKey = new Map(KIND_INDEX.map((e) => [key(e.apiVersion, e.kind), e]));
  return byKey.get(key(apiVersion, kind));
}

function servedAs(kind: string): string[] {
  return KIND_INDEX.filter((e) => e.kind === kind).map((e) => e.apiVersion);
}

function orList(values: readonly string[]): string {
  return values.length <= 1 ? (values[0] ?? "") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

function error(code: string, path: (string | number)[], message: string, extra: Partial<ValidationIssue> = {}): ValidationIssue {
  return { severity: "error", code, path, message, ...extra };
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** A Pod is recognisable without its kind; other kinds are too alike to guess. */
function guessKind(object: JsonObject): string | undefined {
  const spec = object.spec;
  return isJsonObject(spec) && Array.isArray(spec.containers) ? "Pod" : undefined;
}

function checkPresent(object: JsonObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { apiVersion, kind } = object;
  const knownKind = typeof kind === "string" ? servedAs(kind)[0] : undefined;
  if (isAbsent(apiVersion)) {
    const guess = typeof kind === "string" ? undefined : guessKind(object);
    const use = knownKind ?? (guess ? servedAs(guess)[0] : undefined);
    issues.push(
      error(SchemaCode.MissingApiVersion, ["apiVersion"], "missing `apiVersion`", {
        label: "no apiVersion",
        help: [use ? `add \`apiVersion: ${use}\`` : "add the object's `apiVersion`, e.g. `apiVersion: apps/v1` for a Deployment"],
      }),
    );
  } else if (typeof apiVersion !== "string") {
    issues.push(error(SchemaCode.MissingApiVersion, ["apiVersion"], `\`apiVersion\` must be a string like "apps/v1", got ${describeValue(apiVersion)}`));
  }
  if (isAbsent(kind)) {
    const guess = guessKind(object);
    issues.push(
      error(SchemaCode.MissingKind, ["kind"], "missing `kind`", {
        label: "no kind",
        help: [guess ? `this looks like a ${guess} (it has \`spec.containers\`): add \`kind: ${guess}\`` : "add the object's `kind`, e.g. `kind: Deployment`"],
      }),
    );
  } else if (typeof kind !== "string") {
    issues.push(error(SchemaCode.MissingKind, ["kind"], `\`kind\` must be a string like "Deployment", got ${describeValue(kind)}`));
  }
  return issues;
}

function unknownKindOrVersion(apiVersion: string, kind: string): ValidationIssue {
  const removed = removedApiVersion(apiVersion, kind);
  if (removed) {
    return error(SchemaCode.RemovedApiVersion, ["apiVersion"], `no matches for kind \`${kind}\` in version \`${apiVersion}\`: Kubernetes ${removed.removedIn} removed it`, {
      label: `use \`${removed.use}\``,
      help: [`change the object to \`apiVersion: ${removed.use}\``],
      notes: removed.notes ? [...removed.notes] : undefined,
    });
  }
  const versions = servedAs(kind);
  if (versions.length > 0) {
    const suggestion = suggestName(apiVersion, versions) ?? (versions.length === 1 ? versions[0] : undefined);
    return error(SchemaCode.UnknownKind, ["apiVersion"], `no kind \`${kind}\` in version \`${apiVersion}\``, {
      label: suggestion ? `did you mean \`${suggestion}\`?` : `${kind} is not in ${apiVersion}`,
      help: [`${kind} is served as ${orList(versions)}`],
    });
  }
  if (OTHER_KINDS.includes(key(apiVersion, kind))) {
    return error(SchemaCode.UnknownKind, ["kind"], `mk does not support kind \`${kind}\` (${apiVersion})`, {
      label: "not supported by mk",
      notes: [`mk supports ${[...new Set(KIND_INDEX.map((e) => e.kind))].join(", ")}`],
    });
  }
  const suggestion = suggestName(kind, new Set(KIND_INDEX.map((e) => e.kind)));
  return error(SchemaCode.UnknownKind, ["kind"], `unknown kind \`${kind}\``, {
    label: suggestion ? `did you mean \`${suggestion}\`?` : "unknown kind",
    help: suggestion && !servedAs(suggestion).includes(apiVersion) ? [`${suggestion} is served as ${orList(servedAs(suggestion))}`] : undefined,
  });
}

/**
 * Reads an object's apiVersion and kind the way the apiserver's decoder does before anything else:
 * both must be there, and name a kind mk models. Removed versions (batch/v1beta1 CronJob) get the
 * version to use instead; typos get "did you mean".
 */
export function resolveKind(object: JsonObject): { entry: KindIndexEntry } | { issues: ValidationIssue[] } {
  const missing = checkPresent(object);
  if (missing.length > 0) return { issues: missing };
  const apiVersion = object.apiVersion as string;
  const kind = object.kind as string;
  const entry = kindEntry(apiVersion, kind);
  return entry ? { entry } : { issues: [unknownKindOrVersion(apiVersion, kind)] };
}
