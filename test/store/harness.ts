// Shared set-up for the store tests: a real SQLite file in a fresh temp dir, a fake clock and
// predictable uids. (Not a test file itself; node's runner loads it and finds no tests.)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonObject } from "../../src/schema/json.js";
import type { Clock } from "../../src/store/clock.js";
import { openStore, type OpenStoreOptions } from "../../src/store/open.js";
import type { Store } from "../../src/store/store.js";

export interface FakeClock extends Clock {
  advance(seconds: number): void;
}

export function fakeClock(start = "2025-03-01T10:00:00Z"): FakeClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (seconds) => {
      t += seconds * 1000;
    },
  };
}

export function tempDir(prefix = "mk-store-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestStore {
  store: Store;
  clock: FakeClock;
  path: string;
  dir: string;
}

export function openTestStore(options: Partial<OpenStoreOptions> = {}): TestStore {
  const dir = tempDir();
  const path = options.path ?? join(dir, ".mk", "state.db");
  const clock = fakeClock();
  let n = 0;
  const store = openStore({ clock, newUid: () => `uid-${++n}`, ...options, path });
  return { store, clock, path, dir };
}

export function configMap(name: string, data: Record<string, string> = {}, metadata: JsonObject = {}): JsonObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", ...metadata }, data };
}

export function deployment(name: string, replicas = 1, metadata: JsonObject = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", ...metadata },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "web", image: "localhost/mk/web:1" }] } },
    },
  };
}

export function meta(object: JsonObject): JsonObject {
  return object.metadata as JsonObject;
}

/** Runs fn and returns what it threw (failing when it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}
