/** Shared helpers of the syntax tests: parse-or-fail, position-free trees, span checks. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { Expr, Module, TypeExpr } from "../../src/lang/ast.js";
import type { Diagnostic } from "../../src/diag/diagnostic.js";
import { LineIndex, type Span } from "../../src/diag/span.js";
import { parseModule } from "../../src/lang/syntax/parse.js";

/** The repository root (tests run from dist/test/lang-syntax/). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Parses and fails the test on any diagnostic. */
export function parseOk(text: string, file = "test.mkl"): Module {
  const { module, diagnostics } = parseModule(file, text);
  assert.deepEqual(
    diagnostics.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.col} ${d.message}`),
    [],
    `unexpected diagnostics for:\n${text}`,
  );
  return module;
}

/** The value of `let x = <expr>` (the first declaration must be a let). */
export function expr(source: string): Expr {
  const m = parseOk(`let x = ${source}\n`);
  const d = m.declarations[0];
  assert.equal(d.kind, "Let");
  return d.kind === "Let" ? d.value : (undefined as never);
}

/** The type of `let x: <type> = null`. */
export function type(source: string): TypeExpr {
  const m = parseOk(`let x: ${source} = null\n`);
  const d = m.declarations[0];
  assert.ok(d.kind === "Let" && d.type, "expected a typed let");
  return d.kind === "Let" ? d.type! : (undefined as never);
}

/** A deep copy without positions, for shape assertions. */
export function shape(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (k, v) => (k === "span" || k === "opSpan" ? undefined : v)));
}

/** Renders an expression tree compactly: `(+ a (* b c))`, for precedence assertions. */
export function sexpr(e: Expr): string {
  switch (e.kind) {
    case "Binary":
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case "Unary":
      return `(${e.op} ${sexpr(e.operand)})`;
    case "Ident":
      return e.name;
    case "Int":
    case "Float":
    case "Quantity":
      return e.raw;
    case "Member":
      return `${sexpr(e.object)}${e.optional ? "?." : "."}${e.name.name}`;
    case "Index":
      return `${sexpr(e.object)}[${sexpr(e.index)}]`;
    case "Call":
      return `${sexpr(e.callee)}(${e.args.map(sexpr).join(", ")})`;
    case "Paren":
      return `[${sexpr(e.expr)}]`;
    case "If":
      return `(if ${sexpr(e.condition)} ${sexpr(e.then)} ${sexpr(e.else)})`;
    default:
      return e.kind;
  }
}

/** Asserts that a span lies inside the text and that its line/col agree with its offsets. */
export function assertValidSpan(span: Span, file: string, text: string, index = new LineIndex(text), what = "span"): void {
  assert.equal(span.file, file, `${what}: file`);
  for (const [name, p] of [["start", span.start], ["end", span.end]] as const) {
    assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length, `${what}: ${name} offset ${p.offset} outside 0..${text.length}`);
    const expected = index.position(p.offset);
    assert.equal(p.line, expected.line, `${what}: ${name} line of offset ${p.offset}`);
    assert.equal(p.col, expected.col, `${what}: ${name} col of offset ${p.offset}`);
  }
  assert.ok(span.start.offset <= span.end.offset, `${what}: start after end`);
}

export function assertValidDiagnostics(diagnostics: readonly Diagnostic[], file: string, text: string): void {
  const index = new LineIndex(text);
  for (const d of diagnostics) {
    assert.match(d.code, /^MK1\d{3}$/, `code of ${d.message}`);
    assert.ok(d.message.length > 0);
    assert.ok(d.span, `diagnostic ${d.code} has a span`);
    assertValidSpan(d.span!, file, text, index, `${d.code} ${d.message}`);
    for (const s of d.secondary ?? []) assertValidSpan(s.span, file, text, index, `${d.code} secondary`);
  }
}

/** Every span in a tree (nodes, names, operators). */
export function* allSpans(node: unknown, path = "$"): Generator<[string, Span]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* allSpans(node[i], `${path}[${i}]`);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  for (const [k, v] of Object.entries(node)) {
    if ((k === "span" || k === "opSpan") && v && typeof v === "object") yield [`${path}.${k}`, v as Span];
    else yield* allSpans(v, `${path}.${k}`);
  }
}
