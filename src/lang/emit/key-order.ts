import type { RecordValue } from "../values/value.js";

/** The fields a Kubernetes object shows first, in this order (as kubectl does); the rest follow in source order. */
const leadingObjectKeys = ["apiVersion", "kind", "metadata", "spec"];

/** Field indexes of a top-level object in output order. */
export function objectFieldOrder(record: RecordValue): number[] {
  const order: number[] = [];
  for (const key of leadingObjectKeys) {
    const i = record.indexOf(key);
    if (i >= 0) order.push(i);
  }
  if (order.length === record.size) return order;
  for (let i = 0; i < record.size; i++) {
    const key = record.keys[i];
    if (key !== "apiVersion" && key !== "kind" && key !== "metadata" && key !== "spec") order.push(i);
  }
  return order;
}

/** Field indexes in source order. */
export function sourceFieldOrder(record: RecordValue): number[] {
  return Array.from({ length: record.size }, (_, i) => i);
}
