/**
 * Prints an MKL syntax tree in canonical layout (`mk fmt`):
 * - 2-space indentation, one declaration / field / item per line in multi-line groups, no commas
 *   at line ends;
 * - a bracketed group (record, list, arguments, parameters) stays on one line when it was on one
 *   line in the source, holds no comment and fits in 100 columns; otherwise it is broken;
 * - line breaks the author chose between the operands of a binary operator, before `else`,
 *   after `in` and after a declaration's `=` are kept, all other spacing is normalised;
 * - at most one blank line is kept where the source had blank lines between items;
 * - strings are printed as written (multi-line strings re-indented so their value is unchanged).
 * The printer writes tokens in source order and only changes whitespace, so the output parses
 * to the same tree (format.ts checks that).
 */
import type * as A from "../ast.js";
import { LineIndex, type Span } from "../../diag/span.js";
import { maxWidth, type Output } from "./output.js";

export class Printer {
  private readonly lines: LineIndex;
  /** Set when a hugged item must break: the next group printed is broken. */
  private breakNextGroup = false;

  constructor(
    private readonly o: Output,
    private readonly source: string,
  ) {
    this.lines = new LineIndex(source);
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private newlineBetween(from: number, to: number): boolean {
    const s = this.source;
    for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) return true;
    return false;
  }

  private verbatim(span: Span): void {
    this.o.write(this.source.slice(span.start.offset, span.end.offset));
    this.o.markVerbatim(span);
  }

  private name(n: A.Name): void {
    this.o.leading(n.span.start.offset);
    this.o.write(n.name);
    this.o.mark(n.span);
  }

  private fieldName(n: A.FieldName): void {
    this.o.leading(n.span.start.offset);
    if (n.quoted) this.verbatim(n.span);
    else {
      this.o.write(n.name);
      this.o.mark(n.span);
    }
  }

  /** The span of a single-character token at a position (an opening bracket). */
  private charSpan(start: Span["start"]): Span {
    return { file: "", start, end: { line: start.line, col: start.col + 1, offset: start.offset + 1 } };
  }

  /** The span of a closing bracket ending at `end`. */
  private closeSpan(end: Span["end"]): Span {
    return { file: "", start: { line: end.line, col: end.col - 1, offset: end.offset - 1 }, end };
  }

  /**
   * A bracketed group. `span` runs from the opening to the closing bracket. One line when it
   * was on one line, holds no comment and fits; else one item per line.
   */
  private group<T>(open: string, close: string, items: readonly T[], span: Span, pad: boolean, item: (t: T) => void, start: (t: T) => number, forceBreak = false): void {
    const o = this.o;
    if (this.breakNextGroup && !o.isFlat) {
      forceBreak = true;
      this.breakNextGroup = false;
    }
    o.leading(span.start.offset);
    const hasComments = o.hasCommentWithin(span.start.offset, span.end.offset, true);
    if (items.length === 0 && !o.hasCommentWithin(span.start.offset, span.end.offset)) {
      o.write(open + close);
      o.mark(span);
      return;
    }
    const flatBody = () => {
      o.write(open);
      if (pad) o.write(" ");
      items.forEach((it, i) => {
        if (i > 0) o.write(", ");
        item(it);
      });
      o.leading(span.end.offset - 1);
      if (pad) o.space();
      else o.noSpace();
      o.write(close);
    };
    if (o.isFlat) {
      if (hasComments || forceBreak) o.newline(); // fails the flat attempt
      flatBody();
      return;
    }
    if (!forceBreak && this.hugs(items, span, start)) {
      // `[{` ... `}]`, `f(App {` ... `})`: a single bracketed item hugging the brackets stays so.
      o.write(open);
      o.mark(this.charSpan(span.start));
      item(items[0]);
      o.write(close);
      o.mark(this.closeSpan(span.end));
      return;
    }
    const oneLine = span.start.line === span.end.line;
    if (oneLine && !hasComments && !forceBreak) {
      const flat = o.tryFlat(flatBody);
      if (flat !== undefined && o.column + flat.length <= maxWidth) {
        o.write(flat);
        o.markVerbatim(span);
        return;
      }
      if (flat !== undefined && this.huggable(items)) {
        // `f(App { ... })` too long for one line: break the record, not the call.
        o.write(open);
        o.mark(this.charSpan(span.start));
        this.breakNextGroup = true;
        item(items[0]);
        this.breakNextGroup = false;
        o.write(close);
        o.mark(this.closeSpan(span.end));
        return;
      }
    }
    o.write(open);
    o.mark(this.charSpan(span.start));
    o.indented(2, () => {
      for (const it of items) {
        o.newline();
        const at = start(it);
        o.leading(at);
        o.blankLineIfSource(at);
        item(it);
      }
      const closeAt = span.end.offset - 1;
      if (o.hasCommentBefore(closeAt)) {
        o.newline();
        o.leading(closeAt);
      }
    });
    o.newline();
    o.write(close);
    o.mark(this.closeSpan(span.end));
  }

