import type * as A from "../ast.js";
import { sortDiagnostics, type Diagnostic } from "../../diag/diagnostic.js";
import { Checker } from "./checker.js";
import { checkModuleDeclarations } from "./declarations.js";
import { ModuleEnv } from "./module-env.js";
import type { CheckProgram } from "./program.js";

export type { CheckModule, CheckProgram, ImportTarget } from "./program.js";

export interface CheckResult {
  /** Every problem found in the project's modules (never in the stdlib), sorted by position. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Stdlib module environments, kept for the whole process: their schemas are built lazily and
 * their field types resolved at most once, whichever program touches them first.
 */
const stdlibEnvs = new WeakMap<A.Module, ModuleEnv>();

/**
 * Type-checks a program: every project module of `program.modules` (stdlib modules are only
 * read for their declarations). Pure: problems are returned, nothing is thrown or printed.
 */
export function checkProgram(program: CheckProgram): CheckResult {
  const envs = new Map<string, ModuleEnv>();
  const lookup = (id: string): ModuleEnv | undefined => {
    const known = envs.get(id);
    if (known) return known;
    const module = program.modules.get(id);
    if (!module) return undefined;
    let env = module.stdlib ? stdlibEnvs.get(module.ast) : undefined;
    if (!env) {
      env = new ModuleEnv(module, lookup);
      if (module.stdlib) stdlibEnvs.set(module.ast, env);
    }
    envs.set(id, env);
    return env;
  };
  const checker = new Checker();
  const diagnostics: Diagnostic[] = [];
  for (const module of program.modules.values()) {
    if (module.stdlib) continue;
    const env = lookup(module.id);
    if (!env) continue;
    checkModuleDeclarations(checker, env);
  }
  for (const env of envs.values()) if (!env.stdlib) diagnostics.push(...env.diagnostics);
  return { diagnostics: sortDiagnostics(diagnostics) };
}
