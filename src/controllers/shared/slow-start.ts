/** controller.SlowStartInitialBatchSize: the first batch of creations is one call. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface SlowStartResult {
  /** How many calls succeeded. */
  successes: number;
  /** The first error of the batch that failed (later batches are not attempted). */
  error?: unknown;
}

/**
 * controller.slowStartBatch: runs fn `count` times in batches of 1, 2, 4, ... concurrent calls;
 * the first batch with a failure ends it, so a broken template (quota, admission) costs one or
 * two failed creations instead of hundreds.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: (index: number) => Promise<void>): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  let next = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn(next++)));
    let error: unknown;
    for (const r of results) {
      if (r.status === "fulfilled") successes++;
      else if (error === undefined) error = r.reason;
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}

/** The batch sizes slowStartBatch uses for count calls: 1, 2, 4, ... (for tests and docs). */
export function slowStartBatchSizes(count: number, initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    sizes.push(batch);
    remaining -= batch;
  }
  return sizes;
}
