import type Database from "better-sqlite3";
import { StoreError } from "../errors.js";

/**
 * The store's schema, as an append-only list of migrations. The version a file is at lives in
 * SQLite's `PRAGMA user_version`; `PRAGMA application_id` marks the file as an mk store. A
 * migration, once released, is never edited: a change to the schema is a new entry at the end.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/** 'mkst' in ASCII: tells an mk state file from any other SQLite file. */
export const APPLICATION_ID = 0x6d6b7374;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "objects, change feed, events, apply history, locks",
    up(db) {
      db.exec(`
        -- One row: the store-wide resourceVersion counter (etcd's revision) and how far the
        -- change feed has been compacted.
        CREATE TABLE store_revision (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          current INTEGER NOT NULL,
          compacted INTEGER NOT NULL
        );
        INSERT INTO store_revision (id, current, compacted) VALUES (1, 0, 0);

        CREATE TABLE objects (
          uid TEXT PRIMARY KEY,
          api_group TEXT NOT NULL,
          kind TEXT NOT NULL,
          namespace TEXT NOT NULL,
          name TEXT NOT NULL,
          resource_version INTEGER NOT NULL,
          managed_by TEXT NOT NULL CHECK (managed_by IN ('mkapply', 'controller')),
          deletion_timestamp TEXT,
          object TEXT NOT NULL,
          UNIQUE (api_group, kind, namespace, name)
        );
        CREATE INDEX objects_namespace ON objects (namespace);
        CREATE INDEX objects_managed_by ON objects (managed_by);

        CREATE TABLE changes (
          resource_version INTEGER PRIMARY KEY,
          type TEXT NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
          api_group TEXT NOT NULL,
          kind TEXT NOT NULL,
          namespace TEXT NOT NULL,
          name TEXT NOT NULL,
          uid TEXT NOT NULL,
          object TEXT NOT NULL
        );
        CREATE INDEX changes_kind ON changes (api_group, kind, resource_version);

        CREATE TABLE events (
          uid TEXT PRIMARY KEY,
          namespace TEXT NOT NULL,
          name TEXT NOT NULL,
          resource_version INTEGER NOT NULL UNIQUE,
          involved_uid TEXT,
          dedup_key TEXT NOT NULL UNIQUE,
          last_timestamp TEXT NOT NULL,
          object TEXT NOT NULL,
          UNIQUE (namespace, name)
        );
        CREATE INDEX events_involved ON events (involved_uid);

        CREATE TABLE applies (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          user TEXT NOT NULL,
          host TEXT NOT NULL,
          pid INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          plan_digest TEXT NOT NULL,
          summary TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed')),
          message TEXT
        );

        CREATE TABLE locks (
          name TEXT PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          user TEXT NOT NULL,
          host TEXT NOT NULL,
          pid INTEGER NOT NULL,
          operation TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    description: "owner index: list dependents by owner uid without reading every object",
    up(db) {
      db.exec(`
        CREATE TABLE owner_references (
          object_uid TEXT NOT NULL REFERENCES objects (uid) ON DELETE CASCADE,
          owner_uid TEXT NOT NULL,
          controller INTEGER NOT NULL,
          PRIMARY KEY (object_uid, owner_uid)
        );
        CREATE INDEX owner_references_owner ON owner_references (owner_uid);

        -- Objects written by version 1 already carry their ownerReferences in the JSON.
        INSERT OR IGNORE INTO owner_references (object_uid, owner_uid, controller)
          SELECT o.uid, json_extract(r.value, '$.uid'), coalesce(json_extract(r.value, '$.controller'), 0) = 1
          FROM objects o, json_each(o.object, '$.metadata.ownerReferences') r
          WHERE json_extract(r.value, '$.uid') IS NOT NULL;
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The schema version of an open database (0: empty, never migrated). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Refuses files this version cannot read: another application's SQLite file, or a store written
 * by a newer mk (whose schema this one does not know, so any write could corrupt it).
 */
export function checkReadable(db: Database.Database, location: string): void {
  const appId = db.pragma("application_id", { simple: true }) as number;
  const version = schemaVersion(db);
  if (appId !== 0 && appId !== APPLICATION_ID) {
    throw new StoreError("NotAStore", `${location} is a SQLite database of another application, not an mk state file`);
  }
  if (appId === 0 && version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
    if (tables.n > 0) throw new StoreError("NotAStore", `${location} is a SQLite database but not an mk state file`);
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      "SchemaTooNew",
      `${location} was written by a newer version of mk (store schema version ${version}; this mk understands up to version ${LATEST_SCHEMA_VERSION}). ` +
        "Upgrade mk to use this state; this version will not read or write it.",
    );
  }
}

/**
 * Brings the file to `target` (default: the latest version), each migration in the same
 * immediate transaction as the version bump, so that a crash or a second process opening the
 * file at the same time never sees a half-migrated schema.
 */
export function migrate(db: Database.Database, location: string, target = LATEST_SCHEMA_VERSION): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from >= target) return { from, to: from };
  const run = db.transaction(() => {
    checkReadable(db, location);
    const current = schemaVersion(db);
    for (const m of MIGRATIONS) {
      if (m.version <= current || m.version > target) continue;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
  });
  run.immediate();
  return { from, to: schemaVersion(db) };
}
