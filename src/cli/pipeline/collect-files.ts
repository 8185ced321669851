import { readdirSync, statSync } from "node:fs";
import { join, relative, isAbsolute } from "node:path";

const manifestExtensions = /\.(ya?ml|json)$/i;
const skippedDirectories = new Set(["node_modules", ".git", ".mk", "dist"]);

export interface CollectedFiles {
  /** Files in a stable order: the order of the arguments, each directory's files sorted by path. */
  files: string[];
  /** Arguments that do not exist or cannot be read. */
  missing: string[];
}

/**
 * Expands the paths given on the command line: a file stands for itself, a directory for every
 * YAML/JSON file under it (recursively, hidden folders and build output skipped), `-` for standard input.
 */
export function collectManifestFiles(paths: readonly string[]): CollectedFiles {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const path of paths) {
    if (path === "-") {
      add(path);
      continue;
    }
    let stats;
    try {
      stats = statSync(path);
    } catch {
      missing.push(path);
      continue;
    }
    if (stats.isDirectory()) for (const file of walk(path)) add(file);
    else add(path);
  }
  return { files, missing };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || skippedDirectories.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && manifestExtensions.test(entry.name)) out.push(full);
  }
  return out;
}

/** A path as shown to people: relative to the working directory when it is inside it. */
export function displayPath(path: string, cwd = process.cwd()): string {
  if (path === "-") return "<stdin>";
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
