import {
  anyType,
  functionType,
  isPrimitiveName,
  listType,
  literalType,
  mapType,
  nullType,
  primitiveType,
  recordType,
  type FunctionParam,
  type FunctionType,
  type RecordFieldType,
  type Type,
} from "./type.js";
import { optionalOf, unionOf } from "./union.js";

/**
 * Parses a builtin's signature, written in MKL type syntax as the builtins registry declares it:
 * `fn(s: string, sep?: string): [string]`, `fn(...{string: T}): {string: T}`,
 * `fn(m: {string: T}): [{ key: string, value: T }]`. Single capital letters are type variables.
 * Signatures are fixed program text, so a malformed one is a bug in the registry: the result is
 * then a function of `any`s (and the registry's own test catches it), never an exception.
 */
export function parseSignature(text: string): FunctionType {
  const cached = cache.get(text);
  if (cached) return cached;
  const parser = new SignatureParser(text);
  const parsed = parser.functionType();
  const result = parsed && parser.atEnd() ? parsed : functionType([], anyType, anyType);
  cache.set(text, result);
  return result;
}

/** Whether a signature parses (for the registry's tests). */
export function isValidSignature(text: string): boolean {
  const parser = new SignatureParser(text);
  return parser.functionType() !== undefined && parser.atEnd();
}

const cache = new Map<string, FunctionType>();

const tokenPattern = /\s*(\.\.\.|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|[()[\]{}:,?|])/y;

class SignatureParser {
  private readonly tokens: string[] = [];
  private pos = 0;

  constructor(text: string) {
    tokenPattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = tokenPattern.exec(text)) !== null) {
      this.tokens.push(m[1]);
      end = tokenPattern.lastIndex;
    }
    if (text.slice(end).trim() !== "") this.tokens.push("\u0000"); // an unreadable rest fails the parse
  }

  atEnd(): boolean {
    return this.pos === this.tokens.length;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private eat(token: string): boolean {
    if (this.tokens[this.pos] !== token) return false;
    this.pos++;
    return true;
  }

  functionType(): FunctionType | undefined {
    if (!this.eat("fn") || !this.eat("(")) return undefined;
    const params: FunctionParam[] = [];
    let rest: Type | undefined;
    if (!this.eat(")")) {
      do {
        if (this.eat("...")) {
          rest = this.type();
          if (!rest) return undefined;
          break;
        }
        const name = this.peek();
        if (name === undefined || !/^[A-Za-z_]/.test(name)) return undefined;
        this.pos++;
        const optional = this.eat("?");
        if (!this.eat(":")) return undefined;
        const type = this.type();
        if (!type) return undefined;
        params.push({ name, type, optional });
      } while (this.eat(","));
      if (!this.eat(")")) return undefined;
    }
    if (!this.eat(":")) return undefined;
    const result = this.type();
    return result && functionType(params, result, rest);
  }

  private type(): Type | undefined {
    const members: Type[] = [];
    do {
      const t = this.postfix();
      if (!t) return undefined;
      members.push(t);
    } while (this.eat("|"));
    return members.length === 1 ? members[0] : unionOf(members);
  }

  private postfix(): Type | undefined {
    let t = this.primary();
    while (t && this.eat("?")) t = optionalOf(t);
    return t;
  }

  private primary(): Type | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    if (token === "fn") return this.functionType();
    this.pos++;
    if (token === "[") {
      const element = this.type();
      return element && this.eat("]") ? listType(element) : undefined;
    }
    if (token === "(") {
      const inner = this.type();
      return inner && this.eat(")") ? inner : undefined;
    }
    if (token === "{") return this.braces();
    if (token.startsWith('"')) return literalType(JSON.parse(token) as string);
    if (token === "null") return nullType;
    if (token === "any") return anyType;
    if (isPrimitiveName(token)) return primitiveType(token);
    if (/^[A-Z]$/.test(token)) return { kind: "var", name: token };
    return undefined;
  }

  /** `{string: T}` (a map) or `{ key: string, value: T }` (a record). */
  private braces(): Type | undefined {
    if (this.peek() === "string" && this.tokens[this.pos + 1] === ":" && this.isMapValueAhead()) {
      this.pos += 2;
      const value = this.type();
      return value && this.eat("}") ? mapType(value) : undefined;
    }
    const fields = new Map<string, RecordFieldType>();
    if (this.eat("}")) return recordType(fields);
    do {
      const name = this.peek();
      if (name === undefined || !/^[A-Za-z_]/.test(name)) return undefined;
      this.pos++;
      if (!this.eat(":")) return undefined;
      const type = this.type();
      if (!type) return undefined;
      fields.set(name, { type });
    } while (this.eat(","));
    return this.eat("}") ? recordType(fields) : undefined;
  }

  /** `{string: T}` has exactly one entry; a record whose only field is named `string` would not. */
  private isMapValueAhead(): boolean {
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t === "{" || t === "[" || t === "(") depth++;
      else if (t === "}" || t === "]" || t === ")") {
        if (depth === 0) return true;
        depth--;
      } else if (t === "," && depth === 0) return false;
    }
    return false;
  }
}
