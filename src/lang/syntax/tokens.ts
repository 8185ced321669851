/**
 * MKL token types. The lexer (lexer.ts) is hand-written (strings with interpolation and
 * multi-line indentation rules are easier to get right and fast by hand), so the token types
 * have no patterns; they exist for the chevrotain parser, its grammar analysis and the
 * railroad diagrams (the `label` is what the diagrams and error messages show).
 */
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

const NA = Lexer.NA;

// Categories: a token of a member type also matches its category in the parser.

/** Anything usable as a field name: identifiers and every keyword (`type`, `if` ... are Kubernetes-ish field names). */
export const AnyName = createToken({ name: "AnyName", pattern: NA, label: "name" });
/** Every binary operator (precedence is applied by the parser's action, not by the grammar). */
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: NA, label: "binary operator" });

export const Identifier = createToken({ name: "Identifier", pattern: NA, label: "identifier", categories: [AnyName] });

function keyword(word: string, extra: TokenType[] = []): TokenType {
  const name = `${word[0].toUpperCase()}${word.slice(1)}`;
  return createToken({ name, pattern: NA, label: `'${word}'`, categories: [AnyName, ...extra] });
}

/** Any `let`: the declaration keyword accepts both kinds below. */
export const AnyLet = createToken({ name: "AnyLet", pattern: NA, label: "'let'" });

export const Import = keyword("import");
export const As = keyword("as");
export const Param = keyword("param");
/** `let` anywhere but column 1: a declaration or a `let ... in` expression. */
export const Let = keyword("let", [AnyLet]);
/**
 * `let` in column 1: always a declaration (layout rule L6), so an open bracket or a missing
 * value before it cannot swallow the next declaration.
 */
export const LineStartLet = createToken({ name: "LineStartLet", pattern: NA, label: "'let'", categories: [AnyName, AnyLet] });
export const In = keyword("in");
export const Schema = keyword("schema");
export const Fn = keyword("fn");
export const Emit = keyword("emit");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const For = keyword("for");
export const Check = keyword("check");
export const With = keyword("with", [BinaryOperator]);
export const True = keyword("true");
export const False = keyword("false");
export const Null = keyword("null");

/** Keyword spelling → token type. */
export const keywords: ReadonlyMap<string, TokenType> = new Map([
  ["import", Import],
  ["as", As],
  ["param", Param],
  ["let", Let],
  ["in", In],
  ["schema", Schema],
  ["fn", Fn],
  ["emit", Emit],
  ["if", If],
  ["then", Then],
  ["else", Else],
  ["for", For],
  ["check", Check],
  ["with", With],
  ["true", True],
  ["false", False],
  ["null", Null],
]);

/** A number, possibly with a quantity suffix (`42`, `3.14`, `1e3`, `500m`, `512Mi`); classified by the parser. */
export const NumberLit = createToken({ name: "Number", pattern: NA, label: "number" });
/** A complete string without interpolation (`"..."` or `"""` multi-line); payload: StringPayload. */
export const SimpleString = createToken({ name: "String", pattern: NA, label: "string" });
/** `"text${` — the start of an interpolated string. */
export const StringHead = createToken({ name: "StringHead", pattern: NA, label: "string start" });
/** `}text${` — text between two interpolations. */
export const StringMiddle = createToken({ name: "StringMiddle", pattern: NA, label: "string middle" });
/** `}text"` — the end of an interpolated string. */
export const StringTail = createToken({ name: "StringTail", pattern: NA, label: "string end" });

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: NA, label: `'${text}'`, categories });
}

export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Dot = punct("Dot", ".");
export const QuestionDot = punct("QuestionDot", "?.");
export const Ellipsis = punct("Ellipsis", "...");
export const Equals = punct("Equals", "=");
export const Question = punct("Question", "?");
export const Pipe = punct("Pipe", "|");
export const At = punct("At", "@");
export const Bang = punct("Bang", "!");
export const QuestionQuestion = punct("QuestionQuestion", "??", [BinaryOperator]);
export const OrOr = punct("OrOr", "||", [BinaryOperator]);
export const AndAnd = punct("AndAnd", "&&", [BinaryOperator]);
export const EqEq = punct("EqEq", "==", [BinaryOperator]);
export const NotEq = punct("NotEq", "!=", [BinaryOperator]);
export const LtEq = punct("LtEq", "<=", [BinaryOperator]);
export const Lt = punct("Lt", "<", [BinaryOperator]);
export const GtEq = punct("GtEq", ">=", [BinaryOperator]);
export const Gt = punct("Gt", ">", [BinaryOperator]);
export const Plus = punct("Plus", "+", [BinaryOperator]);
export const Minus = punct("Minus", "-", [BinaryOperator]);
export const Star = punct("Star", "*", [BinaryOperator]);
export const Slash = punct("Slash", "/", [BinaryOperator]);
export const Percent = punct("Percent", "%", [BinaryOperator]);

/** Every token type the parser knows, categories included. */
export const allTokenTypes: TokenType[] = [
  AnyName,
  BinaryOperator,
  Identifier,
  AnyLet,
  LineStartLet,
  ...keywords.values(),
  NumberLit,
  SimpleString,
  StringHead,
  StringMiddle,
  StringTail,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Colon,
  Dot,
  QuestionDot,
  Ellipsis,
  Equals,
  Question,
  Pipe,
  At,
  Bang,
  QuestionQuestion,
  OrOr,
  AndAnd,
  EqEq,
  NotEq,
  LtEq,
  Lt,
  GtEq,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
];

/** Every keyword token type (both kinds of `let` included). */
export const keywordTypes: ReadonlySet<TokenType> = new Set([...keywords.values(), LineStartLet]);

/** The decoded text of a string token (escapes resolved, multi-line indentation removed). */
export interface StringPayload {
  value: string;
  multiline: boolean;
}

/** How a token type reads in a message: `}` for punctuation and keywords, a word for the rest. */
export function describeTokenType(type: TokenType): string {
  const label = type.LABEL ?? type.name;
  if (label.startsWith("'") && label.endsWith("'")) return `\`${label.slice(1, -1)}\``;
  return label === "string start" || label === "string middle" || label === "string end" ? "string" : label;
}
