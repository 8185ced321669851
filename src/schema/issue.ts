import type { FieldPath } from "../diag/span.js";

/**
 * A problem with one object, found by schema validation (MK4xxx) or by the apiserver's semantic
 * rules (MK5xxx). Validators only know paths; the caller turns paths into source spans with a
 * SourceLocator (YAML node or MKL expression) when it makes Diagnostics.
 */
export interface ValidationIssue {
  severity: "error" | "warning";
  code: string;
  /** Where in the object: ["spec", "template", "spec", "containers", 0, "image"]. */
  path: FieldPath;
  /** A full sentence for people, e.g. "unknown field `replcas`". */
  message: string;
  /** Short text printed under the caret, e.g. "did you mean `replicas`?". */
  label?: string;
  notes?: string[];
  help?: string[];
}
