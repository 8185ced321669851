import { StoreError } from "./errors.js";
import { openSqliteStore, type OpenSqliteStoreOptions } from "./sqlite/open.js";
import type { Store } from "./store.js";

export type OpenStoreOptions = OpenSqliteStoreOptions;

/**
 * Opens the store named by `--state`: a file path is a SQLite store. A `postgres://` URL is
 * where a PostgreSQL backend will plug in (docs/store.md); it is refused plainly until then.
 */
export function openStore(options: OpenStoreOptions): Store {
  if (/^postgres(ql)?:\/\//i.test(options.path)) {
    throw new StoreError("Invalid", "PostgreSQL state is not available yet in this version of mk; use a state file path");
  }
  return openSqliteStore(options);
}
