import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import type { ImportDecl, Module } from "../ast.js";
import { parseModule } from "../syntax/parse.js";
import type { ListValue } from "../values/value.js";
import { EvalCode } from "../eval/codes.js";
import { readDataFile } from "./data-module.js";
import { isInside, resolveImport, type ImportContext } from "./resolve-import.js";
import { parseStdlibModule } from "./stdlib-ast-cache.js";
import { defaultStdlibRoot } from "./stdlib-root.js";

/** A parsed MKL module and what its imports resolved to. */
export interface MklSource {
  kind: "mkl";
  /** Absolute path with symlinks resolved: the module's identity. */
  id: string;
  /** The name used in spans and diagnostics (`web/main.mkl`, `stdlib/k8s/apps/v1.mkl`). */
  file: string;
  ast: Module;
  stdlib: boolean;
  imports: ModuleImport[];
}

/** An imported YAML/JSON file: a list of its documents. */
export interface DataSource {
  kind: "data";
  id: string;
  file: string;
  value: ListValue;
}

export type SourceModule = MklSource | DataSource;

export interface ModuleImport {
  decl: ImportDecl;
  /** Undefined when the import failed (a diagnostic says why). */
  target: SourceModule | undefined;
}

export interface LoadedProgram {
  root: string;
  stdlibRoot: string;
  entry: MklSource | undefined;
  /** Every module once, dependencies before the modules that import them (the entry last). */
  modules: SourceModule[];
  diagnostics: Diagnostic[];
  /** Source text by display name, for rendering diagnostics. */
  sources: Map<string, string>;
}

export interface LoadOptions {
  /** The entry file, or a directory holding `main.mkl`. */
  entry: string;
  /** The project root (default: the entry file's directory); nothing outside it may be read. */
  root?: string;
  /** Default: the package's stdlib/ folder. */
  stdlibRoot?: string;
  /** File names in diagnostics are relative to this directory (default: the current directory). */
  displayBase?: string;
}

interface CachedStdlib {
  text: string;
  ast: Module;
  diagnostics: Diagnostic[];
}

/** Stdlib modules are parsed once per process: they are large and never change under us. */
const stdlibCache = new Map<string, CachedStdlib>();

/**
 * Loads the entry module and everything it imports, transitively: resolves each import (stdlib,
 * relative .mkl, YAML/JSON data), refuses paths outside the project root, reports import cycles
 * with the whole cycle, and parses each module exactly once.
 */
