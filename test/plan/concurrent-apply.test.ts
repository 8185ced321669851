import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { createInterface } from "node:readline";
import { applyPlanToStore } from "../../src/plan/apply-to-store.js";
import { serializePlanFile } from "../../src/plan/plan-file.js";
import { applyConfiguration, configMap, deployment, freshStore, planStore } from "./harness.js";

const worker = new URL("./apply-worker.js", import.meta.url).pathname;

test("two concurrent applies: the second gets the lock error naming the first, and nothing of it is written", async () => {
  const { store, path } = freshStore();
  await applyConfiguration(store, [deployment("web")]);
  const first = await planStore(store, [deployment("web", { replicas: 5 })]);
  const planFile = join(dirname(path), "first.plan");
  writeFileSync(planFile, serializePlanFile(first, { mkVersion: "test" }));

  const child = spawn(process.execPath, [worker, path, planFile], { env: { ...process.env, MK_PLAN_TEST_WORKER: "1" }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  let onLine: ((line: string) => void) | undefined;
  lines.on("line", (line) => {
    output.push(line);
    onLine?.(line);
  });
  const nextLine = () => new Promise<string>((resolve) => (onLine = resolve));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));

  const locked = await nextLine();
  assert.match(locked, /^locked /, "the first apply holds the lock");

  const second = await planStore(store, [deployment("web"), configMap("extra", { a: "1" })]);
  const result = await applyPlanToStore(second, store, { actor: { user: "bob", host: "elsewhere", pid: 1 } });
  assert.ok(!result.ok, "the second apply must not run while the first holds the lock");
  assert.equal(result.diagnostic.code, "MK7003");
  assert.equal(result.diagnostic.message, "the apply lock is held by another operation");
  assert.ok(result.diagnostic.notes?.some((n) => n.includes(`pid ${child.pid}`) && n.includes("mkapply")), `the error names the holder: ${JSON.stringify(result.diagnostic.notes)}`);

  const done = nextLine();
  child.stdin.write("go\n");
  const outcome = JSON.parse(await done) as { ok: boolean };
  assert.equal(await exited, 0);
  assert.equal(outcome.ok, true, `the first apply succeeds: ${output.join("\n")}`);

  const history = await store.listApplies();
  assert.deepEqual(
    history.map((h) => `${h.outcome} ${h.summary.update}`),
    ["succeeded 1", "succeeded 0"],
    "the refused apply left no entry; the first one's update is recorded",
  );
  assert.equal(await store.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "extra" }), undefined);
  assert.equal(await store.getLock("apply"), undefined, "the lock is released");
  await store.close();
});
