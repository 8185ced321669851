import type { LineChange } from "../diff/value-change.js";

/** Unchanged lines kept around each changed line of a multi-line string. */
const CONTEXT = 2;

/**
 * The lines of a line diff worth showing: every change with two lines of context on each side;
 * longer runs of unchanged lines become a count (a run of one is shown, hiding it saves nothing).
 */
export function visibleLines(lines: readonly LineChange[]): (LineChange | { hidden: number })[] {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.op === "same") return;
    for (let k = Math.max(0, i - CONTEXT); k <= Math.min(lines.length - 1, i + CONTEXT); k++) keep[k] = true;
  });
  const out: (LineChange | { hidden: number })[] = [];
  let run: LineChange[] = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]);
    else if (run.length > 1) out.push({ hidden: run.length });
    run = [];
  };
  lines.forEach((l, i) => {
    if (!keep[i]) {
      run.push(l);
      return;
    }
    flush();
    out.push(l);
  });
  flush();
  return out;
}
