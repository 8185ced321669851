// The workload both processes of multiprocess.test.ts run (not a test file).
import type { JsonObject } from "../../src/schema/json.js";
import { isConflict } from "../../src/store/errors.js";
import type { Store } from "../../src/store/store.js";

export const COUNTER = { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "counter" };

function bumped(counter: JsonObject): JsonObject {
  const data = counter.data as Record<string, string>;
  return { ...counter, data: { n: String(Number(data.n) + 1) } };
}

/**
 * `count` rounds of: increment the counter read-modify-write with compare-and-swap (retrying on
 * conflict, as a controller does), create an object of our own, and increment the counter again
 * inside a transaction. Returns how many conflicts were retried.
 */
export async function incrementCounter(store: Store, worker: string, count: number): Promise<{ conflicts: number }> {
  let conflicts = 0;
  for (let i = 0; i < count; i++) {
    for (;;) {
      const counter = await store.get(COUNTER);
      try {
        await store.update(bumped(counter!));
        break;
      } catch (e) {
        if (!isConflict(e)) throw e;
        conflicts++;
      }
    }
    await store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${worker}-${i}`, namespace: "default" } }, { managedBy: "controller" });
    await store.transaction(async (tx) => {
      const counter = await tx.get(COUNTER);
      await tx.update(bumped(counter!));
    });
  }
  return { conflicts };
}
