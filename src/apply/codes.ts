/** Stable codes of mkapply's diagnostics (MK91xx, docs/diagnostics.md). */
export const ApplyCode = {
  /** An object failed, timed out or was interrupted while mkapply waited for it. */
  NotConverged: "MK9101",
  /** Confirmation needed and standard input is not a terminal. */
  NoTerminal: "MK9102",
  /** The answer to "Do you want to perform these actions?" was not `yes`. */
  Cancelled: "MK9103",
  /** Something unexpected broke the apply (a bug or the environment), with its message. */
  Internal: "MK9104",
  /** The control plane could not be started (a controller missing from this build, no podman). */
  ControlPlane: "MK9105",
} as const;
