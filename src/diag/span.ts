/** A position in a source file. `line` and `col` are 1-based; `offset` is a 0-based UTF-16 index. */
export interface Position {
  line: number;
  col: number;
  offset: number;
}

/** A half-open range [start, end) in one source file. */
export interface Span {
  file: string;
  start: Position;
  end: Position;
}

/** A path into a JSON-like value: object keys and list indexes, e.g. ["spec", "template", "spec", "containers", 0, "image"]. */
export type FieldPath = readonly (string | number)[];

/**
 * Maps field paths of an evaluated object back to the source that produced them
 * (an MKL expression, or a YAML node). Stages after evaluation report problems by
 * path; a locator turns the path into a span for the diagnostic.
 */
export interface SourceLocator {
  /** The span of the value at `path`, or of its nearest located ancestor. */
  locate(path: FieldPath): Span | undefined;
}

/** Renders a field path the way kubectl does: `spec.template.spec.containers[0].image`. */
export function formatFieldPath(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Computes line/col for every offset of a text, lazily and once. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] + 1, offset };
  }

  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return "";
    const next = this.starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, "");
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
