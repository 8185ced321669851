import type * as A from "../ast.js";
import type { Type } from "../types/type.js";

/**
 * What the checker needs from the module loader: every module of the program, parsed, with its
 * imports resolved. The loader (src/lang/modules) owns finding, reading, parsing and confining
 * files; the checker only reads this.
 */
export interface CheckModule {
  /** A unique id: the stdlib name (`k8s/apps/v1`) or the file's path as the loader names it. */
  readonly id: string;
  readonly ast: A.Module;
  /**
   * Stdlib modules are trusted: their declarations are typed (lazily) but their bodies are not
   * re-checked and no diagnostic is reported in them.
   */
  readonly stdlib: boolean;
  /** What an import declaration of this module refers to; undefined when loading it failed (already reported). */
  resolveImport(decl: A.ImportDecl): ImportTarget | undefined;
}

export type ImportTarget =
  /** An MKL module (project or stdlib) of the same program. */
  | { readonly kind: "mkl"; readonly moduleId: string }
  /** A YAML/JSON file: a value (a list of objects), typed as `type` when the loader knows more than `[any]`. */
  | { readonly kind: "data"; readonly type?: Type };

export interface CheckProgram {
  /** Every loaded module by id (the entry module, its imports, transitively). */
  readonly modules: ReadonlyMap<string, CheckModule>;
}
