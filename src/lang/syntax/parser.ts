/**
 * The MKL grammar as a chevrotain EmbeddedActionsParser that builds the AST directly (no CST:
 * one pass, fewer allocations — the Kubernetes stdlib is parsed on every compile).
 *
 * One instance is built once (grammar analysis is the expensive part) and reused: `load` points
 * it at a new token vector. Recovery is on: chevrotain inserts or deletes single tokens and
 * re-synchronises at rule boundaries and inside repetitions, so one run reports several errors
 * and still returns a module whose unreadable parts are Error nodes.
 *
 * Layout rules the grammar alone cannot say are enforced with gates on the token positions:
 * - `(`, `[` and `{` continue an expression (call, index, typed record) only on the same line,
 *   so `[a\n(b)]` is two items and a record on the next line is not glued to a name;
 * - a binary `-` at the start of a line begins a new item (`[1\n-1]` has two items);
 * - items inside brackets are separated by `,` or a newline (checked in the actions).
 *
 * Every semantic action runs inside ACTION: during grammar recording chevrotain calls the rule
 * bodies with placeholder tokens and results.
 */
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import { EmbeddedActionsParser, EOF } from "./chevrotain.js";
import type * as A from "../ast.js";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import * as T from "./tokens.js";
import type { StringPayload } from "./tokens.js";
import { classifyNumber } from "./numbers.js";
import { joinSpans, spanFromTokens, tokenEnd, tokenSpan } from "./spans.js";
import { SyntaxMessages } from "./messages.js";

/** Binary operator precedence, higher binds tighter (lowest first: with, ??, ||, &&, ==, <, +, *). */
const precedence: Record<A.BinaryOp, number> = {
  with: 1,
  "??": 2,
  "||": 3,
  "&&": 4,
  "==": 5,
  "!=": 5,
  "<": 6,
  "<=": 6,
  ">": 6,
  ">=": 6,
  "+": 7,
  "-": 7,
  "*": 8,
  "/": 8,
  "%": 8,
};

/** Tokens that can begin an item in brackets (an expression, a spread, a field or a parameter). */
const itemStarts: ReadonlySet<TokenType> = new Set([
  // (a column-1 `let` is not here: it begins a declaration)
  T.Identifier,
  T.NumberLit,
  T.SimpleString,
  T.StringHead,
  T.LParen,
  T.LBracket,
  T.LBrace,
  T.Bang,
  T.Minus,
  T.Ellipsis,
  T.At,
  ...T.keywords.values(),
]);

function canStartItem(t: TokenType): boolean {
  return itemStarts.has(t);
}

/** The parts of chevrotain's recovery machinery that `tryInRuleRecovery` builds on (not in its typings). */
interface ChevrotainInternals {
  consumeToken(): void;
  tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken;
}

type BraceResult = A.RecordExpr | A.MapComprehension | A.ErrorExpr;
type ListResult = A.ListExpr | A.ListComprehension | A.ErrorExpr;

export class MklParser extends EmbeddedActionsParser {
  /** The file name put into spans. */
  private file = "";
  /** Doc comments of the current input in source order (attached to declarations and fields). */
  private docs: A.Comment[] = [];
  private text = "";
  /** Diagnostics found by actions (numbers, separators, layout) rather than by chevrotain. */
  private actionDiagnostics: Diagnostic[] = [];
  /** Turns chevrotain's error callbacks into plain-words messages (it needs the token vector). */
  readonly messages: SyntaxMessages;

