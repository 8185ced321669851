/**
 * Reading fields of stored objects for display, where any field may be absent or of another type:
 * a missing object reads as `{}`, a missing list as `[]`, a missing number as 0.
 */
export type Json = Record<string, unknown>;

export function record(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(record) : [];
}

export function num(value: unknown, fallback = 0): number {
  return typeof value === "number" ? value : fallback;
}
