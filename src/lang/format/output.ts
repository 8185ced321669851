/**
 * The formatter's output buffer: text with column tracking, indentation, and the module's
 * comments, which are emitted in source order as printing passes their positions:
 *  - before a node: comments that start before it (`leading`), on their own lines when the
 *    output is at the start of a line, inline otherwise;
 *  - at a line break: comments on the same source line as the last printed token (`newline`
 *    appends them as trailing comments first).
 * No comment can be lost: `finish` emits whatever is left.
 *
 * Flat mode renders a group on one line to measure it; it fails (instead of breaking the line)
 * when a comment or a forced line break would be needed.
 */
import type { Comment } from "../ast.js";
import type { Span } from "../../diag/span.js";

export const maxWidth = 100;

/** A block comment on one line can stay inside a line of code. */
function isInline(c: Comment): boolean {
  return c.kind === "block" && c.span.start.line === c.span.end.line;
}

interface Saved {
  parts: string[];
  col: number;
  indent: number;
  atLineStart: boolean;
  pendingIndent: number;
  pendingSpace: boolean;
  lastChar: string;
  previousLineEnd: string;
  nextComment: number;
  lastEndLine: number;
  lastEndOffset: number;
  flat: boolean;
  failed: boolean;
}

export class Output {
  /** Output pieces (joined once at the end: no quadratic string rebuilding). */
  private parts: string[] = [];
  private col = 0;
  private indent = 0;
  private atLineStart = true;
  /** Indentation and single spaces are written lazily, so lines never end in blanks. */
  /** Indentation to write before the next text on this line; -1 when written (or none pending). */
  private pendingIndent = -1;
  private pendingSpace = false;
  private lastChar = "";
  /** Last character of the previous line ("" for a blank line, "^" at the start of the output). */
  private previousLineEnd = "^";
  private nextComment = 0;
  /** Source line and offset of the end of the last printed token (for trailing comments). */
  private lastEndLine = 0;
  private lastEndOffset = 0;
  private flat = false;
  private failed = false;

  constructor(
    private readonly source: string,
    private readonly comments: readonly Comment[],
  ) {}

  get column(): number {
    return this.col + (this.pendingSpace ? 1 : 0);
  }

  /** The indentation of the current block (where a line break would continue). */
  get indentation(): number {
    return this.indent;
  }

  /** True when nothing has been written on the current line yet. */
  get atStartOfLine(): boolean {
    return this.atLineStart;
  }

  get isFlat(): boolean {
    return this.flat;
  }

  write(text: string): void {
    if (text === "") return;
    if (this.pendingIndent >= 0) {
      if (this.pendingIndent > 0) this.parts.push(" ".repeat(this.pendingIndent));
      this.pendingIndent = -1;
    }
    if (this.pendingSpace) {
      this.parts.push(" ");
      this.col++;
      this.pendingSpace = false;
    }
    this.parts.push(text);
    this.col += text.length;
    this.atLineStart = false;
    this.lastChar = text[text.length - 1];
  }

  /** A single space, unless at the start of a line or right after one. */
  space(): void {
    if (this.atLineStart || this.lastChar === " " || this.lastChar === "(" || this.lastChar === "[") return;
    this.pendingSpace = true;
  }

  /** Drops a pending space (before a closing bracket). */
  noSpace(): void {
    this.pendingSpace = false;
  }

  /** Writes source text that may contain line breaks (multi-line strings, block comments). */
  writeMultiline(text: string): void {
    const nl = text.lastIndexOf("\n");
    if (nl === -1) return this.write(text);
    if (this.flat) {
      this.failed = true;
      return;
    }
    this.write(text);
    this.col = text.length - nl - 1;
  }

  /** Records that source up to `span`'s end has been printed. */
  mark(span: Span): void {
    this.lastEndLine = span.end.line;
    this.lastEndOffset = span.end.offset;
  }

