import type Database from "better-sqlite3";
import type { Clock } from "../clock.js";

/**
 * What the SQLite operations share: the connection, a statement cache, and the injected
 * sources of time, identifiers and process liveness (fakes in tests).
 */
export class SqliteContext {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly db: Database.Database,
    readonly location: string,
    readonly clock: Clock,
    readonly newUid: () => string,
    readonly hostname: string,
    readonly isProcessAlive: (pid: number) => boolean,
  ) {}

  /** A prepared statement, compiled once per connection. */
  sql(text: string): Database.Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  /** Takes the next store-wide resourceVersion; call inside a write transaction. */
  nextRevision(): number {
    const row = this.sql("UPDATE store_revision SET current = current + 1 WHERE id = 1 RETURNING current").get() as { current: number };
    return row.current;
  }

  currentRevision(): number {
    return (this.sql("SELECT current FROM store_revision WHERE id = 1").get() as { current: number }).current;
  }

  compactedRevision(): number {
    return (this.sql("SELECT compacted FROM store_revision WHERE id = 1").get() as { compacted: number }).compacted;
  }
}
