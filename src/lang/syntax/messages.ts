/**
 * Plain-words syntax error messages. chevrotain calls these builders when it detects an error;
 * they only return a string, so the extra parts of a diagnostic (label, help, the span of an
 * unclosed bracket) are kept beside the message and picked up when the errors become Diagnostics.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { EOF } from "./chevrotain.js";
import type { Span } from "../../diag/span.js";
import * as T from "./tokens.js";
import { describeTokenType } from "./tokens.js";
import { tokenSpan } from "./spans.js";

/** What a message adds besides its text. */
export interface MessageExtras {
  /** The diagnostic code (MK10xx); MK1010 when absent. */
  code?: string;
  label?: string;
  help?: string[];
  notes?: string[];
  /** Point at the end of the previous token when the found token is on a later line (something is missing there). */
  atLineEnd?: boolean;
  /** The opening bracket of an unclosed group. */
  opener?: { span: Span; message: string };
}

const declarationStarts = "`import`, `param`, `let`, `schema`, `fn` or `emit`";

const closers = new Map<TokenType, TokenType>([
  [T.RBrace, T.LBrace],
  [T.RBracket, T.LBracket],
  [T.RParen, T.LParen],
  [T.StringTail, T.StringHead],
]);

/** What the bracket of each rule encloses, for "expected `}` to close the record opened at ...". */
const groupNouns: Record<string, string> = {
  braceExpression: "record",
  schemaDecl: "schema",
  listExpression: "list",
  callArguments: "argument list",
  annotation: "argument list",
  fnDecl: "parameter list",
  primaryType: "type",
  // unaryExpression holds both `( expr )` and the index `[ expr ]`: see nounFor.
  interpolatedString: "interpolated string",
};

function nounFor(ruleName: string, closer: TokenType): string {
  if (ruleName === "unaryExpression") return closer === T.RParen ? "parenthesis" : "index";
  return groupNouns[ruleName] ?? "group";
}

export class SyntaxMessages implements IParserErrorMessageProvider {
  private file = "";
  private tokens: IToken[] = [];
  private readonly extras = new Map<string, MessageExtras>();

  setInput(file: string, tokens: IToken[]): void {
    this.file = file;
    this.tokens = tokens;
    this.extras.clear();
  }

  extrasFor(message: string): MessageExtras | undefined {
    return this.extras.get(message);
  }

  private say(message: string, extras?: MessageExtras): string {
    if (extras) this.extras.set(message, extras);
    return message;
  }

  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    const { expected, actual, previous, ruleName } = options;
    const found = describeToken(actual);
    if (expected === EOF) return this.notADeclaration(actual);

    const opener = closers.get(expected);
    if (opener) {
      const open = this.findOpener(opener, expected, previous, actual);
      const noun = nounFor(ruleName, expected);
      if (expected === T.StringTail) {
        return this.say(`expected the rest of the string after \`}\`, found ${found}`, { label: "the interpolation should end before this" });
      }
      if (open) {
        const at = `${open.startLine}:${open.startColumn}`;
        return this.say(`expected ${describeTokenType(expected)} to close the ${noun} opened at ${at}, found ${found}`, {
          code: "MK1011",
          label: `expected ${describeTokenType(expected)}`,
          opener: { span: tokenSpan(this.file, open), message: `the ${noun} starts here` },
          help: ruleName === "braceExpression" || ruleName === "listExpression" ? ["separate items with `,` or a newline"] : undefined,
        });
      }
      return this.say(`expected ${describeTokenType(expected)}, found ${found}`, { label: `expected ${describeTokenType(expected)}` });
    }

