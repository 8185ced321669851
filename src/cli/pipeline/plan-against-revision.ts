import { hasErrors, type Diagnostic } from "../../diag/diagnostic.js";
import type { TargetSelector } from "../../plan/address.js";
import type { Plan } from "../../plan/model.js";
import { computePlan } from "../../plan/planner.js";
import { snapshotAtRevision } from "./git-snapshot.js";
import { loadConfiguration } from "./load-configuration.js";

export interface PlanAgainstRevisionOptions {
  /** The project directory in the working tree. */
  dir: string;
  /** A git revision: branch, tag, commit, `origin/main`, `HEAD~1`. */
  ref: string;
  params: Readonly<Record<string, string>>;
  configuration: string;
  targets: readonly TargetSelector[];
  now: Date;
}

export interface RevisionPlan {
  /** Undefined when either side has errors. */
  plan?: Plan;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

/**
 * `mkplan --against REF`: the configuration at a git revision (the baseline, as if it were the
 * state) against the working tree, both compiled and validated, no store or runtime involved. Files
 * of the revision are named `REF:path` in diagnostics. A project that did not exist at the
 * revision has an empty baseline: everything is created.
 */
export function planAgainstRevision(options: PlanAgainstRevisionOptions): RevisionPlan {
  const snap = snapshotAtRevision(options.dir, options.ref);
  if (!snap.ok) return { diagnostics: [snap.diagnostic], sources: new Map() };
  const snapshot = snap.snapshot;
  try {
    const desired = loadConfiguration({ dir: options.dir, params: options.params });
    const base = snapshot.existed
      ? loadConfiguration({ dir: snapshot.dir, params: options.params, displayBase: snapshot.dir, label: (file) => `${options.ref}:${snapshot.prefix}${file}` })
      : { objects: [], diagnostics: [], sources: new Map<string, string>() };
    const diagnostics = [...base.diagnostics, ...desired.diagnostics];
    const sources = new Map([...base.sources, ...desired.sources]);
    if (hasErrors(diagnostics)) return { diagnostics, sources };
    const result = computePlan({
      configuration: options.configuration,
      desired: desired.objects,
      stored: base.objects.map((object) => ({ object, owned: true })),
      baseline: { kind: "git", ref: options.ref, commit: snapshot.commit },
      targets: options.targets,
      now: options.now,
    });
    return { plan: result.plan, diagnostics: [...diagnostics, ...result.diagnostics], sources };
  } finally {
    snapshot.remove();
  }
}
