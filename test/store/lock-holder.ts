// A process that takes the apply lock and dies without releasing it, for lock.test.ts (a crashed
// mkapply). Only acts when started by that test.
import { currentActor } from "../../src/store/identity.js";
import { openStore } from "../../src/store/open.js";

if (process.env.MK_STORE_TEST_WORKER === "1") {
  const store = openStore({ path: process.argv[2] });
  const lock = await store.acquireLock({ holder: { ...currentActor(), operation: "mkapply" } });
  process.stdout.write(`${JSON.stringify(lock.info)}\n`);
  // Exit as a killed process would: no release, no close.
  process.exit(0);
}