  /**
   * True for a group of one record / list / typed record that starts on the opening bracket's
   * line and ends on the closing bracket's line, with no comment outside it.
   */
  private hugs<T>(items: readonly T[], span: Span, start: (t: T) => number): boolean {
    if (!this.huggable(items)) return false;
    const item = items[0] as unknown as A.Expr;
    if (item.span.start.line === item.span.end.line) return false;
    const itemStart = start(items[0]);
    if (this.newlineBetween(span.start.offset, itemStart) || this.newlineBetween(item.span.end.offset, span.end.offset)) return false;
    return !this.o.hasCommentWithin(span.start.offset, itemStart) && !this.o.hasCommentWithin(item.span.end.offset, span.end.offset);
  }

  /** One record, typed record or list: it can hug the brackets of its group. */
  private huggable<T>(items: readonly T[]): boolean {
    if (items.length !== 1) return false;
    const item = items[0] as unknown as A.Expr | A.Spread | A.SchemaMember | A.FnParam;
    return item.kind === "Record" || item.kind === "TypedRecord" || item.kind === "List";
  }

  // ───────────────────────────── module and declarations ─────────────────────────────

  module(m: A.Module): void {
    const o = this.o;
    m.declarations.forEach((d, i) => {
      if (i > 0) o.newline();
      o.leading(d.span.start.offset);
      o.blankLineIfSource(d.span.start.offset);
      this.declaration(d);
    });
  }

  private annotations(list: readonly A.Annotation[]): void {
    const o = this.o;
    for (const a of list) {
      o.leading(a.span.start.offset);
      o.write("@");
      this.name(a.name);
      if (a.args.length > 0) {
        const open = this.openAfter(a.name.span.end.offset);
        this.group("(", ")", a.args, { file: a.span.file, start: open, end: a.span.end }, false, (e) => this.expr(e), (e) => e.span.start.offset);
      }
      o.mark(a.span);
      // Keep the author's choice: annotation on its own line, or before the declaration on the same line.
      if (this.nextTokenOnNewLine(a.span.end.offset)) o.newline();
      else o.space();
    }
  }

  /** Position of the first `(` at or after `offset` (an annotation's argument list). */
  private openAfter(offset: number): Span["start"] {
    return this.lines.position(this.source.indexOf("(", offset));
  }

  private nextTokenOnNewLine(offset: number): boolean {
    const s = this.source;
    for (let i = offset; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) return true;
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return false;
  }

