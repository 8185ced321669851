import type * as A from "../ast.js";
import type { LoadedProgram, SourceModule } from "../modules/loader.js";
import type { CheckModule, CheckProgram, ImportTarget } from "./program.js";

/** The checker's view of what the module loader loaded. */
export function checkProgramInput(loaded: LoadedProgram): CheckProgram {
  const modules = new Map<string, CheckModule>();
  for (const source of loaded.modules) {
    if (source.kind !== "mkl") continue;
    const targets = new Map<A.ImportDecl, ImportTarget | undefined>();
    for (const i of source.imports) targets.set(i.decl, importTarget(i.target));
    modules.set(source.id, { id: source.id, ast: source.ast, stdlib: source.stdlib, resolveImport: (decl) => targets.get(decl) });
  }
  return { modules };
}

function importTarget(target: SourceModule | undefined): ImportTarget | undefined {
  if (!target) return undefined;
  return target.kind === "mkl" ? { kind: "mkl", moduleId: target.id } : { kind: "data" };
}
