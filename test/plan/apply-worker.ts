// A second mkapply for concurrent-apply.test.ts: applies a saved plan to a state file, and once it
// holds the apply lock, says so and waits for a line on standard input before writing. Only acts
// when started by that test.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { applyPlanToStore } from "../../src/plan/apply-to-store.js";
import { parsePlanFile } from "../../src/plan/plan-file.js";
import { openStore } from "../../src/store/open.js";

if (process.env.MK_PLAN_TEST_WORKER === "1") {
  const [statePath, planPath] = process.argv.slice(2);
  const parsed = parsePlanFile(readFileSync(planPath, "utf8"), planPath);
  if (!parsed.ok) throw new Error(parsed.diagnostic.message);
  const store = openStore({ path: statePath });
  const lines = createInterface({ input: process.stdin });
  const proceed = new Promise<void>((resolve) => lines.once("line", () => resolve()));
  const result = await applyPlanToStore(parsed.plan, store, {
    onLocked: async (lock) => {
      process.stdout.write(`locked ${lock.id}\n`);
      await proceed;
    },
  });
  lines.close();
  await store.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
