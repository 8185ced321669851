import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { suggestName } from "../../diag/suggest.js";

export type ImportKind = "mkl" | "data";

export interface ResolvedImport {
  ok: true;
  kind: ImportKind;
  /** Absolute, symlinks resolved: the module's identity. */
  path: string;
  stdlib: boolean;
}

export interface ImportProblem {
  ok: false;
  reason: "not-found" | "outside-root" | "unsupported";
  message: string;
  help?: string[];
}

export interface ImportContext {
  /** The project root: no import or file read may leave it. */
  root: string;
  stdlibRoot: string;
}

const dataExtensions = new Set([".yaml", ".yml", ".json"]);

/**
 * Resolves an import path written in `fromFile`:
 *   - `./x.mkl`, `../lib/y.mkl`, `./data.yaml|.yml|.json`: relative to the importing file, and
 *     confined to the project root (or to the stdlib folder, for stdlib modules), symlinks included;
 *   - `k8s/apps/v1` (no leading `.` or `/`): the stdlib module `<stdlib>/k8s/apps/v1.mkl`.
 */
export function resolveImport(spec: string, fromFile: string, fromStdlib: boolean, ctx: ImportContext): ResolvedImport | ImportProblem {
  const relativeSpec = spec.startsWith("./") || spec.startsWith("../") || isAbsolute(spec);
  if (!relativeSpec) return resolveStdlib(spec, ctx);

  // The root first: a path leaving the project is refused as such, whatever its extension.
  const confine = fromStdlib ? ctx.stdlibRoot : ctx.root;
  const target = resolve(dirname(fromFile), spec);
  if (!isInside(target, confine)) {
    return {
      ok: false,
      reason: "outside-root",
      message: `cannot import \`${spec}\`: it resolves to \`${target}\`, outside the project root \`${confine}\``,
      help: ["imports and file reads must stay inside the project; copy the file into the project, or compile with a wider --root"],
    };
  }
  const ext = extname(spec);
  const kind: ImportKind | undefined = ext === ".mkl" ? "mkl" : dataExtensions.has(ext) ? "data" : undefined;
  if (!kind) {
    return {
      ok: false,
      reason: "unsupported",
      message: `cannot import \`${spec}\`: only .mkl modules and .yaml, .yml or .json files can be imported`,
      help: ext === "" ? [`write the file name with its extension, e.g. \`${spec}.mkl\``] : undefined,
    };
  }
  if (!existsSync(target) || !statSync(target).isFile()) {
    const hint = siblingSuggestion(spec, target);
    return {
      ok: false,
      reason: "not-found",
      message: `cannot import \`${spec}\`: there is no file \`${displayInside(target, confine)}\``,
      help: hint ? [`did you mean \`${hint}\`?`] : undefined,
    };
  }
  const real = realpathSync(target);
  const realRoot = existsSync(confine) ? realpathSync(confine) : confine;
  if (!isInside(real, realRoot)) {
    return {
      ok: false,
      reason: "outside-root",
      message: `cannot import \`${spec}\`: it is a symbolic link to \`${real}\`, outside the project root \`${confine}\``,
      help: ["imports and file reads must stay inside the project, also through symbolic links"],
    };
  }
  return { ok: true, kind, path: real, stdlib: fromStdlib };
}

function resolveStdlib(spec: string, ctx: ImportContext): ResolvedImport | ImportProblem {
  const clean = spec.replace(/\.mkl$/, "");
  const target = resolve(ctx.stdlibRoot, `${clean}.mkl`);
  if (!isInside(target, ctx.stdlibRoot) || clean.split("/").includes("..")) {
    return { ok: false, reason: "outside-root", message: `cannot import \`${spec}\`: it is not a stdlib module path` };
  }
  if (!existsSync(target)) {
    const known = listStdlibModules(ctx.stdlibRoot);
    const hint = suggestName(clean, known);
    return {
      ok: false,
      reason: "not-found",
      message: `there is no stdlib module \`${clean}\``,
      help: hint
        ? [`did you mean \`${hint}\`?`]
        : [`project files are imported with a relative path: \`import "./${clean}.mkl" as ...\``, ...(known.length > 0 ? [`stdlib modules include ${known.slice(0, 6).map((k) => `\`${k}\``).join(", ")}`] : [])],
    };
  }
  return { ok: true, kind: "mkl", path: realpathSync(target), stdlib: true };
}

const stdlibListings = new Map<string, string[]>();

/** Every stdlib module path (`k8s/apps/v1` ...), for "did you mean"; read once per process. */
export function listStdlibModules(stdlibRoot: string): string[] {
  let list = stdlibListings.get(stdlibRoot);
  if (list) return list;
  list = [];
  const walk = (dir: string, prefix: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.name.endsWith(".mkl")) list?.push(`${prefix}${e.name.slice(0, -4)}`);
    }
  };
  walk(stdlibRoot, "");
  stdlibListings.set(stdlibRoot, list);
  return list;
}

export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function displayInside(target: string, root: string): string {
  return isInside(target, root) ? relative(root, target) || "." : target;
}

/** The import path with a close file name from the same folder (`./lib/web.mkl` for `./lib/wbe.mkl`). */
function siblingSuggestion(spec: string, target: string): string | undefined {
  const dir = dirname(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const hint = suggestName(basename(target), names);
  return hint ? `${spec.slice(0, spec.length - basename(spec).length)}${hint}` : undefined;
}
