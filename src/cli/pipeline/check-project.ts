import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diag/diagnostic.js";
import { compileProject } from "../../lang/compile.js";
import { validateLocatedObjects } from "./validate-objects.js";

export interface CheckProjectOptions {
  /** The entry file, or a directory holding `main.mkl`. */
  entry: string;
  root?: string;
  params?: Readonly<Record<string, string>>;
  displayBase?: string;
  stdlibRoot?: string;
}

export interface CheckProjectResult {
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  /** How many objects the program emits (0 when it stopped before evaluation). */
  objects: number;
}

/**
 * What `mk check` does: the whole compile (load and parse, type check, evaluate with the given
 * params) and the validation of every emitted object against the Kubernetes schemas and the
 * apiserver's rules, without printing the objects. Problems come back sorted by position.
 */
export function checkProject(options: CheckProjectOptions): CheckProjectResult {
  const compiled = compileProject(options);
  const diagnostics = [...compiled.diagnostics];
  if (!hasErrors(diagnostics)) {
    for (const verdict of validateLocatedObjects(compiled.objects)) diagnostics.push(...verdict.diagnostics);
  }
  return { diagnostics: sortDiagnostics(diagnostics), sources: compiled.sources, objects: compiled.objects.length };
}
