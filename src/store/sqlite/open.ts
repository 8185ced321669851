import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { systemClock, type Clock } from "../clock.js";
import { StoreError } from "../errors.js";
import { isProcessAlive } from "../identity.js";
import { prepareStateFile } from "../location.js";
import type { Store } from "../store.js";
import { SqliteContext } from "./context.js";
import { checkReadable, migrate } from "./migrations.js";
import { SqliteStore } from "./sqlite-store.js";

export interface OpenSqliteStoreOptions {
  /** The database file (`.mk/state.db` by default, see resolveStatePath). */
  path: string;
  /** Create the file when it does not exist (default true); false fails with NotFound. */
  create?: boolean;
  clock?: Clock;
  /** How long a write waits for another process's write to finish (SQLite busy timeout). */
  busyTimeoutMs?: number;
  newUid?: () => string;
  /** This host's name and a liveness check, to tell a stale lock (tests inject fakes). */
  hostname?: string;
  isProcessAlive?: (pid: number) => boolean;
}

const DEFAULT_BUSY_TIMEOUT_MS = 15_000;

/**
 * Opens (creating if needed) a SQLite store: owner-only file modes, WAL so that readers never
 * block the writer and several processes can share the file, a busy timeout so that writers
 * queue instead of failing, and migrations up to this version's schema.
 */
export function openSqliteStore(options: OpenSqliteStoreOptions): Store {
  const location = options.path;
  prepareStateFile(location, options.create ?? true);
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let db: Database.Database;
  try {
    db = new Database(location, { timeout: busyTimeoutMs });
  } catch (e) {
    throw asOpenError(e, location);
  }
  try {
    checkReadable(db, location);
    db.pragma("journal_mode = WAL");
    // FULL: a commit is on disk when it returns; the store is the record of what was applied.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db, location);
  } catch (e) {
    db.close();
    throw asOpenError(e, location);
  }
  const ctx = new SqliteContext(db, location, options.clock ?? systemClock, options.newUid ?? randomUUID, options.hostname ?? hostname(), options.isProcessAlive ?? isProcessAlive);
  return new SqliteStore(ctx, busyTimeoutMs);
}

function asOpenError(e: unknown, location: string): unknown {
  if (e instanceof StoreError) return e;
  const code = (e as { code?: string }).code;
  if (code === "SQLITE_NOTADB") return new StoreError("NotAStore", `${location} is not an mk state file (not a SQLite database)`);
  return e;
}
