/**
 * Entry points of the MKL syntax layer: text → AST + diagnostics. Never throws; a module with
 * syntax errors still comes back, with Error nodes where the parser could not read.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { EOF } from "./chevrotain.js";
import type { Expr, Module, TypeExpr } from "../ast.js";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import { lex } from "./lexer.js";
import { MklParser } from "./parser.js";
import { tokenEnd, tokenSpan } from "./spans.js";

export interface ParseResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}

/** At most this many syntax diagnostics per file: after that they are mostly echoes of the first ones. */
const maxDiagnostics = 50;

let shared: MklParser | undefined;

/** The parser instance, built on first use (grammar analysis takes a few milliseconds) and reused. */
export function mklParser(): MklParser {
  shared ??= new MklParser();
  return shared;
}

/** Parses a module. The module's `comments` hold every comment, for the formatter. */
export function parseModule(file: string, text: string): { module: Module; diagnostics: Diagnostic[] } {
  const r = run(file, text, (p) => p.module(), emptyModule);
  r.value.comments = r.comments;
  return { module: r.value, diagnostics: r.diagnostics };
}

/** Parses a type expression alone (e.g. `[string]?`), as used by builtin signatures and tools. */
export function parseTypeExpression(file: string, text: string): ParseResult<TypeExpr> {
  const r = run(file, text, (p) => p.typeExpr(), errorType);
  return { value: r.value, diagnostics: r.diagnostics };
}

/** Parses an expression alone (e.g. a `-p name=value` given as MKL). */
export function parseExpression(file: string, text: string): ParseResult<Expr> {
  const r = run(file, text, (p) => p.expression(), errorExpr);
  return { value: r.value, diagnostics: r.diagnostics };
}

function run<T>(file: string, text: string, rule: (p: MklParser) => T, empty: (file: string) => T) {
  const lexed = lex(file, text);
  if (lexed.tooDeep) return { value: empty(file), diagnostics: settle(lexed.diagnostics), comments: lexed.comments };
  const parser = mklParser();
  const docs = lexed.comments.filter((c) => c.kind === "doc");
  parser.load(file, text, lexed.tokens, docs);
  let value: T;
  const diagnostics = [...lexed.diagnostics];
  try {
    value = rule(parser);
    diagnostics.push(...parser.takeActionDiagnostics());
    for (const e of parser.errors) diagnostics.push(toDiagnostic(file, parser, e));
  } catch (e) {
    // Only a stack overflow can escape the parser (a chain of hundreds of nested `if`/`let`).
    if (!(e instanceof RangeError)) throw e;
    value = empty(file);
    diagnostics.push(
      error("MK1020", "this file nests expressions too deeply to be read", {
        span: { file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } },
        help: ["give inner values names with `let` and refer to them"],
      }),
    );
  }
  parser.load(file, "", [], []);
  return { value, diagnostics: settle(diagnostics), comments: lexed.comments };
}

const zero = { line: 1, col: 1, offset: 0 };

function emptyModule(file: string): Module {
  return { kind: "Module", file, declarations: [], imports: [], comments: [], span: { file, start: zero, end: zero } };
}

function errorExpr(file: string): Expr {
  return { kind: "Error", span: { file, start: zero, end: zero } };
}

function errorType(file: string): TypeExpr {
  return { kind: "ErrorType", span: { file, start: zero, end: zero } };
}

function toDiagnostic(file: string, parser: MklParser, e: IRecognitionException): Diagnostic {
  const extras = parser.messages.extrasFor(e.message) ?? {};
  const code = extras.code ?? "MK1010";
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  // Something missing at the end of a line is shown there, not at the start of the next line.
  const atLineEnd = extras.atLineEnd === true && previous !== undefined && previous.endLine! < e.token.startLine!;
  const span = errorSpan(file, atLineEnd ? eofLike(e.token) : e.token, previous);
  const d = error(code, e.message, { span });
  if (extras.label) d.label = extras.label;
  if (extras.opener) d.secondary = [{ span: extras.opener.span, message: extras.opener.message }];
  if (extras.notes?.length) d.notes = extras.notes;
  if (extras.help?.length) d.help = extras.help;
  return d;
}

/** A stand-in for a token so that `errorSpan` points after the previous one. */
function eofLike(t: IToken): IToken {
  return { ...t, tokenType: EOF };
}

/** The found token; at the end of the file, the point just after the last real token. */
function errorSpan(file: string, token: IToken, previous: IToken | undefined): Span {
  const real = (t: IToken | undefined): t is IToken => t !== undefined && t.startOffset === t.startOffset && t.startLine !== undefined && t.startLine === t.startLine;
  if (real(token) && token.tokenType !== EOF) return tokenSpan(file, token);
  if (real(previous) && previous.tokenType !== EOF) {
    const end = tokenEnd(previous);
    return { file, start: end, end };
  }
  if (real(token)) return tokenSpan(file, token);
  return { file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
}

/** Sorted by position, one diagnostic per position (recovery can report the same spot twice), capped. */
function settle(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.span?.start.offset ?? 0) - (b.d.span?.start.offset ?? 0) || a.i - b.i)
    .map((x) => x.d);
  const out: Diagnostic[] = [];
  let lastOffset = -1;
  const reportedOpeners = new Set<number>();
  for (const d of sorted) {
    const offset = d.span?.start.offset ?? -1;
    if (offset === lastOffset && offset !== -1) continue;
    // One "unclosed bracket" report per opening bracket.
    const opener = d.code === "MK1011" ? d.secondary?.[0]?.span.start.offset : undefined;
    if (opener !== undefined) {
      if (reportedOpeners.has(opener)) continue;
      reportedOpeners.add(opener);
    }
    lastOffset = offset;
    out.push(d);
  }
  if (out.length > maxDiagnostics) {
    const kept = out.slice(0, maxDiagnostics);
    const last = kept[kept.length - 1];
    last.notes = [...(last.notes ?? []), `${out.length - maxDiagnostics} more syntax errors in this file are not shown`];
    return kept;
  }
  return out;
}