  /**
   * Records that the source text of `span` has been printed as a whole (a string copied as
   * written, or a group rendered by `tryFlat`): the comments inside it count as printed.
   */
  markVerbatim(span: Span): void {
    this.mark(span);
    while (
      this.nextComment < this.comments.length &&
      this.comments[this.nextComment].span.end.offset <= span.end.offset &&
      this.comments[this.nextComment].span.start.offset >= span.start.offset
    ) {
      this.nextComment++;
    }
  }

  indented(by: number, body: () => void): void {
    this.indent += by;
    body();
    this.indent -= by;
  }

  /** Ends the line (after trailing comments from the same source line) and indents the next. */
  newline(): void {
    if (this.flat) {
      this.failed = true;
      return;
    }
    if (this.atLineStart) {
      // Already on a fresh line: only the indentation of what comes next may change.
      this.col = this.indent;
      if (this.pendingIndent >= 0) this.pendingIndent = this.indent;
      return;
    }
    this.trailing();
    this.endLine();
  }

  private endLine(): void {
    this.previousLineEnd = this.atLineStart ? "" : this.lastChar;
    if (this.parts.length > 0 || !this.atLineStart) this.parts.push("\n");
    else this.previousLineEnd = "^";
    this.pendingSpace = false;
    this.pendingIndent = this.indent;
    this.col = this.indent;
    this.atLineStart = true;
    this.lastChar = "\n";
  }

  /** An empty line (used to keep one blank line where the source had one or more). */
  blankLine(): void {
    if (this.flat || this.previousLineEnd === "" || this.previousLineEnd === "^") return;
    this.endLine();
  }

  /** Trailing comments: those on the source line where the last printed token ended. */
  private trailing(): void {
    while (this.nextComment < this.comments.length) {
      const c = this.comments[this.nextComment];
      if (c.span.start.line !== this.lastEndLine || c.span.start.offset < this.lastEndOffset) break;
      // Only what directly follows the last printed token (commas and operators aside) trails
      // it; a comment after more code on that line belongs to that code.
      if (!this.onlySeparators(this.lastEndOffset, c.span.start.offset)) break;
      if (!this.atLineStart && this.lastChar !== " ") this.write(" ");
      this.nextComment++;
      this.writeMultiline(c.text);
      this.lastEndLine = c.span.end.line;
      this.lastEndOffset = c.span.end.offset;
    }
  }

  /** True when a comment starts before `offset` and has not been printed yet. */
  hasCommentBefore(offset: number): boolean {
    return this.nextComment < this.comments.length && this.comments[this.nextComment].span.start.offset < offset;
  }

  /**
   * True when an unprinted comment lies inside [start, end). With `breakingOnly`, only comments
   * that force a line break count (line and doc comments, block comments over several lines).
   */
  hasCommentWithin(start: number, end: number, breakingOnly = false): boolean {
    for (let i = this.nextComment; i < this.comments.length; i++) {
      const c = this.comments[i];
      const o = c.span.start.offset;
      if (o >= end) return false;
      if (o >= start && (!breakingOnly || !isInline(c))) return true;
    }
    return false;
  }

  /**
   * Emits the comments that start before `offset`. At the start of a line each goes on its own
   * line (keeping one blank line where the source had one); mid-line, block comments stay inline
   * and a line comment ends the line.
   */
  leading(offset: number, keepBlankLines = true): void {
    while (this.hasCommentBefore(offset)) {
      const c = this.comments[this.nextComment];
      if (this.flat && !isInline(c)) {
        this.failed = true;
        return;
      }
      this.nextComment++;
      if (this.atLineStart && !this.flat) {
        // What follows the comment continues at the comment's indentation (which may be a
        // continuation indent inside an expression).
        const here = this.pendingIndent >= 0 ? this.pendingIndent : this.indent;
        if (keepBlankLines && this.blankLineBefore(c.span.start.offset) && !this.afterOpening()) this.blankLine();
        this.pendingIndent = here;
        this.writeMultiline(c.text);
        this.lastEndLine = c.span.end.line;
        this.lastEndOffset = c.span.end.offset;
        const saved = this.indent;
        this.indent = here;
        this.newline();
        this.indent = saved;
      } else {
        this.space();
        this.writeMultiline(c.text);
        this.lastEndLine = c.span.end.line;
        this.lastEndOffset = c.span.end.offset;
        if (c.kind === "block") this.space();
        else {
          // A line comment inside an expression: the expression continues on the next line, indented.
          this.indent += 2;
          this.newline();
          this.indent -= 2;
        }
      }
    }
  }

