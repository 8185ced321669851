import { existsSync, readFileSync } from "node:fs";
import { join, normalize } from "node:path";
import type { Diagnostic } from "../../src/diag/diagnostic.js";
import { renderDiagnostics } from "../../src/diag/render.js";
import type { ImportDecl, Module } from "../../src/lang/ast.js";
import { parseModule } from "../../src/lang/syntax/parse.js";
import { checkProgram } from "../../src/lang/check/check-program.js";
import type { CheckModule, ImportTarget } from "../../src/lang/check/program.js";

const repoRoot = new URL("../../../", import.meta.url).pathname;
const stdlibAsts = new Map<string, Module>();

function stdlibModule(spec: string): Module | undefined {
  let ast = stdlibAsts.get(spec);
  if (!ast) {
    const file = `stdlib/${spec}.mkl`;
    if (!/^[a-z0-9./]+$/.test(spec) || !existsSync(join(repoRoot, file))) return undefined;
    ast = parseModule(file, readFileSync(join(repoRoot, file), "utf8")).module;
    stdlibAsts.set(spec, ast);
  }
  return ast;
}

export interface CheckedSources {
  diagnostics: Diagnostic[];
  /** Syntax diagnostics (tests expect none unless they say so). */
  syntax: Diagnostic[];
  rendered: string;
  codes: string[];
}

/**
 * Parses and checks in-memory files (`main.mkl` is the entry; `./x.mkl` imports other given files,
 * `k8s/...` the repository's stdlib, `./x.yaml` a data file), without the module loader.
 */
export function checkSources(files: Record<string, string>, entry = "main.mkl"): CheckedSources {
  const modules = new Map<string, CheckModule>();
  const syntax: Diagnostic[] = [];
  const load = (id: string, stdlib: boolean): string | undefined => {
    if (modules.has(id)) return id;
    let ast: Module;
    if (stdlib) {
      const found = stdlibModule(id);
      if (!found) return undefined;
      ast = found;
    } else {
      const text = files[id];
      if (text === undefined) return undefined;
      const parsed = parseModule(id, text);
      syntax.push(...parsed.diagnostics);
      ast = parsed.module;
    }
    const targets = new Map<ImportDecl, ImportTarget | undefined>();
    modules.set(id, { id, ast, stdlib, resolveImport: (d) => targets.get(d) });
    for (const decl of ast.imports) {
      const spec = decl.path.value;
      if (spec.endsWith(".yaml") || spec.endsWith(".json")) {
        targets.set(decl, files[normalize(spec)] !== undefined ? { kind: "data" } : undefined);
        continue;
      }
      const relative = spec.startsWith("./") || spec.startsWith("../");
      const target = relative ? load(normalize(spec), false) : load(spec, true);
      targets.set(decl, target === undefined ? undefined : { kind: "mkl", moduleId: target });
    }
    return id;
  };
  load(entry, false);
  const { diagnostics } = checkProgram({ modules });
  const rendered = renderDiagnostics(diagnostics, (f) => files[f]);
  return { diagnostics, syntax, rendered, codes: diagnostics.map((d) => d.code) };
}
