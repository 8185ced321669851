import type { Diagnostic, SpanLabel } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import type { EvalCodeValue } from "./codes.js";

/** What a runtime error says; the evaluator adds the call trace when it turns it into a Diagnostic. */
export interface RuntimeProblem {
  code: EvalCodeValue;
  message: string;
  span: Span | undefined;
  label?: string;
  notes?: string[];
  help?: string[];
  secondary?: SpanLabel[];
}

/**
 * Unwinds the evaluation of one `emit` (or one top-level value) when a runtime error happens deep
 * inside it. It never leaves the evaluator: the program driver catches it and reports its
 * Diagnostic, then goes on with the next emit, so one mistake does not hide the others.
 */
export class RuntimeError {
  /** undefined: the problem was already reported (a let that failed earlier is used again). */
  constructor(readonly diagnostic: Diagnostic | undefined) {}
}

/** Where the evaluator is: the calls in progress, innermost last. */
export interface CallFrame {
  name: string;
  span: Span;
}

/** The most call frames shown in a trace (innermost first), then "... and N more". */
const maxFrames = 6;

export function toDiagnostic(problem: RuntimeProblem, frames: readonly CallFrame[]): Diagnostic {
  const notes = [...(problem.notes ?? []), ...traceNotes(frames)];
  const d: Diagnostic = { severity: "error", code: problem.code, message: problem.message };
  if (problem.span) d.span = problem.span;
  if (problem.label) d.label = problem.label;
  if (problem.secondary && problem.secondary.length > 0) d.secondary = problem.secondary;
  if (notes.length > 0) d.notes = notes;
  if (problem.help && problem.help.length > 0) d.help = problem.help;
  return d;
}

/** The calls in progress, innermost first; a run of identical frames (recursion) is one line. */
function traceNotes(frames: readonly CallFrame[]): string[] {
  const runs: { frame: CallFrame; count: number }[] = [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    const last = runs[runs.length - 1];
    if (last && last.frame.name === f.name && last.frame.span.start.offset === f.span.start.offset && last.frame.span.file === f.span.file) last.count++;
    else runs.push({ frame: f, count: 1 });
  }
  const notes = runs.slice(0, maxFrames).map(({ frame, count }) => `in a call of \`${frame.name}\` at ${formatLocation(frame.span)}${count > 1 ? ` (${count} times)` : ""}`);
  if (runs.length > maxFrames) notes.push(`... and ${runs.length - maxFrames} more calls`);
  return notes;
}

/** `main.mkl:14:12`, how messages cite where a value came from. */
export function formatLocation(span: Span | undefined): string {
  return span ? `${span.file}:${span.start.line}:${span.start.col}` : "an unknown place";
}
