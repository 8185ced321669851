import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, from dist/test/schema-model/. */
export const repoRoot = new URL("../../../", import.meta.url);

/**
 * Compares `actual` with test/golden/<relPath>; with MK_UPDATE_GOLDEN=1 rewrites the file instead
 * (`npm run golden:update`), so that changes show up as reviewed diffs.
 */
export function assertGolden(relPath: string, actual: string): void {
  const file = fileURLToPath(new URL(`test/golden/${relPath}`, repoRoot));
  if (process.env.MK_UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `missing golden file test/golden/${relPath}: run \`npm run golden:update\``);
  assert.equal(actual, readFileSync(file, "utf8"), `test/golden/${relPath} differs: review the change and run \`npm run golden:update\``);
}
