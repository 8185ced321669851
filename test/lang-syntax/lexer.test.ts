import { test } from "node:test";
import assert from "node:assert/strict";
import { lex } from "../../src/lang/syntax/lexer.js";
import type { StringPayload } from "../../src/lang/syntax/tokens.js";
import { parseModule } from "../../src/lang/syntax/parse.js";

const kinds = (text: string) => lex("t", text).tokens.map((t) => t.tokenType.name);

test("tokens carry 1-based lines and columns and inclusive ends", () => {
  const { tokens } = lex("t", "let x = 1\n  emit x");
  const emit = tokens.find((t) => t.image === "emit")!;
  assert.deepEqual([emit.startLine, emit.startColumn, emit.endColumn, emit.startOffset, emit.endOffset], [2, 3, 6, 12, 15]);
  const eof = tokens[tokens.length - 1];
  assert.equal(eof.tokenType.name, "EOF");
  assert.deepEqual([eof.startLine, eof.startColumn, eof.startOffset], [2, 9, 18]);
});

test("operators take the longest match", () => {
  assert.deepEqual(kinds("a?.b ?? c ... == != <= >= && || ! ? |"), [
    "Identifier", "QuestionDot", "Identifier", "QuestionQuestion", "Identifier", "Ellipsis", "EqEq", "NotEq",
    "LtEq", "GtEq", "AndAnd", "OrOr", "Bang", "Question", "Pipe", "EOF",
  ]);
});

test("keywords are their own tokens; other words are identifiers", () => {
  assert.deepEqual(kinds(" let letter with within"), ["Let", "Identifier", "With", "Identifier", "EOF"]);
  // `let` in column 1 is its own token type: it always begins a declaration.
  assert.deepEqual(kinds("let a = 1\n  let"), ["LineStartLet", "Identifier", "Equals", "Number", "Let", "EOF"]);
});

test("an interpolated string is head, expression tokens, middle, tail", () => {
  const { tokens, diagnostics } = lex("t", '"a${x}b${ {c: "d"}.c }e"');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    tokens.map((t) => t.tokenType.name),
    ["StringHead", "Identifier", "StringMiddle", "LBrace", "Identifier", "Colon", "String", "RBrace", "Dot", "Identifier", "StringTail", "EOF"],
  );
  assert.deepEqual(
    tokens.filter((t) => t.payload).map((t) => (t.payload as StringPayload).value),
    ["a", "b", "d", "e"],
  );
});

test("CRLF line ends and a byte-order mark are accepted", () => {
  const text = "\uFEFFlet a = 1\r\nlet s = \"\"\"\r\n  x\r\n  y\r\n  \"\"\"\r\n// c\r\n";
  const { module, diagnostics } = parseModule("t", text);
  assert.deepEqual(diagnostics, []);
  assert.equal(module.declarations.length, 2);
  const s = module.declarations[1];
  assert.ok(s.kind === "Let" && s.value.kind === "String");
  assert.deepEqual(s.value.parts.map((p) => (p.kind === "Text" ? p.value : "")), ["x\ny"], "multi-line strings use \\n line breaks");
  assert.equal(module.comments[0].text, "// c");
});

test("doc comments are exactly three slashes", () => {
  const { comments } = lex("t", "/// doc\n//// not doc\n// plain\n///\n");
  assert.deepEqual(comments.map((c) => c.kind), ["doc", "line", "line", "doc"]);
});

test("a lone `$` and an escaped `\\${` are text", () => {
  const { tokens } = lex("t", String.raw`"cost: $5 and \${x}"`);
  assert.equal(tokens[0].tokenType.name, "String");
  assert.equal((tokens[0].payload as StringPayload).value, "cost: $5 and ${x}");
});
