import type { LabelSelector, LabelSelectorRequirement } from "./selector.js";

export type SelectorTextResult = { ok: true; selector: LabelSelector } | { ok: false; message: string };

/**
 * A label selector as kubectl's `-l` takes it: `app=web`, `app==web`, `tier!=db`,
 * `env in (prod,staging)`, `env notin (dev)`, `canary` (exists), `!canary` (does not exist),
 * joined by commas (all must hold). `a!=b` also matches objects without the label, as in
 * Kubernetes, so it becomes NotIn.
 */
export function parseSelectorText(text: string): SelectorTextResult {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const raw of splitTopLevel(text)) {
    const part = raw.trim();
    if (part === "") continue;
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([^\s=!()]+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const values = m[3].split(",").map((v) => v.trim()).filter((v) => v !== "");
      if (values.length === 0) return { ok: false, message: `selector "${part}": ${m[2]} needs at least one value` };
      matchExpressions.push({ key: m[1], operator: m[2] === "in" ? "In" : "NotIn", values });
    } else if ((m = part.match(/^([^\s=!()]+)\s*!=\s*([^\s=!()]*)$/))) {
      matchExpressions.push({ key: m[1], operator: "NotIn", values: [m[2]] });
    } else if ((m = part.match(/^([^\s=!()]+)\s*==?\s*([^\s=!()]*)$/))) {
      matchLabels[m[1]] = m[2];
    } else if ((m = part.match(/^!\s*([^\s=!()]+)$/))) {
      matchExpressions.push({ key: m[1], operator: "DoesNotExist" });
    } else if ((m = part.match(/^([^\s=!()]+)$/))) {
      matchExpressions.push({ key: m[1], operator: "Exists" });
    } else {
      return { ok: false, message: `unable to parse selector requirement "${part}" (expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key)` };
    }
  }
  return { ok: true, selector: { matchLabels, matchExpressions } };
}

/** Splits at commas outside parentheses: `a in (x,y),b` → `a in (x,y)`, `b`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
