import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../../diag/diagnostic.js";
import type { Module } from "../ast.js";
import { parseModule } from "../syntax/parse.js";

/** Bump when the cached form changes. */
const cacheFormat = "mkl-ast-1";

let fingerprint: string | undefined;

/**
 * What the parser is, for cache keys: the names, sizes and modification times of the compiled
 * syntax files, so that a changed parser never reads a syntax tree an older one wrote.
 */
function parserFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  // The tsc output has the parser in ../syntax; the bundle (dist/bin) has it in the chunks beside this code.
  const own = dirname(fileURLToPath(import.meta.url));
  const syntax = join(own, "../syntax");
  const dir = existsSync(syntax) ? syntax : own;
  const parts = [cacheFormat];
  try {
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(".js")) continue;
      const s = statSync(join(dir, name));
      parts.push(`${name}:${s.size}:${s.mtimeMs}`);
    }
  } catch {
    parts.push(String(Date.now())); // unknown parser: a key that never matches
  }
  return (fingerprint = parts.join("|"));
}

/**
 * Parses a stdlib module, through an on-disk cache of its syntax tree (`cacheDir`): the stdlib is
 * large (the Kubernetes API) and never changes between runs, and reading a tree back is an order of
 * magnitude faster than parsing. The key covers the text, the file name in spans and the parser
 * itself; any problem with the cache just means parsing. Modules with diagnostics are not cached.
 */
export function parseStdlibModule(file: string, text: string, cacheDir: string | undefined): { module: Module; diagnostics: Diagnostic[] } {
  if (cacheDir === undefined) return parseModule(file, text);
  const key = createHash("sha256").update(parserFingerprint()).update("\0").update(file).update("\0").update(text).digest("hex").slice(0, 32);
  const path = join(cacheDir, `${key}.json`);
  try {
    const module = JSON.parse(readFileSync(path, "utf8")) as Module;
    // JSON does not keep shared objects: the imports are the import declarations themselves.
    module.imports = module.declarations.filter((d) => d.kind === "Import") as Module["imports"];
    return { module, diagnostics: [] };
  } catch {
    // not cached yet, or unreadable: parse
  }
  const parsed = parseModule(file, text);
  if (parsed.diagnostics.length === 0) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(parsed.module));
      renameSync(tmp, path);
    } catch {
      // a read-only installation: no cache
    }
  }
  return parsed;
}
