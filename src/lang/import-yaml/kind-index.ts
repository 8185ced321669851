import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listStdlibModules } from "../modules/resolve-import.js";

/** Where the schema of a Kubernetes kind lives in the stdlib. */
export interface KindSchema {
  /** The import path: `k8s/apps/v1`. */
  module: string;
  /** The schema's name: `Deployment`. */
  schema: string;
}

const indexes = new Map<string, Map<string, KindSchema>>();

/**
 * Every `@kind("apps/v1", "Deployment")` schema of the stdlib, by `apiVersion|kind`. Read from
 * the module texts directly (an annotation line followed by the schema line, as the generator
 * writes them), which is much cheaper than parsing all of them.
 */
export function kindIndex(stdlibRoot: string): Map<string, KindSchema> {
  let index = indexes.get(stdlibRoot);
  if (index) return index;
  index = new Map();
  for (const module of listStdlibModules(stdlibRoot)) {
    let text: string;
    try {
      text = readFileSync(join(stdlibRoot, `${module}.mkl`), "utf8");
    } catch {
      continue;
    }
    const pattern = /@kind\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\)\s*(?:\/\/[^\n]*\n\s*)*schema\s+([A-Za-z_][A-Za-z0-9_]*)/g;
    for (const m of text.matchAll(pattern)) {
      const key = `${m[1]}|${m[2]}`;
      if (!index.has(key)) index.set(key, { module, schema: m[3] });
    }
  }
  indexes.set(stdlibRoot, index);
  return index;
}