  private declaration(d: A.Declaration): void {
    const o = this.o;
    this.annotations(d.annotations);
    switch (d.kind) {
      case "Import":
        o.write("import ");
        o.leading(d.path.span.start.offset);
        this.verbatim(d.path.span);
        o.write(" as ");
        this.name(d.alias);
        return;
      case "Param":
        o.write("param ");
        this.name(d.name);
        if (d.type) {
          o.write(": ");
          this.type(d.type);
        }
        if (d.default) {
          o.write(" =");
          this.valueAfterEquals(d.type?.span.end.offset ?? d.name.span.end.offset, d.default);
        }
        return;
      case "Let":
        o.write("let ");
        this.name(d.name);
        if (d.type) {
          o.write(": ");
          this.type(d.type);
        }
        o.write(" =");
        this.valueAfterEquals(d.type?.span.end.offset ?? d.name.span.end.offset, d.value);
        return;
      case "Schema":
        o.write("schema ");
        this.name(d.name);
        o.write(" ");
        this.group("{", "}", d.members, this.bodySpan(d), false, (m) => this.schemaMember(m), (m) => m.span.start.offset, true);
        return;
      case "Fn":
        o.write("fn ");
        this.name(d.name);
        this.group("(", ")", d.params, this.paramsSpan(d), false, (p) => this.fnParam(p), (p) => p.span.start.offset);
        if (d.returnType) {
          o.write(": ");
          this.type(d.returnType);
        }
        o.write(" =");
        this.valueAfterEquals(d.returnType?.span.end.offset ?? this.paramsSpan(d).end.offset, d.body);
        return;
      case "Emit":
        o.write("emit ");
        this.expr(d.value);
        return;
    }
  }

  /** ` value`, or the value on the next line (indented) when the author broke the line after `=`. */
  private valueAfterEquals(before: number, value: A.Expr): void {
    const o = this.o;
    if (!o.isFlat && this.newlineBetween(before, value.span.start.offset)) {
      o.indented(2, () => {
        o.newline();
        this.expr(value);
      });
      return;
    }
    o.space();
    this.expr(value);
  }

  /** From a schema's `{` to its `}`. */
  private bodySpan(d: A.SchemaDecl): Span {
    const open = this.source.indexOf("{", d.name.span.end.offset);
    return { file: d.span.file, start: this.positionOf(open), end: d.span.end };
  }

  /** From a function's `(` to its `)`. */
  private paramsSpan(d: A.FnDecl): Span {
    const open = this.source.indexOf("(", d.name.span.end.offset);
    let close: number;
    if (d.params.length > 0) close = this.source.indexOf(")", this.skipToEnd(d.params[d.params.length - 1].span.end.offset));
    else close = this.source.indexOf(")", open);
    return { file: d.span.file, start: this.positionOf(open), end: this.positionOf(close + 1) };
  }