  /** Keeps one blank line before a line-level item where the source had at least one. */
  blankLineIfSource(offset: number): void {
    if (this.flat || !this.atLineStart || this.afterOpening()) return;
    if (this.blankLineBefore(offset)) this.blankLine();
  }

  /** True right after an opening bracket line or at the start of the output (no blank line there). */
  private afterOpening(): boolean {
    const p = this.previousLineEnd;
    return p === "^" || p === "" || p === "{" || p === "[" || p === "(";
  }

  /**
   * True when only blanks, commas, operators and the keywords the tree does not record
   * (`in then else with as`) lie between two offsets.
   */
  private onlySeparators(from: number, to: number): boolean {
    const between = this.source.slice(from, to);
    return /^(?:[ \t+\-*/%=!<>&|?,]|\b(?:in|then|else|with|as)\b)*$/.test(between);
  }

  /** True when the source has an empty line between the previous token and `offset`. */
  private blankLineBefore(offset: number): boolean {
    let newlines = 0;
    for (let i = offset - 1; i >= 0; i--) {
      const ch = this.source.charCodeAt(i);
      if (ch === 10) newlines++;
      else if (ch !== 32 && ch !== 9 && ch !== 13) break;
    }
    return newlines >= 2;
  }

  /** Renders `body` on one line; undefined when that is impossible (comments, line breaks). */
  tryFlat(body: () => void): string | undefined {
    const saved = this.save();
    this.flat = true;
    this.failed = false;
    this.parts = [];
    this.atLineStart = false;
    this.pendingIndent = -1;
    this.pendingSpace = false;
    body();
    const result = this.failed ? undefined : this.parts.join("");
    this.restore(saved);
    return result;
  }

  private save(): Saved {
    return {
      parts: this.parts,
      col: this.col,
      indent: this.indent,
      atLineStart: this.atLineStart,
      pendingIndent: this.pendingIndent,
      pendingSpace: this.pendingSpace,
      lastChar: this.lastChar,
      previousLineEnd: this.previousLineEnd,
      nextComment: this.nextComment,
      lastEndLine: this.lastEndLine,
      lastEndOffset: this.lastEndOffset,
      flat: this.flat,
      failed: this.failed,
    };
  }

  private restore(s: Saved): void {
    this.parts = s.parts;
    this.col = s.col;
    this.indent = s.indent;
    this.atLineStart = s.atLineStart;
    this.pendingIndent = s.pendingIndent;
    this.pendingSpace = s.pendingSpace;
    this.lastChar = s.lastChar;
    this.previousLineEnd = s.previousLineEnd;
    this.nextComment = s.nextComment;
    this.lastEndLine = s.lastEndLine;
    this.lastEndOffset = s.lastEndOffset;
    this.flat = s.flat;
    this.failed = s.failed;
  }

  /** Emits the remaining comments and returns the text with exactly one final newline (or none when empty). */
  finish(): string {
    if (this.nextComment < this.comments.length) {
      if (!this.atLineStart) this.newline();
      this.leading(Number.POSITIVE_INFINITY);
    }
    const text = this.parts.join("").replace(/\s+$/, "");
    return text === "" ? "" : `${text}\n`;
  }
}