export function loadProgram(options: LoadOptions): LoadedProgram {
  const displayBase = resolve(options.displayBase ?? process.cwd());
  const stdlibRoot = resolve(options.stdlibRoot ?? defaultStdlibRoot());
  let entryPath = resolve(options.entry);
  if (existsSync(entryPath) && statSync(entryPath).isDirectory()) entryPath = join(entryPath, "main.mkl");
  const root = resolve(options.root ?? dirname(entryPath));
  const program: LoadedProgram = { root, stdlibRoot, entry: undefined, modules: [], diagnostics: [], sources: new Map() };

  const realStdlibRoot = existsSync(stdlibRoot) ? realpathSync(stdlibRoot) : stdlibRoot;
  const display = (path: string, stdlib: boolean): string => {
    if (stdlib && isInside(path, realStdlibRoot)) return `stdlib/${relative(realStdlibRoot, path).split("\\").join("/")}`;
    const rel = relative(displayBase, path);
    return rel.startsWith("..") ? path : rel.split("\\").join("/");
  };
  // The package's own stdlib keeps parsed syntax trees in node_modules/.cache (see stdlib-ast-cache).
  const astCacheDir = options.stdlibRoot === undefined ? join(dirname(defaultStdlibRoot()), "node_modules", ".cache", "mk", "stdlib-ast") : undefined;

  if (!existsSync(entryPath)) {
    program.diagnostics.push(
      error(EvalCode.fileUnreadable, `cannot read \`${display(entryPath, false)}\`: no such file`, {
        help: options.entry.endsWith(".mkl") ? undefined : ["give an .mkl file, or a directory that holds main.mkl"],
      }),
    );
    return program;
  }
  if (!isInside(entryPath, root)) {
    program.diagnostics.push(error(EvalCode.importOutsideRoot, `the entry file \`${entryPath}\` is outside the project root \`${root}\``));
    return program;
  }

  const ctx: ImportContext = { root: existsSync(root) ? realpathSync(root) : root, stdlibRoot: realStdlibRoot };
  const loaded = new Map<string, SourceModule>();
  const visiting: string[] = [];

  const loadMkl = (path: string, stdlib: boolean): MklSource | undefined => {
    const file = display(path, stdlib);
    let parsed: CachedStdlib | undefined = stdlib ? stdlibCache.get(path) : undefined;
    if (!parsed) {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (e) {
        program.diagnostics.push(error(EvalCode.fileUnreadable, `cannot read \`${file}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`));
        return undefined;
      }
      const { module, diagnostics } = stdlib ? parseStdlibModule(file, text, astCacheDir) : parseModule(file, text);
      parsed = { text, ast: module, diagnostics };
      if (stdlib) stdlibCache.set(path, parsed);
    }
    program.sources.set(file, parsed.text);
    program.diagnostics.push(...parsed.diagnostics);
    const source: MklSource = { kind: "mkl", id: path, file, ast: parsed.ast, stdlib, imports: [] };
    loaded.set(path, source);
    visiting.push(path);
    for (const decl of parsed.ast.imports) source.imports.push({ decl, target: loadImport(decl, source) });
    visiting.pop();
    program.modules.push(source);
    return source;
  };

  const loadImport = (decl: ImportDecl, from: MklSource): SourceModule | undefined => {
    const spec = decl.path.value;
    const resolved = resolveImport(spec, from.id, from.stdlib, ctx);
    if (!resolved.ok) {
      const code = resolved.reason === "outside-root" ? EvalCode.importOutsideRoot : resolved.reason === "not-found" ? EvalCode.importNotFound : EvalCode.importUnsupported;
      program.diagnostics.push(error(code, resolved.message, { span: decl.path.span, help: resolved.help }));
      return undefined;
    }
    const cycleStart = visiting.indexOf(resolved.path);
    if (cycleStart >= 0) {
      const cycle = [...visiting.slice(cycleStart), resolved.path].map((p) => display(p, loaded.get(p)?.kind === "mkl" && (loaded.get(p) as MklSource).stdlib));
      program.diagnostics.push(
        error(EvalCode.importCycle, `import cycle: ${cycle.join(" → ")}`, {
          span: decl.path.span,
          label: "this import closes the cycle",
          help: ["move what both modules need into a third module that both import"],
        }),
      );
      return undefined;
    }
    const existing = loaded.get(resolved.path);
    if (existing) return existing;
    if (resolved.kind === "mkl") return loadMkl(resolved.path, resolved.stdlib);
    return loadData(resolved.path, decl);
  };

  const loadData = (path: string, decl: ImportDecl): DataSource | undefined => {
    const file = display(path, false);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      program.diagnostics.push(error(EvalCode.fileUnreadable, `cannot read \`${file}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { span: decl.path.span }));
      return undefined;
    }
    program.sources.set(file, text);
    const data = readDataFile(file, text);
    if (data.diagnostics.length > 0) {
      for (const d of data.diagnostics) {
        program.diagnostics.push({
          ...d,
          code: EvalCode.importInvalidData,
          message: `cannot import \`${decl.path.value}\`: ${d.message}`,
          secondary: [...(d.secondary ?? []), { span: decl.path.span, message: "imported here" }],
          notes: [...(d.notes ?? []), `the file's own check reports this as ${d.code}`],
        });
      }
      return undefined;
    }
    const source: DataSource = { kind: "data", id: path, file, value: data.value };
    loaded.set(path, source);
    program.modules.push(source);
    return source;
  };

  program.entry = loadMkl(realpathSync(entryPath), false);
  return program;
}
