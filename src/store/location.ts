import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { StoreError } from "./errors.js";

/** The project's state folder and the store file in it. */
export const STATE_DIRECTORY = ".mk";
export const STATE_FILE = "state.db";

/** `<project>/.mk/state.db`, unless `--state PATH` chose another file. */
export function resolveStatePath(projectDir: string, explicit?: string): string {
  return explicit !== undefined && explicit !== "" ? resolve(projectDir, explicit) : join(resolve(projectDir), STATE_DIRECTORY, STATE_FILE);
}

const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Makes sure the store file exists with owner-only permissions before SQLite opens it: the file
 * holds Secret data as given. A folder mk creates is 0700, and so is an existing `.mk` folder
 * (it is mk's); a folder the user chose is left as it is. SQLite gives its -wal and -shm files
 * the database file's permissions.
 */
export function prepareStateFile(path: string, create: boolean): { created: boolean } {
  const dir = dirname(path);
  if (!existsSync(path)) {
    if (!create) throw new StoreError("NotFound", `no state at ${path}: nothing has been applied here yet (or choose another file with --state)`);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: DIRECTORY_MODE });
      chmodSync(dir, DIRECTORY_MODE);
    }
    try {
      closeSync(openSync(path, "wx", FILE_MODE));
      chmodSync(path, FILE_MODE);
      tightenStateDirectory(dir);
      return { created: true };
    } catch (e) {
      // Another process created it between the check and the open: use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, FILE_MODE);
  tightenStateDirectory(dir);
  return { created: false };
}

function tightenStateDirectory(dir: string): void {
  if (basename(dir) === STATE_DIRECTORY && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, DIRECTORY_MODE);
}
