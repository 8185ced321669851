import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isStoreError } from "../../src/store/errors.js";
import { openStore } from "../../src/store/open.js";
import { LATEST_SCHEMA_VERSION } from "../../src/store/sqlite/migrations.js";
import { fakeClock, meta, tempDir, thrown } from "./harness.js";

// The fixture is SQL text (reviewable in diffs) of a file written at schema version 1. It is
// read from the source tree: dist/test/store → test/store/fixtures.
const V1_SQL = readFileSync(new URL("../../../test/store/fixtures/store-v1.sql", import.meta.url), "utf8");

function fileFromSql(sql: string): string {
  const path = join(tempDir(), "state.db");
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

function userVersion(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma("user_version", { simple: true }) as number;
  } finally {
    db.close();
  }
}

test("a version-1 file is migrated on open and its data is usable, including the new owner index", async () => {
  const path = fileFromSql(V1_SQL);
  assert.equal(userVersion(path), 1);
  const store = openStore({ path, clock: fakeClock() });
  assert.equal(userVersion(path), LATEST_SCHEMA_VERSION);
  assert.ok(LATEST_SCHEMA_VERSION >= 2);

  const pods = await store.list({ kind: "Pod", namespace: "default" });
  assert.deepEqual(pods.items.map((p) => meta(p).name), ["web-5d8f-bcdfg", "web-5d8f-hjklm"]);
  // Migration 2 backfilled the owner index from the ownerReferences stored in version 1.
  assert.deepEqual((await store.list({ ownerUid: "rs-uid" })).items.map((p) => meta(p).name), ["web-5d8f-bcdfg", "web-5d8f-hjklm"]);
  assert.deepEqual((await store.list({ ownerUid: "rs-uid", controllerOnly: true })).items.map((p) => meta(p).name), ["web-5d8f-bcdfg"]);

  // The counter, the history and the feed carry on from where version 1 left them.
  assert.equal(await store.currentResourceVersion(), "3");
  const rs = await store.get({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace: "default", name: "web-5d8f" });
  const updated = await store.update({ ...rs!, metadata: { ...meta(rs!), labels: { app: "web", rev: "2" } } });
  assert.equal(meta(updated).resourceVersion, "4");
  assert.equal((await store.changes({ sinceResourceVersion: "0" })).changes.length, 4);
  const [apply] = await store.listApplies();
  assert.deepEqual([apply.id, apply.user, apply.outcome, apply.summary.create], [1, "alice", "succeeded", 1]);
  await store.close();

  // Opening again does not migrate again.
  const again = openStore({ path });
  assert.equal((await again.list({ ownerUid: "rs-uid" })).items.length, 2);
  await again.close();
});

test("a file written by a newer mk is refused with both versions, and left untouched", async () => {
  const dir = tempDir();
  const path = join(dir, "state.db");
  const store = openStore({ path });
  await store.close();
  const db = new Database(path);
  db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const before = readFileSync(path);
  const e = await thrown(async () => openStore({ path }));
  assert.ok(isStoreError(e, "SchemaTooNew"));
  assert.equal(
    (e as Error).message,
    `${path} was written by a newer version of mk (store schema version ${LATEST_SCHEMA_VERSION + 3}; this mk understands up to version ${LATEST_SCHEMA_VERSION}). Upgrade mk to use this state; this version will not read or write it.`,
  );
  assert.ok(readFileSync(path).equals(before));
  assert.equal(userVersion(path), LATEST_SCHEMA_VERSION + 3);
});

test("files that are not mk state are refused, not migrated", async () => {
  const foreign = join(tempDir(), "other.db");
  const db = new Database(foreign);
  db.exec("CREATE TABLE notes (text TEXT)");
  db.close();
  const e1 = await thrown(async () => openStore({ path: foreign }));
  assert.ok(isStoreError(e1, "NotAStore"));
  assert.match((e1 as Error).message, /is a SQLite database but not an mk state file/);

  const text = join(tempDir(), "state.db");
  writeFileSync(text, "this is not a database, it is a text file that is long enough to have a header\n".repeat(10));
  const size = statSync(text).size;
  const e2 = await thrown(async () => openStore({ path: text }));
  assert.ok(isStoreError(e2, "NotAStore"), String(e2));
  assert.equal(statSync(text).size, size);
});

test("opening with create: false fails plainly when there is no state yet", async () => {
  const path = join(tempDir(), ".mk", "state.db");
  const e = await thrown(async () => openStore({ path, create: false }));
  assert.ok(isStoreError(e, "NotFound"));
  assert.match((e as Error).message, /no state at .*state\.db/);
});
