/**
 * The writer kubectl describe prints through: a PrefixWriter (two spaces per level before each
 * write) over Go's text/tabwriter set up as `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`. So the
 * alignment is tabwriter's, not a fixed column: `\t` ends a cell, and a column is as wide as its
 * widest cell plus two spaces within each run of consecutive lines that have a cell there (a line
 * without one, like `Pod Template:`, ends the run). The last cell of a line is never padded.
 */
export class DescribeWriter {
  /** Complete lines not yet formatted, as cells. */
  private pending: string[][] = [];
  /** Formatted text. */
  private readonly done: string[] = [];
  /** A line begun by a write that did not end it. */
  private partial = "";

  /** kubectl's `w.Write(LEVEL_n, text)`: the indentation goes before the text, which may hold several lines. */
  write(level: number, text: string): void {
    const lines = (this.partial + "  ".repeat(level) + text).split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.pending.push(line.split("\t"));
  }

  /** kubectl flushes before the Events table, so it is aligned on its own. */
  flush(): void {
    formatBlock(this.pending, this.done);
    this.pending = [];
  }

  toString(): string {
    if (this.partial !== "") this.write(0, "\n");
    this.flush();
    return this.done.map((l) => `${l}\n`).join("");
  }
}

function cellWidth(cell: string): number {
  return [...cell].length;
}

/** text/tabwriter's format: columns found block by block, recursively, left to right. */
function formatBlock(lines: readonly string[][], out: string[]): void {
  const widths: number[] = [];
  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      let text = "";
      for (let j = 0; j < line.length; j++) {
        text += line[j];
        if (j < widths.length) text += " ".repeat(Math.max(0, widths[j] - cellWidth(line[j])));
      }
      out.push(text);
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let at = line0; at < line1; at++) {
      if (column >= lines[at].length - 1) continue;
      writeLines(line0, at);
      line0 = at;
      let width = 0;
      for (; at < line1 && column < lines[at].length - 1; at++) width = Math.max(width, cellWidth(lines[at][column]) + 2);
      widths.push(width);
      format(line0, at);
      widths.pop();
      line0 = at;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
}