    if (expected === T.Colon && actual.tokenType === T.Equals) {
      const help =
        ruleName === "schemaField"
          ? ["a schema field is `name: type`, with an optional default: `name: type = value`"]
          : ["record fields use `:` — write `name: value`"];
      return this.say("unexpected `=`: expected `:` after the field name", { code: "MK1014", label: "use `:` here", help });
    }
    if (expected === T.Colon && (ruleName === "schemaField" || ruleName === "recordEntry")) {
      return this.say(`expected \`:\` after the field name, found ${found}`, {
        label: "expected `:`",
        help: [ruleName === "schemaField" ? "a schema field is `name: type`, with an optional default: `name: type = value`" : "a record field is `name: value`"],
        atLineEnd: true,
      });
    }
    if (expected === T.Identifier && actual.tokenType !== T.Identifier && actual.tokenType.CATEGORIES?.includes(T.AnyName)) {
      return this.say(`expected a name, found keyword \`${actual.image}\``, {
        code: "MK1018",
        label: "a keyword cannot be used as a name here",
        help: [`\`${actual.image}\` is a keyword: it may be a field name, but not the name of a variable, parameter or declaration`],
      });
    }
    const hints = new Map<TokenType, string>([
      [T.Else, "an `if` expression always has an `else` branch: `if cond then a else b`"],
      [T.Then, "write `if cond then a else b`"],
      [T.In, "a `let` inside an expression needs `in`: `let x = 1 in x + 1`"],
      [T.As, 'an import needs a name: `import "k8s/apps/v1" as apps`'],
      [T.Equals, ruleName === "fnDecl" ? "a function body follows `=`: `fn name(x: int): int = x + 1`" : "a value follows `=`"],
    ]);
    const hint = hints.get(expected);
    if (expected === T.Identifier) {
      return this.say(`expected a name, found ${found}`, { label: "expected a name", help: hint ? [hint] : undefined, atLineEnd: true });
    }
    return this.say(`expected ${describeTokenType(expected)}, found ${found}`, {
      label: `expected ${describeTokenType(expected)}`,
      help: hint ? [hint] : undefined,
      atLineEnd: true,
    });
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
    return this.notADeclaration(options.firstRedundant);
  }

  buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    const actual = options.actual[0];
    const found = describeToken(actual);
    switch (options.ruleName) {
      case "unaryExpression":
      case "listItem":
        if (actual.tokenType === T.StringMiddle || actual.tokenType === T.StringTail) {
          return this.say("empty interpolation: expected an expression inside `${}`", { code: "MK1012", label: "expected an expression" });
        }
        return this.say(`expected an expression, found ${found}`, { code: "MK1012", label: "expected an expression", atLineEnd: true });
      case "primaryType":
        return this.say(`expected a type, found ${found}`, {
          code: "MK1012",
          label: "expected a type",
          help: ["types are `string`, `int`, `[T]`, `{string: T}`, `T?`, `A | B`, `\"literal\"`, a schema name or `module.Name`"],
        });
      case "declaration":
        return this.notADeclaration(actual);
      case "fieldName":
      case "recordEntry":
        if (actual.tokenType === T.StringHead) {
          return this.say("a field name cannot contain `${...}`", {
            code: "MK1016",
            label: "interpolated field name",
            help: ["build computed keys with a map comprehension: `{for k in keys: \"${k}-x\": 1}`"],
          });
        }
        return this.say(`expected a field name, found ${found}`, { code: "MK1012", label: "expected `name: value` or `...spread`" });
      case "schemaMember":
        return this.say(`expected a schema field or \`check\`, found ${found}`, { code: "MK1012", label: "expected `name: type`" });
      case "stringExpression":
      case "plainString":
        return this.say(`expected a string, found ${found}`, { code: "MK1012", label: "expected a string" });
      default: {
        const firsts = new Set<string>();
        for (const alt of options.expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(describeTokenType(path[0]));
        return this.say(`unexpected ${found}`, { label: firsts.size > 0 && firsts.size <= 4 ? `expected ${[...firsts].join(", ")}` : undefined });
      }
    }
  }

  buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    return this.say(`unexpected ${describeToken(options.actual[0])}`);
  }

  private notADeclaration(actual: IToken): string {
    const help: string[] = [];
    const index = this.indexOf(actual);
    const next = index >= 0 ? this.tokens[index + 1] : undefined;
    if (actual.tokenType === T.Identifier && next?.tokenType === T.Equals) help.push(`did you mean \`let ${actual.image} = ...\`?`);
    else if (actual.tokenType === T.Question) help.push("MKL has no `c ? a : b`; write `if c then a else b`");
    else if (closers.has(actual.tokenType)) help.push(`this ${describeTokenType(actual.tokenType)} has no matching opening bracket`);
    else help.push(`a module is a list of declarations, each starting with ${declarationStarts}`);
    return this.say(`expected a declaration, found ${describeToken(actual)}`, { code: "MK1015", label: "expected a declaration", help });
  }

  /** Index of a token in the input by offset, -1 when it is not there (inserted or virtual). */
  private indexOf(t: IToken): number {
    const tokens = this.tokens;
    let lo = 0;
    let hi = tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = tokens[mid].startOffset;
      if (o === t.startOffset) return tokens[mid] === t ? mid : -1;
      if (o < t.startOffset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The unmatched opening bracket before `previous` (or before `actual` when `previous` is virtual). */
  private findOpener(open: TokenType, close: TokenType, previous: IToken, actual: IToken): IToken | undefined {
    let i = this.indexOf(previous);
    if (i < 0) i = this.indexOf(actual) - 1;
    let depth = 0;
    for (; i >= 0; i--) {
      const type = this.tokens[i].tokenType;
      if (type === close) depth++;
      else if (type === open) {
        if (depth === 0) return this.tokens[i];
        depth--;
      }
    }
    return undefined;
  }
}

/** `let`, `}`, `foo`, `42`, a string, end of file — how a found token reads in a message. */
export function describeToken(t: IToken): string {
  if (t.tokenType === EOF) return "end of file";
  const type = t.tokenType;
  if (type === T.SimpleString || type === T.StringHead || type === T.StringMiddle || type === T.StringTail) return "a string";
  if (type === T.Identifier) return `\`${t.image}\``;
  if (type === T.NumberLit) return `\`${t.image}\``;
  if (type.CATEGORIES?.includes(T.AnyName)) return `keyword \`${t.image}\``;
  return `\`${t.image}\``;
}
