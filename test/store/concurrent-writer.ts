// A second process for multiprocess.test.ts: increments a shared counter and creates objects in
// the same state file while the test process does the same. It only acts when started by that
// test (node's runner also loads every file under test/ and must find nothing to do here).
import { openStore } from "../../src/store/open.js";
import { incrementCounter } from "./counter.js";

if (process.env.MK_STORE_TEST_WORKER === "1") {
  const [path, name, countText] = process.argv.slice(2);
  const count = Number(countText);
  const store = openStore({ path });
  // Tell the test we are ready, and start when it says go, so that both processes write at once.
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const started = Date.now();
  const stats = await incrementCounter(store, name, count);
  const finished = Date.now();
  await store.close();
  process.stdout.write(`${JSON.stringify({ ...stats, started, finished })}\n`);
  process.stdin.destroy();
}
