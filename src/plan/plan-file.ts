/**
 * Saved plans (`mkplan --out FILE`, `mkapply FILE`): the plan model as JSON, with the objects to
 * write and a fingerprint of every stored object the plan was computed against, so that an apply
 * does exactly what was reviewed or refuses a plan that went stale. Format: docs/plan-file.md.
 *
 * Like Terraform's plan files, a plan file holds the Secret data it will write (mkapply needs it),
 * so it is written owner-only (0600); what it shows (before, after, diff) is masked as everywhere.
 */
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { error, type Diagnostic } from "../diag/diagnostic.js";
import { isJsonObject, type JsonValue } from "../schema/json.js";
import { PlanCode } from "./codes.js";
import { fingerprintObject } from "./fingerprint.js";
import { PLAN_FORMAT_VERSION, type ObjectChange, type Plan } from "./model.js";

export const PLAN_FILE_FORMAT = "mk-plan";

const ACTIONS = new Set(["create", "update", "replace", "delete", "no-op"]);

/** The fingerprint a change expects of the stored object: null when it must not exist. */
export function expectedFingerprint(change: ObjectChange): string | null {
  if (change.fingerprint !== undefined) return change.fingerprint;
  return change.stored ? fingerprintObject(change.stored) : null;
}

export interface PlanFileMeta {
  /** The mk version that wrote it, for messages when another version reads it. */
  mkVersion: string;
}

/** The text of a plan file for `plan`: deterministic for the same plan. */
export function serializePlanFile(plan: Plan, meta: PlanFileMeta): string {
  const changes = plan.changes.map((change) => {
    const { stored: _stored, ...rest } = change;
    return { ...rest, fingerprint: expectedFingerprint(change) };
  });
  const file = { format: PLAN_FILE_FORMAT, format_version: PLAN_FORMAT_VERSION, mk_version: meta.mkVersion, plan: { ...plan, changes } };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type ParsedPlanFile = { ok: true; plan: Plan; mkVersion: string } | { ok: false; diagnostic: Diagnostic };

function unreadable(source: string, message: string, help?: string): ParsedPlanFile {
  return { ok: false, diagnostic: error(PlanCode.PlanFileUnreadable, `${source}: ${message}`, help ? { help: [help] } : {}) };
}

/** Reads a plan file's text; a file that is not a plan, is damaged, or has another format version is a diagnostic. */
export function parsePlanFile(text: string, source: string): ParsedPlanFile {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return unreadable(source, "not a plan file (it is not JSON)", "make one with `mkplan --out FILE`");
  }
  if (!isJsonObject(value) || value.format !== PLAN_FILE_FORMAT) return unreadable(source, "not an mk plan file", "make one with `mkplan --out FILE`");
  const version = value.format_version;
  const writer = typeof value.mk_version === "string" ? value.mk_version : "an unknown version";
  if (typeof version !== "number") return unreadable(source, "the plan file has no format version");
  if (version !== PLAN_FORMAT_VERSION) {
    return unreadable(
      source,
      `the plan file has format version ${version}, written by mk ${writer}; this mk reads version ${PLAN_FORMAT_VERSION}`,
      version > PLAN_FORMAT_VERSION ? "apply it with the mk version that made it, or plan again with this one" : "plan again with this version of mk",
    );
  }
  const plan = value.plan;
  const problem = planProblem(plan);
  if (problem) return unreadable(source, `the plan file is damaged: ${problem}`, "plan again with `mkplan --out FILE`");
  return { ok: true, plan: plan as unknown as Plan, mkVersion: writer };
}

/** The first structural problem of a plan read from a file, or undefined. */
function planProblem(plan: JsonValue | undefined): string | undefined {
  if (!isJsonObject(plan)) return "`plan` is missing";
  for (const field of ["configuration", "createdAt", "mode"]) if (typeof plan[field] !== "string") return `plan.${field} is missing`;
  if (!isJsonObject(plan.baseline) || !isJsonObject(plan.counts)) return "plan.baseline or plan.counts is missing";
  if (!Array.isArray(plan.changes) || !Array.isArray(plan.drift) || !Array.isArray(plan.targets)) return "plan.changes, plan.drift or plan.targets is missing";
  for (const [i, change] of plan.changes.entries()) {
    if (!isJsonObject(change) || typeof change.address !== "string" || !isJsonObject(change.ref) || !isJsonObject(change.diff)) return `change ${i} is malformed`;
    if (typeof change.action !== "string" || !ACTIONS.has(change.action)) return `change ${i} (${change.address}) has an unknown action`;
    if (change.fingerprint !== null && typeof change.fingerprint !== "string") return `change ${i} (${change.address}) has no fingerprint`;
    const writes = change.action === "create" || change.action === "update" || change.action === "replace";
    if (writes && !isJsonObject(change.write)) return `change ${i} (${change.address}) has no object to write`;
  }
  return undefined;
}

/**
 * Writes a plan file owner-only (0600, whatever the umask) and atomically: a reader never sees
 * half a plan, and an existing file is replaced only once the new one is complete.
 */
export function writePlanFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

export function readPlanFile(path: string): { ok: true; text: string } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, text: readFileSync(path, "utf8") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, diagnostic: error(PlanCode.PlanFileUnreadable, `cannot read the plan file ${path}: ${code === "ENOENT" ? "no such file" : (code ?? String(e))}`) };
  }
}
