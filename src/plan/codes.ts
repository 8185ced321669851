/** Stable codes of the planner's and mkplan's diagnostics (MK8xxx, docs/diagnostics.md). */
export const PlanCode = {
  /** A --target names no object of the configuration or the store. */
  TargetNotFound: "MK8001",
  /** A --target that is not `Kind/name` or `Kind/namespace/name`. */
  TargetMalformed: "MK8002",
  /** A saved plan whose objects changed in the store since it was made. */
  StalePlan: "MK8003",
  /** A plan file that cannot be read: not a plan, damaged, or from an unknown format version. */
  PlanFileUnreadable: "MK8004",
  /** `--against REF`: not a git repository, or a revision git does not know. */
  GitRevision: "MK8005",
  /** Options that cannot go together (`--against` with `--out`, `-p` without an MKL project, ...). */
  ConflictingOptions: "MK8006",
  /** An object without metadata.name (only generateName): a plan cannot match it with a stored object. */
  ObjectWithoutName: "MK8007",
  /** The directory holds neither main.mkl nor any YAML/JSON manifest. */
  NoConfiguration: "MK8008",
  /** A plan that cannot be applied to a store (made with --against, or for another configuration). */
  PlanNotApplicable: "MK8009",
  /** Warning: the refresh against the runtime failed; the plan is made without drift. */
  RefreshFailed: "MK8010",
  /** `--out FILE` cannot be written (no such directory, no permission). */
  PlanFileUnwritable: "MK8011",
} as const;
