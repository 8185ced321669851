import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diag/diagnostic.js";
import { compileProjectEach } from "../../lang/compile.js";
import { ObjectStreamValidator } from "./validate-objects.js";

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
  /** How many objects the program emitted (0 when it stopped before evaluation). */
  objects: number;
}

/**
 * What `mk check` does: the whole compile (load and parse, type check, evaluate with the given
 * params) and the validation of every emitted object against the Kubernetes schemas and the
 * apiserver's rules, without printing the objects. Problems come back sorted by position. Each
 * object is validated as it is evaluated and then dropped (see `compileProjectEach`).
 */
export function checkProject(options: CheckProjectOptions): CheckProjectResult {
  const validator = new ObjectStreamValidator();
  const compiled = compileProjectEach(options, (object) => validator.add(object));
  const diagnostics = [...compiled.diagnostics];
  // Objects are validated only when the program evaluated without errors.
  if (!hasErrors(diagnostics)) diagnostics.push(...validator.diagnostics);
  return { diagnostics: sortDiagnostics(diagnostics), sources: compiled.sources, objects: compiled.objectCount };
}