  /** Skips whitespace and comments from `offset`. */
  private skipToEnd(offset: number): number {
    const s = this.source;
    let i = offset;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 44) i++;
      else if (s.startsWith("//", i)) {
        const nl = s.indexOf("\n", i);
        i = nl === -1 ? s.length : nl;
      } else if (s.startsWith("/*", i)) {
        const end = s.indexOf("*/", i + 2);
        i = end === -1 ? s.length : end + 2;
      } else break;
    }
    return i;
  }

  private positionOf(offset: number): Span["start"] {
    return this.lines.position(offset);
  }

  private fnParam(p: A.FnParam): void {
    const o = this.o;
    this.name(p.name);
    if (p.type) {
      o.write(": ");
      this.type(p.type);
    }
    if (p.default) {
      o.write(" = ");
      this.expr(p.default);
    }
  }

  private schemaMember(m: A.SchemaMember): void {
    const o = this.o;
    this.annotations(m.annotations);
    if (m.kind === "SchemaField") {
      this.fieldName(m.name);
      o.write(": ");
      this.type(m.type);
      if (m.default) {
        o.write(" = ");
        this.expr(m.default);
      }
      return;
    }
    o.write("check ");
    this.expr(m.condition);
    if (m.message) {
      o.write(" : ");
      this.expr(m.message);
    }
  }

  // ───────────────────────────── types ─────────────────────────────

  private type(t: A.TypeExpr): void {
    const o = this.o;
    o.leading(t.span.start.offset);
    switch (t.kind) {
      case "NamedType":
        if (t.module) {
          this.name(t.module);
          o.write(".");
        }
        this.name(t.name);
        return;
      case "ListType":
        o.write("[");
        this.type(t.element);
        o.write("]");
        o.mark(t.span);
        return;
      case "MapType":
        o.write("{");
        this.type(t.key);
        o.write(": ");
        this.type(t.value);
        o.write("}");
        o.mark(t.span);
        return;
      case "OptionalType":
        if (t.inner.kind === "UnionType") {
          o.write("(");
          this.type(t.inner);
          o.write(")");
        } else this.type(t.inner);
        o.write("?");
        o.mark(t.span);
        return;
      case "UnionType":
        t.members.forEach((m, i) => {
          if (i > 0) o.write(" | ");
          if (m.kind === "UnionType") {
            o.write("(");
            this.type(m);
            o.write(")");
          } else this.type(m);
        });
        return;
      case "StringLiteralType":
        this.verbatim(t.span);
        return;
      case "NullType":
        o.write("null");
        o.mark(t.span);
        return;
      case "ErrorType":
        this.verbatim(t.span);
        return;
    }
  }

  // ───────────────────────────── expressions ─────────────────────────────

  expr(e: A.Expr): void {
    const o = this.o;
    o.leading(e.span.start.offset);
    switch (e.kind) {
      case "Null":
        o.write("null");
        o.mark(e.span);
        return;
      case "Bool":
        o.write(e.value ? "true" : "false");
        o.mark(e.span);
        return;
      case "Int":
      case "Float":
      case "Quantity":
        o.write(e.raw);
        o.mark(e.span);
        return;
      case "String":
        this.string(e);
        return;
      case "Ident":
        o.write(e.name);
        o.mark(e.span);
        return;
      case "Paren":
        o.write("(");
        this.expr(e.expr);
        o.leading(e.span.end.offset - 1);
        o.write(")");
        o.mark(e.span);
        return;
      case "Member":
        this.expr(e.object);
        o.leading(e.name.span.start.offset);
        o.write(e.optional ? "?." : ".");
        this.name(e.name);
        return;
      case "Index":
        this.expr(e.object);
        o.write("[");
        this.expr(e.index);
        o.leading(e.span.end.offset - 1);
        o.write("]");
        o.mark(e.span);
        return;
      case "Call":
        this.expr(e.callee);
        this.group("(", ")", e.args, { file: e.span.file, start: e.callee.span.end, end: e.span.end }, false, (a) => this.expr(a), (a) => a.span.start.offset);
        return;
      case "Unary":
        o.write(e.op);
        o.mark(e.opSpan);
        this.expr(e.operand);
        return;
      case "Binary":
        this.binary(e);
        return;
      case "If":
        this.ifExpr(e, false);
        return;
      case "LetIn": {
        // A `let ... in` that begins a line keeps its body at its own indentation (chains of
        // lets line up); one that begins mid-line indents a broken body.
        const ownLine = o.atStartOfLine;
        o.write("let ");
        this.name(e.name);
        if (e.type) {
          o.write(": ");
          this.type(e.type);
        }
        o.write(" = ");
        this.expr(e.value);
        o.write(" in");
        if (!o.isFlat && this.newlineBetween(e.value.span.end.offset, e.body.span.start.offset)) {
          o.indented(ownLine ? 0 : 2, () => {
            o.newline();
            this.expr(e.body);
          });
        } else {
          o.space();
          this.expr(e.body);
        }
        return;
      }
      case "List":
        this.group("[", "]", e.items, e.span, false, (it) => this.listItem(it), (it) => it.span.start.offset);
        return;
      case "Record":
        this.group("{", "}", e.entries, e.span, true, (en) => this.recordEntry(en), (en) => en.span.start.offset);
        return;
      case "TypedRecord":
        this.type(e.type);
        o.write(" ");
        this.expr(e.record);
        return;
      case "ListComprehension":
        o.write("[");
        this.clauses(e.clauses);
        o.write(": ");
        this.expr(e.body);
        o.leading(e.span.end.offset - 1);
        o.write("]");
        o.mark(e.span);
        return;
      case "MapComprehension":
        o.write("{");
        this.clauses(e.clauses);
        o.write(": ");
        this.expr(e.key);
        o.write(": ");
        this.expr(e.value);
        o.leading(e.span.end.offset - 1);
        o.write("}");
        o.mark(e.span);
        return;
      case "Error":
        this.verbatim(e.span);
        return;
    }
  }

  private listItem(it: A.ListItem): void {
    if (it.kind === "Spread") {
      this.o.leading(it.span.start.offset);
      this.o.write("...");
      this.expr(it.expr);
      return;
    }
    this.expr(it);
  }

  private recordEntry(en: A.RecordEntry): void {
    if (en.kind === "Spread") {
      this.o.leading(en.span.start.offset);
      this.o.write("...");
      this.expr(en.expr);
      return;
    }
    this.fieldName(en.name);
    this.o.write(": ");
    this.expr(en.value);
  }

  private clauses(clauses: readonly A.ComprehensionClause[]): void {
    const o = this.o;
    clauses.forEach((c, i) => {
      if (i > 0) o.write(" ");
      o.leading(c.span.start.offset);
      if (c.kind === "For") {
        o.write("for ");
        if (c.key) {
          this.name(c.key);
          o.write(", ");
        }
        this.name(c.value);
        o.write(" in ");
        this.expr(c.iterable);
      } else {
        o.write("if ");
        this.expr(c.condition);
      }
    });
  }

  /** Operands on one line, or — where the author broke the line — the operator starting the next line (`-` ends the line, as a leading `-` would start a new item). */
  private binary(e: A.BinaryExpr): void {
    const o = this.o;
    this.expr(e.left);
    const broken = !o.isFlat && this.newlineBetween(e.left.span.end.offset, e.right.span.start.offset);
    if (!broken) {
      o.space();
      o.leading(e.opSpan.start.offset);
      o.write(e.op);
      o.mark(e.opSpan);
      o.space();
      this.expr(e.right);
      return;
    }
    if (e.op === "-") {
      o.space();
      o.leading(e.opSpan.start.offset);
      o.write("-");
      o.mark(e.opSpan);
      o.indented(2, () => {
        o.newline();
        this.expr(e.right);
      });
      return;
    }
    o.indented(2, () => {
      o.newline();
      o.leading(e.opSpan.start.offset);
      o.write(e.op);
      o.mark(e.opSpan);
      o.space();
      this.expr(e.right);
    });
  }

  /** `if c then a else b`, or with `else` on the next line when the author put it there (else-if chains stay flat). */
  private ifExpr(e: A.IfExpr, inChain: boolean): void {
    const o = this.o;
    o.write("if ");
    this.expr(e.condition);
    o.write(" then ");
    this.expr(e.then);
    const broken = !o.isFlat && this.newlineBetween(e.then.span.end.offset, e.else.span.start.offset);
    if (!broken) {
      o.write(" else ");
      this.expr(e.else);
      return;
    }
    const elseBranch = () => {
      o.newline();
      o.write("else ");
      if (e.else.kind === "If" && !o.hasCommentBefore(e.else.span.start.offset)) this.ifExpr(e.else, true);
      else this.expr(e.else);
    };
    if (inChain) elseBranch();
    else o.indented(2, elseBranch);
  }

  /** Strings as written; a multi-line string's lines move with its new indentation (same value). */
  private string(e: A.StringExpr): void {
    const o = this.o;
    const raw = this.source.slice(e.span.start.offset, e.span.end.offset);
    if (!e.multiline || !raw.includes("\n")) {
      o.write(raw);
      o.markVerbatim(e.span);
      return;
    }
    const lines = raw.split("\n");
    const closing = lines[lines.length - 1];
    const oldIndent = closing.slice(0, closing.length - closing.trimStart().length);
    const newIndent = " ".repeat(o.indentation + 2);
    const out = [lines[0].trimEnd()];
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line === "" || line === "\r") out.push(line);
      else if (line.startsWith(oldIndent)) out.push(newIndent + line.slice(oldIndent.length));
      else if (line.trim() === "") out.push("");
      else out.push(line);
    }
    o.writeMultiline(out.join("\n"));
    o.markVerbatim(e.span);
  }
}
