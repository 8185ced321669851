import type { Span } from "./span.js";

export type Severity = "error" | "warning";

/** A secondary span with its own short message (rustc's `-` labels). */
export interface SpanLabel {
  span: Span;
  message: string;
}

/**
 * A problem found anywhere in the pipeline. Errors in the compiler and the validators are
 * values of this type, never exceptions. Codes are stable and documented in docs/diagnostics.md:
 *   MK1xxx syntax, MK2xxx types and names, MK3xxx evaluation, MK4xxx schema (OpenAPI),
 *   MK5xxx semantic (apiserver) rules, MK6xxx input documents (YAML/JSON, files).
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  /** Where the problem is. Absent only when there is no source at all (e.g. a missing file). */
  span?: Span;
  /** The text under the primary caret (e.g. `did you mean \`replicas\`?`). */
  label?: string;
  /** The object the problem is in, as `Kind/name` (with ` (namespace ns)` outside the default namespace). */
  object?: string;
  /** The field path inside the object, kubectl style (`spec.template.spec.containers[0].image`). */
  field?: string;
  secondary?: SpanLabel[];
  notes?: string[];
  help?: string[];
}

export function error(code: string, message: string, extra: Omit<Diagnostic, "severity" | "code" | "message"> = {}): Diagnostic {
  return { severity: "error", code, message, ...extra };
}

export function warning(code: string, message: string, extra: Omit<Diagnostic, "severity" | "code" | "message"> = {}): Diagnostic {
  return { severity: "warning", code, message, ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stable order for output: by file, then position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const oa = a.span?.start.offset ?? -1;
    const ob = b.span?.start.offset ?? -1;
    if (oa !== ob) return oa - ob;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
