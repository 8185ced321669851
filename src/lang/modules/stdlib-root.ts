import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The package's `stdlib/` folder, found from this file's own location (so it works from the
 * sources, from dist/, and from an installed package): the nearest ancestor with package.json
 * and stdlib/ side by side.
 */
export function defaultStdlibRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "stdlib"))) return (cached = join(dir, "stdlib"));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // No stdlib folder at all: imports of stdlib modules then report "not found" with this path.
  cached = join(dirname(fileURLToPath(import.meta.url)), "../../../../stdlib");
  return cached;
}
