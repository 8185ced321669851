/** A table as kubectl prints it: upper-case headers, columns padded to their widest cell, three spaces apart. */
export interface Table {
  headers: string[];
  rows: string[][];
}

export function renderTable(table: Table): string {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join("   ")
      .trimEnd();
  return [line(table.headers), ...table.rows.map(line)].map((l) => `${l}\n`).join("");
}
