/**
 * Structural equality of two syntax trees, ignoring positions (`span`, `opSpan`): the formatter's
 * meaning-preservation check (the AST of its output must equal the AST of its input).
 */
const positionKeys: ReadonlySet<string> = new Set(["span", "opSpan"]);

export function sameSyntax(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameSyntax(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    if (positionKeys.has(k)) continue;
    if (ra[k] === undefined && rb[k] === undefined) continue;
    if (!sameSyntax(ra[k], rb[k])) return false;
  }
  return true;
}

/** The first path where two trees differ (for messages and tests), or undefined when they are the same. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | undefined {
  if (sameSyntax(a, b)) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (positionKeys.has(k)) continue;
    const d = firstDifference(ra[k], rb[k], `${path}.${k}`);
    if (d) return d;
  }
  return path;
}
