import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../../src/store/open.js";
import { resolveStatePath } from "../../src/store/location.js";
import { configMap, tempDir } from "./harness.js";

const mode = (path: string) => statSync(path).mode & 0o777;

test("the default state lives in .mk/state.db: folder 0700, file and its WAL files 0600", async () => {
  const project = tempDir();
  const path = resolveStatePath(project);
  assert.equal(path, join(project, ".mk", "state.db"));
  const previous = process.umask(0o022);
  try {
    const store = openStore({ path });
    await store.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, data: { k: "dg==" } }, { managedBy: "mkapply" });
    assert.equal(mode(join(project, ".mk")), 0o700);
    assert.equal(mode(path), 0o600);
    assert.ok(existsSync(`${path}-wal`), "WAL mode keeps a -wal file while open");
    assert.equal(mode(`${path}-wal`), 0o600);
    assert.equal(mode(`${path}-shm`), 0o600);
    await store.close();
  } finally {
    process.umask(previous);
  }
});

test("--state chooses another file; an existing folder the user chose keeps its mode", async () => {
  const project = tempDir();
  const custom = join(project, "state", "prod.db");
  assert.equal(resolveStatePath(project, "state/prod.db"), custom);
  mkdirSync(join(project, "state"), { mode: 0o755 });
  chmodSync(join(project, "state"), 0o755);
  const store = openStore({ path: custom });
  await store.create(configMap("a"), { managedBy: "mkapply" });
  await store.close();
  assert.equal(mode(custom), 0o600);
  assert.equal(mode(join(project, "state")), 0o755);
});

test("an existing state file or .mk folder with loose permissions is tightened on open", async () => {
  const project = tempDir();
  const path = resolveStatePath(project);
  const store = openStore({ path });
  await store.close();
  chmodSync(join(project, ".mk"), 0o755);
  chmodSync(path, 0o644);
  const again = openStore({ path });
  await again.close();
  assert.equal(mode(join(project, ".mk")), 0o700);
  assert.equal(mode(path), 0o600);
});

test("a new folder for --state is created 0700", async () => {
  const project = tempDir();
  const path = join(project, "deep", "er", "s.db");
  const store = openStore({ path });
  await store.close();
  assert.equal(mode(join(project, "deep", "er")), 0o700);
});