  constructor() {
    const messages = new SyntaxMessages();
    super(T.allTokenTypes, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: messages });
    this.messages = messages;
    this.performSelfAnalysis();
  }

  /** Points the parser at new input. */
  load(file: string, text: string, tokens: IToken[], docs: A.Comment[]): void {
    this.file = file;
    this.text = text;
    this.docs = docs;
    this.actionDiagnostics = [];
    this.messages.setInput(file, tokens);
    this.input = tokens;
  }

  takeActionDiagnostics(): Diagnostic[] {
    const d = this.actionDiagnostics;
    this.actionDiagnostics = [];
    return d;
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private span(first: IToken): Span {
    const last = this.LA(0);
    if (first.isInsertedInRecovery || first.startOffset !== first.startOffset) return this.tokSpan(first);
    if (last.startOffset !== last.startOffset) return this.tokSpan(first);
    return spanFromTokens(this.file, first, last);
  }

  /** A token's span; a token inserted by recovery (no position) gets an empty span after the last real token. */
  /** From the start of `span` to the end of the last consumed token. */
  private extendTo(span: Span): Span {
    const last = this.LA(0);
    if (last.startOffset !== last.startOffset) return span;
    return { file: this.file, start: span.start, end: tokenEnd(last) };
  }

  private tokSpan(t: IToken): Span {
    if (t.isInsertedInRecovery || t.startOffset !== t.startOffset) {
      const prev = this.LA(0);
      if (prev.startOffset === prev.startOffset && prev.endLine !== undefined) {
        const end = tokenSpan(this.file, prev).end;
        return { file: this.file, start: end, end };
      }
      return { file: this.file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
    }
    return tokenSpan(this.file, t);
  }

  private name(t: IToken): A.Name {
    return { name: t.image, span: this.tokSpan(t) };
  }

  /**
   * The name a declaration or binding introduces. The grammar allows only identifiers; a keyword
   * is read anyway (so parsing goes on) and reported.
   */
  private binding(t: IToken): A.Name {
    const n = this.name(t);
    if (T.keywordTypes.has(t.tokenType)) {
      this.actionDiagnostics.push(
        error("MK1018", `expected a name, found keyword \`${t.image}\``, {
          span: n.span,
          label: "a keyword cannot be used as a name here",
          help: [`\`${t.image}\` is a keyword: it may be a field name, but not the name of a variable, parameter or declaration`],
        }),
      );
    }
    return n;
  }

  private newlineBefore(): boolean {
    return this.LA(0).endLine! < this.LA(1).startLine!;
  }

  /** `(`, `[`, `{` continue an expression only on the same line; `.` and `?.` anywhere. */
  private postfixContinues(): boolean {
    const t = this.LA(1).tokenType;
    if (t === T.Dot || t === T.QuestionDot) return true;
    if (t === T.LParen || t === T.LBracket || t === T.LBrace) return !this.newlineBefore();
    return false;
  }

  /** A `-` starting a line is a new item, and `with:` is a field named `with`, not the operator. */
  private binaryContinues(): boolean {
    const t = this.LA(1).tokenType;
    if (t === T.Minus) return !this.newlineBefore();
    if (t === T.With) return this.LA(2).tokenType !== T.Colon;
    return true;
  }

  /**
   * A keyword that is not followed by `:` cannot begin a field (`let y = 2` after a record left
   * open): stopping there lets the parser report the missing `}` and read the next declaration.
   */
  private startsField(allowCheck: boolean): boolean {
    const next = this.LA(1);
    if (next.tokenType === T.Identifier || this.LA(2).tokenType === T.Colon) return true;
    if (allowCheck && next.tokenType === T.Check) return true;
    return !T.keywordTypes.has(next.tokenType);
  }

  /**
   * After an item without a comma, the next item must start on a new line. `closer` is the token
   * that ends the bracketed group (no separator needed before it).
   */
  private checkSeparator(hadComma: boolean, closer: TokenType, what: string): void {
    if (hadComma) return;
    const next = this.LA(1);
    if (next.tokenType === closer || next.tokenType === EOF) return;
    if (this.newlineBefore() || !canStartItem(next.tokenType)) return;
    this.actionDiagnostics.push(
      error("MK1013", `expected \`,\` or a newline between ${what}`, {
        span: this.tokSpan(next),
        label: "a new item starts here",
        help: [`separate ${what} with \`,\` or put each on its own line`],
      }),
    );
  }

  /** The `///` lines directly above `offset` (no blank line or other token between them and it). */
  private docBefore(offset: number): A.DocComment | undefined {
    const docs = this.docs;
    if (docs.length === 0) return undefined;
    let lo = 0;
    let hi = docs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (docs[mid].span.end.offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === -1 || !this.onlySpace(docs[found].span.end.offset, offset)) return undefined;
    let first = found;
    while (first > 0 && this.onlySpace(docs[first - 1].span.end.offset, docs[first].span.start.offset)) first--;
    const lines: string[] = [];
    for (let i = first; i <= found; i++) {
      const body = docs[i].text.slice(3);
      lines.push(body.startsWith(" ") ? body.slice(1) : body);
    }
    return { text: lines.join("\n"), span: joinSpans(docs[first].span, docs[found].span) };
  }

  /** True when only blanks and at most one line break separate the two offsets (a blank line detaches a doc comment). */
  private onlySpace(from: number, to: number): boolean {
    const text = this.text;
    let newlines = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        if (++newlines > 1) return false;
      } else if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  }

  /**
   * chevrotain's in-rule recovery inserts or deletes one token; this adds replacement for the
   * commonest slip, `=` written where `:` belongs (`{ name = "web" }`), so parsing continues
   * with the value. The mismatch itself has already been recorded as an error.
   */
  tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken {
    const next = this.LA(1);
    if (expected === T.Colon && next.tokenType === T.Equals) {
      (this as unknown as ChevrotainInternals).consumeToken();
      return next;
    }
    return (EmbeddedActionsParser.prototype as unknown as ChevrotainInternals).tryInRuleRecovery.call(this, expected, follows);
  }

  private errorExpr(e: IRecognitionException): A.ErrorExpr {
    return { kind: "Error", span: this.recoverySpan(e) };
  }

  private recoverySpan(e: IRecognitionException): Span {
    const t = e.token;
    if (t && t.startOffset === t.startOffset && t.startLine === t.startLine && t.startLine !== undefined) return this.tokSpan(t);
    const prev = this.LA(0);
    if (prev.startLine !== undefined && prev.startLine === prev.startLine) return this.tokSpan(prev);
    return { file: this.file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
  }

  // ───────────────────────────── module and declarations ─────────────────────────────

  /** The declarations read so far: a module with an unrecoverable error at its end keeps them. */
  private partialDeclarations: A.Declaration[] = [];
  private moduleStart: IToken | undefined;

  public module = this.RULE(
    "module",
    (): A.Module => {
      const first = this.LA(1);
      this.ACTION(() => {
        this.partialDeclarations = [];
        this.moduleStart = first;
      });
      this.MANY(() => {
        const d = this.SUBRULE(this.declaration);
        this.ACTION(() => {
          if (d) this.partialDeclarations.push(d);
        });
      });
      return this.ACTION(() => this.buildModule());
    },
    { recoveryValueFunc: () => this.buildModule() },
  );

  private buildModule(): A.Module {
    const declarations = this.partialDeclarations;
    const tokens = this.input;
    const last = tokens[tokens.length - 1];
    const first = this.moduleStart ?? last;
    return {
      kind: "Module",
      file: this.file,
      declarations,
      imports: declarations.filter((d): d is A.ImportDecl => d.kind === "Import"),
      comments: [],
      span: first && last ? spanFromTokens(this.file, first, last) : { file: this.file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } },
    };
  }

  public declaration = this.RULE(
    "declaration",
    (): A.Declaration | undefined => {
      const first = this.LA(1);
      const annotations: A.Annotation[] = [];
      this.ACTION(() => {
        this.partialDecl = undefined;
        this.partialStart = first;
        this.partialAnnotations = annotations;
      });
      this.MANY(() => {
        const a = this.SUBRULE(this.annotation);
        this.ACTION(() => annotations.push(a));
      });
      const decl = this.OR([
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.paramDecl) },
        { ALT: () => this.SUBRULE(this.letDecl) },
        { ALT: () => this.SUBRULE(this.schemaDecl) },
        { ALT: () => this.SUBRULE(this.fnDecl) },
        { ALT: () => this.SUBRULE(this.emitDecl) },
      ]);
      return this.ACTION(() => (decl ? this.finishDeclaration(decl, first, annotations) : undefined));
    },
    {
      // An error that ends a declaration early keeps what was read (its name stays defined, so
      // later uses of it do not cascade into "unknown name" errors).
      recoveryValueFunc: () => {
        const d = this.partialDecl;
        this.partialDecl = undefined;
        if (!d || !this.partialStart) return undefined;
        d.span = this.span(this.partialStart);
        return this.finishDeclaration(d, this.partialStart, this.partialAnnotations);
      },
    },
  );

  /** The declaration being read, as far as it got; the token it starts at and its annotations. */
  private partialDecl: A.Declaration | undefined;
  private partialStart: IToken | undefined;
  private partialAnnotations: A.Annotation[] = [];
  /** The schema member being read, as far as it got. */
  private partialMember: A.SchemaMember | undefined;

  private finishDeclaration<D extends A.Declaration | A.SchemaMember>(d: D, first: IToken, annotations: A.Annotation[]): D {
    d.annotations = annotations;
    const doc = this.docBefore(first.startOffset);
    if (doc) d.doc = doc;
    if (annotations.length > 0) d.span = joinSpans(annotations[0].span, d.span);
    return d;
  }



  public annotation = this.RULE("annotation", (): A.Annotation => {
    const at = this.CONSUME(T.At);
    const name = this.CONSUME(T.Identifier);
    const args: A.Expr[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY(() => {
        const arg = this.SUBRULE(this.expression);
        const comma = this.OPTION2(() => this.CONSUME(T.Comma));
        this.ACTION(() => {
          args.push(arg);
          this.checkSeparator(comma !== undefined, T.RParen, "arguments");
        });
      });
      this.CONSUME(T.RParen);
    });
    return this.ACTION(() => ({ kind: "Annotation" as const, name: this.name(name), args, span: this.span(at) }));
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "Annotation" as const, name: { name: "", span: this.recoverySpan(e) }, args: [], span: this.recoverySpan(e) }) });

  public importDecl = this.RULE("importDecl", (): A.ImportDecl | undefined => {
    const kw = this.CONSUME(T.Import);
    const path = this.SUBRULE(this.plainString);
    this.CONSUME(T.As);
    const alias = this.CONSUME(T.AnyName);
    return this.ACTION(() => ({ kind: "Import" as const, path, alias: this.binding(alias), annotations: [], span: this.span(kw) }));
  }, { recoveryValueFunc: () => undefined });

  public paramDecl = this.RULE("paramDecl", (): A.ParamDecl | undefined => {
    const kw = this.CONSUME(T.Param);
    const nameTok = this.CONSUME(T.AnyName);
    let decl!: A.ParamDecl;
    this.ACTION(() => {
      decl = { kind: "Param", name: this.binding(nameTok), annotations: [], span: this.span(kw) };
      this.partialDecl = decl;
    });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      const type = this.SUBRULE(this.typeExpr);
      this.ACTION(() => (decl.type = type));
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      const value = this.SUBRULE(this.expression);
      this.ACTION(() => (decl.default = value));
    });
    return this.ACTION(() => {
      decl.span = this.span(kw);
      if (!decl.type && !decl.default && nameTok.image) {
        this.actionDiagnostics.push(
          error("MK1019", `param \`${nameTok.image}\` needs a type or a default value`, {
            span: decl.name.span,
            help: [`write \`param ${nameTok.image}: string\` (set with -p ${nameTok.image}=...) or \`param ${nameTok.image} = "value"\``],
          }),
        );
      }
      return decl;
    });
  }, { recoveryValueFunc: () => undefined });

  public letDecl = this.RULE("letDecl", (): A.LetDecl | undefined => {
    const kw = this.CONSUME(T.AnyLet);
    const nameTok = this.CONSUME(T.AnyName);
    let decl!: A.LetDecl;
    this.ACTION(() => {
      const name = this.binding(nameTok);
      decl = { kind: "Let", name, value: { kind: "Error", span: name.span }, annotations: [], span: this.span(kw) };
      this.partialDecl = decl;
    });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      const type = this.SUBRULE(this.typeExpr);
      this.ACTION(() => (decl.type = type));
    });
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      decl.value = value;
      decl.span = this.span(kw);
      return decl;
    });
  }, { recoveryValueFunc: () => undefined });

  public schemaDecl = this.RULE("schemaDecl", (): A.SchemaDecl | undefined => {
    const kw = this.CONSUME(T.Schema);
    const nameTok = this.CONSUME(T.AnyName);
    const members: A.SchemaMember[] = [];
    this.ACTION(() => {
      this.partialDecl = { kind: "Schema", name: this.binding(nameTok), members, annotations: [], span: this.span(kw) };
    });
    this.CONSUME(T.LBrace);
    this.MANY({
      GATE: () => this.startsField(true),
      DEF: () => {
        const m = this.SUBRULE(this.schemaMember);
        const comma = this.OPTION(() => this.CONSUME(T.Comma));
        this.ACTION(() => {
          if (m) members.push(m);
          this.checkSeparator(comma !== undefined, T.RBrace, "schema fields");
        });
      },
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const decl = this.partialDecl as A.SchemaDecl;
      decl.span = this.span(kw);
      return decl;
    });
  }, { recoveryValueFunc: () => undefined });

  public schemaMember = this.RULE(
    "schemaMember",
    (): A.SchemaMember | undefined => {
      const first = this.LA(1);
      const annotations: A.Annotation[] = [];
      this.ACTION(() => (this.partialMember = undefined));
      this.MANY(() => {
        const a = this.SUBRULE(this.annotation);
        this.ACTION(() => annotations.push(a));
      });
      // `check: T` is a field named check; `check cond` is a constraint. One token of lookahead
      // (plus the gate) so that `a int` goes to schemaField and is reported as a missing `:`.
      const member = this.OR({
        MAX_LOOKAHEAD: 1,
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.LA(2).tokenType !== T.Colon, ALT: () => this.SUBRULE(this.schemaCheck) },
          { ALT: () => this.SUBRULE(this.schemaField) },
        ],
      });
      return this.ACTION(() => (member ? this.finishDeclaration(member, first, annotations) : undefined));
    },
    {
      recoveryValueFunc: () => {
        const m = this.partialMember;
        this.partialMember = undefined;
        return m;
      },
    },
  );

  public schemaField = this.RULE("schemaField", (): A.SchemaField | undefined => {
    const first = this.LA(1);
    const name = this.SUBRULE(this.fieldName);
    let field!: A.SchemaField;
    this.ACTION(() => {
      field = { kind: "SchemaField", name, type: { kind: "ErrorType", span: name.span }, annotations: [], span: this.span(first) };
      this.partialMember = field;
    });
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeExpr);
    this.ACTION(() => (field.type = type));
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      const value = this.SUBRULE(this.expression);
      this.ACTION(() => (field.default = value));
    });
    return this.ACTION(() => {
      field.span = this.span(first);
      return field;
    });
  }, { recoveryValueFunc: () => undefined });

  public schemaCheck = this.RULE("schemaCheck", (): A.SchemaCheck | undefined => {
    const kw = this.CONSUME(T.Check);
    const condition = this.SUBRULE(this.expression);
    let message: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      message = this.SUBRULE2(this.expression);
    });
    return this.ACTION(() => {
      const check: A.SchemaCheck = { kind: "SchemaCheck", condition, annotations: [], span: this.span(kw) };
      if (message) check.message = message;
      return check;
    });
  }, { recoveryValueFunc: () => undefined });

  public fnDecl = this.RULE("fnDecl", (): A.FnDecl | undefined => {
    const kw = this.CONSUME(T.Fn);
    const nameTok = this.CONSUME(T.AnyName);
    const params: A.FnParam[] = [];
    let fn!: A.FnDecl;
    this.ACTION(() => {
      const name = this.binding(nameTok);
      fn = { kind: "Fn", name, params, body: { kind: "Error", span: name.span }, annotations: [], span: this.span(kw) };
      this.partialDecl = fn;
    });
    this.CONSUME(T.LParen);
    this.MANY({
      // A column-1 `let` begins the next declaration: the parameter list was left open.
      GATE: () => this.LA(1).tokenType !== T.LineStartLet,
      DEF: () => {
        const p = this.SUBRULE(this.fnParam);
        const comma = this.OPTION(() => this.CONSUME(T.Comma));
        this.ACTION(() => {
          params.push(p);
          this.checkSeparator(comma !== undefined, T.RParen, "parameters");
        });
      },
    });
    this.CONSUME(T.RParen);
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      const returnType = this.SUBRULE(this.typeExpr);
      this.ACTION(() => (fn.returnType = returnType));
    });
    this.CONSUME(T.Equals);
    const body = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      fn.body = body;
      fn.span = this.span(kw);
      return fn;
    });
  }, { recoveryValueFunc: () => undefined });

  public fnParam = this.RULE("fnParam", (): A.FnParam => {
    const name = this.CONSUME(T.AnyName);
    let type: A.TypeExpr | undefined;
    let value: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeExpr);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      value = this.SUBRULE(this.expression);
    });
    return this.ACTION(() => {
      const p: A.FnParam = { kind: "FnParam", name: this.binding(name), span: this.span(name) };
      if (type) p.type = type;
      if (value) p.default = value;
      return p;
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "FnParam" as const, name: { name: "", span: this.recoverySpan(e) }, span: this.recoverySpan(e) }) });

  public emitDecl = this.RULE("emitDecl", (): A.EmitDecl | undefined => {
    const kw = this.CONSUME(T.Emit);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: "Emit" as const, value, annotations: [], span: this.span(kw) }));
  }, { recoveryValueFunc: () => undefined });

  // ───────────────────────────── types ─────────────────────────────

  public typeExpr = this.RULE(
    "typeExpr",
    (): A.TypeExpr => {
      const first = this.LA(1);
      const members: A.TypeExpr[] = [];
      const head = this.SUBRULE(this.optionalType);
      this.ACTION(() => members.push(head));
      this.MANY(() => {
        this.CONSUME(T.Pipe);
        const next = this.SUBRULE2(this.optionalType);
        this.ACTION(() => members.push(next));
      });
      return this.ACTION(() => (members.length === 1 ? members[0] : { kind: "UnionType" as const, members, span: this.span(first) }));
    },
    { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "ErrorType" as const, span: this.recoverySpan(e) }) },
  );

  public optionalType = this.RULE("optionalType", (): A.TypeExpr => {
    const first = this.LA(1);
    let type = this.SUBRULE(this.primaryType);
    this.MANY(() => {
      // `T??` lexes as one `??` token: two optional markers.
      const q = this.OR([{ ALT: () => this.CONSUME(T.Question) }, { ALT: () => this.CONSUME(T.QuestionQuestion) }]);
      this.ACTION(() => {
        type = { kind: "OptionalType", inner: type, span: this.span(first) };
        if (q.tokenType === T.QuestionQuestion) type = { kind: "OptionalType", inner: type, span: this.span(first) };
      });
    });
    return type;
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "ErrorType" as const, span: this.recoverySpan(e) }) });

  public primaryType = this.RULE(
    "primaryType",
    (): A.TypeExpr =>
      this.OR([
        { ALT: () => this.SUBRULE(this.namedType) },
        {
          ALT: () => {
            const open = this.CONSUME(T.LBracket);
            const element = this.SUBRULE(this.typeExpr);
            this.CONSUME(T.RBracket);
            return this.ACTION(() => ({ kind: "ListType" as const, element, span: this.span(open) }));
          },
        },
        {
          ALT: () => {
            const open = this.CONSUME(T.LBrace);
            const key = this.SUBRULE2(this.typeExpr);
            this.CONSUME(T.Colon);
            const value = this.SUBRULE3(this.typeExpr);
            this.CONSUME(T.RBrace);
            return this.ACTION(() => ({ kind: "MapType" as const, key, value, span: this.span(open) }));
          },
        },
        {
          ALT: () => {
            const s = this.SUBRULE(this.plainString);
            return this.ACTION(() => ({ kind: "StringLiteralType" as const, value: s.value, span: s.span }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.Null);
            return this.ACTION(() => ({ kind: "NullType" as const, span: this.tokSpan(t) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE4(this.typeExpr);
            this.CONSUME(T.RParen);
            return inner;
          },
        },
      ]),
    { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "ErrorType" as const, span: this.recoverySpan(e) }) },
  );

  public namedType = this.RULE("namedType", (): A.TypeExpr => {
    const first = this.CONSUME(T.Identifier);
    let second: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      second = this.CONSUME2(T.Identifier);
    });
    return this.ACTION(() => {
      if (second) return { kind: "NamedType" as const, module: this.name(first), name: this.name(second), span: this.span(first) };
      return { kind: "NamedType" as const, name: this.name(first), span: this.span(first) };
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "ErrorType" as const, span: this.recoverySpan(e) }) });

  // ───────────────────────────── expressions ─────────────────────────────

  public expression = this.RULE(
    "expression",
    (): A.Expr => {
      const operands: A.Expr[] = [];
      const operators: IToken[] = [];
      const head = this.SUBRULE(this.unaryExpression);
      this.ACTION(() => operands.push(head));
      this.MANY({
        GATE: () => this.binaryContinues(),
        DEF: () => {
          const op = this.CONSUME(T.BinaryOperator);
          const rhs = this.SUBRULE2(this.unaryExpression);
          this.ACTION(() => {
            operators.push(op);
            operands.push(rhs);
          });
        },
      });
      return this.ACTION(() => (operators.length === 0 ? operands[0] : this.climb(operands, operators)));
    },
    { recoveryValueFunc: (e: IRecognitionException) => this.errorExpr(e) },
  );

  /** Builds left-associative binary nodes by precedence (shunting-yard over the flat operand list). */
  private climb(operands: A.Expr[], operators: IToken[]): A.Expr {
    const out: A.Expr[] = [operands[0]];
    const ops: IToken[] = [];
    const reduce = () => {
      const op = ops.pop()!;
      const right = out.pop()!;
      const left = out.pop()!;
      out.push({ kind: "Binary", op: op.image as A.BinaryOp, opSpan: this.tokSpan(op), left, right, span: joinSpans(left.span, right.span) });
    };
    for (let i = 0; i < operators.length; i++) {
      const p = precedence[operators[i].image as A.BinaryOp];
      while (ops.length > 0 && precedence[ops[ops.length - 1].image as A.BinaryOp] >= p) reduce();
      ops.push(operators[i]);
      out.push(operands[i + 1]);
    }
    while (ops.length > 0) reduce();
    return out[0];
  }

  /**
   * Prefix operators, a primary (the EBNF's primaryExpression), then member access, index, call
   * and typed-record postfixes. One rule rather than three: it runs for every operand, and each
   * rule invocation costs.
   */
  public unaryExpression = this.RULE("unaryExpression", (): A.Expr => {
    const ops: IToken[] = [];
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Bang) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.ACTION(() => ops.push(op));
    });
    let e = this.OR2([
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLit);
          return this.ACTION(() => this.numberNode(t));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.SimpleString);
          return this.ACTION(() => this.simpleStringNode(t));
        },
      },
      { ALT: () => this.SUBRULE(this.interpolatedString) },
      {
        ALT: () => {
          const t = this.CONSUME(T.Identifier);
          return this.ACTION(() => ({ kind: "Ident" as const, name: t.image, span: this.tokSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.True);
          return this.ACTION(() => ({ kind: "Bool" as const, value: true, span: this.tokSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.False);
          return this.ACTION(() => ({ kind: "Bool" as const, value: false, span: this.tokSpan(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Null);
          return this.ACTION(() => ({ kind: "Null" as const, span: this.tokSpan(t) }));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const inner = this.SUBRULE2(this.expression);
          this.CONSUME(T.RParen);
          return this.ACTION(() => ({ kind: "Paren" as const, expr: inner, span: this.span(open) }));
        },
      },
      { ALT: () => this.SUBRULE(this.listExpression) },
      { ALT: () => this.SUBRULE2(this.braceExpression) },
      { ALT: () => this.SUBRULE(this.ifExpression) },
      { ALT: () => this.SUBRULE(this.letExpression) },
    ]) as A.Expr;
    this.MANY2({
      GATE: () => this.postfixContinues(),
      DEF: () => {
        this.OR4([
          {
            ALT: () => {
              const dot = this.OR3([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.QuestionDot) }]);
              const name = this.CONSUME(T.AnyName);
              this.ACTION(() => {
                const n = this.name(name);
                e = { kind: "Member", object: e, name: n, optional: dot.tokenType === T.QuestionDot, span: joinSpans(e.span, n.span) };
              });
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              const index = this.SUBRULE(this.expression);
              this.CONSUME(T.RBracket);
              this.ACTION(() => {
                e = { kind: "Index", object: e, index, span: this.extendTo(e.span) };
              });
            },
          },
          {
            ALT: () => {
              const args = this.SUBRULE(this.callArguments);
              this.ACTION(() => {
                e = { kind: "Call", callee: e, args, span: this.extendTo(e.span) };
              });
            },
          },
          {
            ALT: () => {
              const body = this.SUBRULE(this.braceExpression);
              this.ACTION(() => {
                e = this.typedRecord(e, body);
              });
            },
          },
        ]);
      },
    });
    return this.ACTION(() => {
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i];
        const opSpan = this.tokSpan(op);
        e = { kind: "Unary", op: op.image as A.UnaryOp, opSpan, operand: e, span: joinSpans(opSpan, e.span) };
      }
      return e;
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => this.errorExpr(e) });

  private numberNode(t: IToken): A.Expr {
    const span = this.tokSpan(t);
    const c = classifyNumber(t.image);
    switch (c.kind) {
      case "Int":
        return { kind: "Int", value: c.value, raw: t.image, span };
      case "Float":
        return { kind: "Float", value: c.value, raw: t.image, span };
      case "Quantity":
        return { kind: "Quantity", raw: t.image, amount: c.amount, suffix: c.suffix, span };
      default:
        this.actionDiagnostics.push(error("MK1005", c.message, { span, help: c.help }));
        return { kind: "Error", span };
    }
  }

  private simpleStringNode(t: IToken): A.StringExpr {
    const p = t.payload as StringPayload;
    const span = this.tokSpan(t);
    const parts: A.StringPart[] = p.value === "" ? [] : [{ kind: "Text", value: p.value, span }];
    return { kind: "String", parts, multiline: p.multiline, span };
  }

  /** `Name { ... }` / `mod.Name { ... }`; anything else before `{` is reported. */
  private typedRecord(head: A.Expr, body: BraceResult): A.Expr {
    const span = joinSpans(head.span, body.span);
    let type: A.NamedType | undefined;
    if (head.kind === "Ident") type = { kind: "NamedType", name: { name: head.name, span: head.span }, span: head.span };
    else if (head.kind === "Member" && !head.optional && head.object.kind === "Ident") {
      const mod = head.object;
      type = { kind: "NamedType", module: { name: mod.name, span: mod.span }, name: head.name, span: head.span };
    }
    if (head.kind === "Error" || body.kind === "Error") return { kind: "Error", span };
    if (!type) {
      this.actionDiagnostics.push(
        error("MK1017", "only a schema name can come before a record literal", {
          span: head.span,
          label: "this is not a schema name",
          help: ["write `Name { ... }` or `module.Name { ... }`, or put the record on its own line"],
        }),
      );
      return { kind: "Error", span };
    }
    if (body.kind !== "Record") {
      this.actionDiagnostics.push(
        error("MK1017", "a typed record needs fields, not a comprehension", {
          span: body.span,
          help: [`build the map first and spread it: \`${type.module ? `${type.module.name}.` : ""}${type.name.name} { ...m }\``],
        }),
      );
      return { kind: "Error", span };
    }
    return { kind: "TypedRecord", type, record: body, span };
  }

  public callArguments = this.RULE("callArguments", (): A.Expr[] => {
    const args: A.Expr[] = [];
    this.CONSUME(T.LParen);
    this.MANY(() => {
      const arg = this.SUBRULE(this.expression);
      const comma = this.OPTION(() => this.CONSUME(T.Comma));
      this.ACTION(() => {
        args.push(arg);
        this.checkSeparator(comma !== undefined, T.RParen, "arguments");
      });
    });
    this.CONSUME(T.RParen);
    return args;
  }, { recoveryValueFunc: () => [] });

  public stringExpression = this.RULE("stringExpression", (): A.StringExpr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.SimpleString);
          return this.ACTION(() => this.simpleStringNode(t));
        },
      },
      { ALT: () => this.SUBRULE(this.interpolatedString) },
    ]);
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "String" as const, parts: [], multiline: false, span: this.recoverySpan(e) }) });

  /** `"text${expr}text${expr}text"`: head, expressions separated by middles, tail. */
  public interpolatedString = this.RULE("interpolatedString", (): A.StringExpr => {
    const head = this.CONSUME(T.StringHead);
    const parts: A.StringPart[] = [];
    this.ACTION(() => this.pushText(parts, head));
    const first = this.SUBRULE(this.expression);
    this.ACTION(() => parts.push({ kind: "Interpolation", expr: first, span: first.span }));
    this.MANY(() => {
      const middle = this.CONSUME(T.StringMiddle);
      this.ACTION(() => this.pushText(parts, middle));
      const next = this.SUBRULE2(this.expression);
      this.ACTION(() => parts.push({ kind: "Interpolation", expr: next, span: next.span }));
    });
    const tail = this.CONSUME(T.StringTail);
    return this.ACTION(() => {
      this.pushText(parts, tail);
      return { kind: "String" as const, parts, multiline: (head.payload as StringPayload).multiline, span: this.span(head) };
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "String" as const, parts: [], multiline: false, span: this.recoverySpan(e) }) });

  private pushText(parts: A.StringPart[], t: IToken): void {
    const p = t.payload as StringPayload | undefined;
    if (!p || p.value === "") return;
    parts.push({ kind: "Text", value: p.value, span: this.tokSpan(t) });
  }

  /** A string without interpolation (import paths, literal types, field names). */
  public plainString = this.RULE(
    "plainString",
    (): A.StringLiteral => {
      const s = this.SUBRULE(this.stringExpression);
      return this.ACTION(() => {
        const interpolation = s.parts.find((p) => p.kind === "Interpolation");
        if (interpolation) {
          this.actionDiagnostics.push(
            error("MK1016", "`${...}` is not allowed here: this string must be a constant", {
              span: interpolation.span,
              label: "interpolation",
            }),
          );
        }
        let value = "";
        for (const p of s.parts) if (p.kind === "Text") value += p.value;
        return { value, span: s.span };
      });
    },
    { recoveryValueFunc: (e: IRecognitionException) => ({ value: "", span: this.recoverySpan(e) }) },
  );

  public fieldName = this.RULE(
    "fieldName",
    (): A.FieldName =>
      this.OR([
        {
          ALT: () => {
            const t = this.CONSUME(T.AnyName);
            return this.ACTION(() => ({ name: t.image, span: this.tokSpan(t), quoted: false }));
          },
        },
        {
          ALT: () => {
            const s = this.SUBRULE(this.plainString);
            return this.ACTION(() => ({ name: s.value, span: s.span, quoted: true }));
          },
        },
      ]),
    { recoveryValueFunc: (e: IRecognitionException) => ({ name: "", span: this.recoverySpan(e), quoted: false }) },
  );

  public listExpression = this.RULE("listExpression", (): ListResult => {
    const open = this.CONSUME(T.LBracket);
    const result = this.OR([
      {
        ALT: () => {
          const clauses = this.SUBRULE(this.comprehensionClauses);
          this.CONSUME(T.Colon);
          const body = this.SUBRULE(this.expression);
          return this.ACTION(() => ({ kind: "ListComprehension" as const, clauses, body, span: this.tokSpan(open) }));
        },
      },
      {
        ALT: () => {
          const items: A.ListItem[] = [];
          this.MANY(() => {
            const item = this.SUBRULE(this.listItem);
            const comma = this.OPTION(() => this.CONSUME(T.Comma));
            this.ACTION(() => {
              items.push(item);
              this.checkSeparator(comma !== undefined, T.RBracket, "list items");
            });
          });
          return this.ACTION(() => ({ kind: "List" as const, items, span: this.tokSpan(open) }));
        },
      },
    ]);
    this.CONSUME(T.RBracket);
    return this.ACTION(() => {
      result.span = this.span(open);
      return result;
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => this.errorExpr(e) });

  public listItem = this.RULE("listItem", (): A.ListItem =>
    this.OR([
      { ALT: () => this.SUBRULE(this.spread) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]),
  { recoveryValueFunc: (e: IRecognitionException) => this.errorExpr(e) },
  );

  public spread = this.RULE("spread", (): A.Spread => {
    const dots = this.CONSUME(T.Ellipsis);
    const expr = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: "Spread" as const, expr, span: this.span(dots) }));
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "Spread" as const, expr: this.errorExpr(e), span: this.recoverySpan(e) }) });

  /** `{` starts a record or a map comprehension (`{for k, v in m: k: v}`; `{for: 1}` is a record). */
  public braceExpression = this.RULE("braceExpression", (): BraceResult => {
    const open = this.CONSUME(T.LBrace);
    const result = this.OR([
      {
        GATE: () => this.LA(2).tokenType !== T.Colon,
        ALT: () => {
          const clauses = this.SUBRULE(this.comprehensionClauses);
          this.CONSUME(T.Colon);
          const key = this.SUBRULE(this.expression);
          this.CONSUME2(T.Colon);
          const value = this.SUBRULE2(this.expression);
          return this.ACTION(() => ({ kind: "MapComprehension" as const, clauses, key, value, span: this.tokSpan(open) }));
        },
      },
      {
        ALT: () => {
          const entries: A.RecordEntry[] = [];
          this.MANY({
            GATE: () => this.startsField(false),
            DEF: () => {
              const entry = this.SUBRULE(this.recordEntry);
              const comma = this.OPTION(() => this.CONSUME(T.Comma));
              this.ACTION(() => {
                entries.push(entry);
                this.checkSeparator(comma !== undefined, T.RBrace, "record fields");
              });
            },
          });
          return this.ACTION(() => ({ kind: "Record" as const, entries, span: this.tokSpan(open) }));
        },
      },
    ]);
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      result.span = this.span(open);
      return result;
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => this.errorExpr(e) });

  /** A field or a spread. The field name alternatives are inlined (this runs for every field). */
  public recordEntry = this.RULE(
    "recordEntry",
    (): A.RecordEntry =>
      this.OR([
        { ALT: () => this.SUBRULE(this.spread) },
        {
          ALT: () => {
            const first = this.LA(1);
            const name = this.OR2([
              {
                ALT: () => {
                  const t = this.CONSUME(T.AnyName);
                  return this.ACTION(() => ({ name: t.image, span: this.tokSpan(t), quoted: false }));
                },
              },
              {
                ALT: () => {
                  const str = this.SUBRULE(this.plainString);
                  return this.ACTION(() => ({ name: str.value, span: str.span, quoted: true }));
                },
              },
            ]) as A.FieldName;
            this.CONSUME(T.Colon);
            const value = this.SUBRULE(this.expression);
            return this.ACTION(() => ({ kind: "Field" as const, name, value, span: this.span(first) }));
          },
        },
      ]),
    { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "Spread" as const, expr: this.errorExpr(e), span: this.recoverySpan(e) }) },
  );

  public comprehensionClauses = this.RULE("comprehensionClauses", (): A.ComprehensionClause[] => {
    const clauses: A.ComprehensionClause[] = [];
    const head = this.SUBRULE(this.forClause);
    this.ACTION(() => clauses.push(head));
    this.MANY(() => {
      const c = this.OR([
        { ALT: () => this.SUBRULE2(this.forClause) },
        {
          ALT: () => {
            const kw = this.CONSUME(T.If);
            const condition = this.SUBRULE(this.expression);
            return this.ACTION(() => ({ kind: "IfClause" as const, condition, span: this.span(kw) }));
          },
        },
      ]);
      this.ACTION(() => clauses.push(c));
    });
    return clauses;
  }, { recoveryValueFunc: () => [] });

  public forClause = this.RULE("forClause", (): A.ForClause => {
    const kw = this.CONSUME(T.For);
    const first = this.CONSUME(T.AnyName);
    let second: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      second = this.CONSUME2(T.AnyName);
    });
    this.CONSUME(T.In);
    const iterable = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const clause: A.ForClause = second
        ? { kind: "For", key: this.binding(first), value: this.binding(second), iterable, span: this.span(kw) }
        : { kind: "For", value: this.binding(first), iterable, span: this.span(kw) };
      return clause;
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => ({ kind: "For" as const, value: { name: "", span: this.recoverySpan(e) }, iterable: this.errorExpr(e), span: this.recoverySpan(e) }) });

  public ifExpression = this.RULE("ifExpression", (): A.Expr => {
    const kw = this.CONSUME(T.If);
    const condition = this.SUBRULE(this.expression);
    this.CONSUME(T.Then);
    const then = this.SUBRULE2(this.expression);
    this.CONSUME(T.Else);
    const otherwise = this.SUBRULE3(this.expression);
    return this.ACTION(() => ({ kind: "If" as const, condition, then, else: otherwise, span: this.span(kw) }));
  }, { recoveryValueFunc: (e: IRecognitionException) => this.errorExpr(e) });

  public letExpression = this.RULE("letExpression", (): A.Expr => {
    const kw = this.CONSUME(T.Let);
    const name = this.CONSUME(T.AnyName);
    let type: A.TypeExpr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expression);
    this.CONSUME(T.In);
    const body = this.SUBRULE2(this.expression);
    return this.ACTION(() => {
      const e: A.LetExpr = { kind: "LetIn", name: this.binding(name), value, body, span: this.span(kw) };
      if (type) e.type = type;
      return e;
    });
  }, { recoveryValueFunc: (e: IRecognitionException) => this.errorExpr(e) });
}
