/**
 * Token positions → Spans. chevrotain tokens carry inclusive end offsets and columns; Spans are
 * half-open. Tokens inserted by error recovery have no position (NaN); callers pass real tokens
 * (the parser uses the last consumed token, never an inserted one, for node ends).
 */
import type { IToken } from "chevrotain";
import type { Position, Span } from "../../diag/span.js";

export function tokenStart(t: IToken): Position {
  return { line: t.startLine!, col: t.startColumn!, offset: t.startOffset };
}

export function tokenEnd(t: IToken): Position {
  return { line: t.endLine!, col: t.endColumn! + 1, offset: t.endOffset! + 1 };
}

export function tokenSpan(file: string, t: IToken): Span {
  return { file, start: tokenStart(t), end: tokenEnd(t) };
}

/** From the start of `first` to the end of `last`; empty (at `first`) when `last` ends before `first` starts. */
export function spanFromTokens(file: string, first: IToken, last: IToken): Span {
  const start = tokenStart(first);
  if (!(last.endOffset! + 1 >= first.startOffset)) return { file, start, end: start };
  return { file, start, end: tokenEnd(last) };
}

/** From the start of one span to the end of another. */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: a.start, end: b.end.offset >= a.start.offset ? b.end : a.start };
}

/** True when the token has a real position (not inserted by recovery, not chevrotain's virtual EOF). */
export function hasPosition(t: IToken): boolean {
  return t.startOffset === t.startOffset && t.startLine !== undefined && t.startLine === t.startLine;
}
