import { error, type Diagnostic } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import { suggestName } from "../../diag/suggest.js";
import { findMismatch, type Mismatch } from "../types/assign.js";
import { typeToString } from "../types/print.js";
import { admitsNull, membersOf, withoutNull } from "../types/union.js";
import type { Type } from "../types/type.js";
import { CheckCode } from "./codes.js";
import type { Scope } from "./scope.js";

/**
 * What an expected type is for, in words, so that a mismatch says where the expectation came from:
 * "field `replicas` of apps.DeploymentSpec", "argument `w` of `deployment`", "the result of `f`".
 */
export interface Expectation {
  readonly what?: string;
  /** Inside the right operand of `with`: required fields may be left out (the left side has them). */
  readonly partial?: boolean;
}

export function show(t: Type, scope: Scope): string {
  return typeToString(t, scope.env.namer);
}

/** The string literals of an enum type (`"A" | "B"`, optionally with null), or undefined if it is not one. */
export function enumValues(t: Type): string[] | undefined {
  const members = membersOf(withoutNull(t));
  if (members.length === 0) return undefined;
  const values: string[] = [];
  for (const m of members) {
    if (m.kind !== "literal" || typeof m.value !== "string") return undefined;
    values.push(m.value);
  }
  return values;
}

/** Reports a value that does not fit where it is used, at the value's span. */
export function reportMismatch(scope: Scope, span: Span, found: Type, expected: Type, ctx: Expectation): void {
  const allowed = enumValues(expected);
  if (allowed && found.kind === "literal" && typeof found.value === "string") {
    scope.env.report(notInEnum(span, found.value, allowed, expected, scope, ctx));
    return;
  }
  const why = findMismatch(found, expected);
  const notes: string[] = [];
  if (why && (why.path.length > 0 || why.kind !== "type")) notes.push(describeMismatch(why, scope));
  // An optional field's `?` says it may be absent; it is noise when the value is not null.
  const nonNull = withoutNull(expected);
  const shown = admitsNull(found) || nonNull.kind === "never" ? expected : nonNull;
  if (nonNull.kind === "int" && (found.kind === "float" || (found.kind === "literal" && typeof found.value === "number")))
    notes.push("a float is not an int; use math.round, math.floor or math.ceil");
  const help: string[] = [];
  if (nonNull.kind === "list" && (found.kind === "record" || found.kind === "schema")) help.push("a list is written `[ ... ]`: put the record in brackets");
  if (nonNull.kind === "map" && found.kind === "list") help.push("a map is written `{ key: value }`, not as a list");
  scope.env.report(
    error(CheckCode.mismatchedTypes, `mismatched types${ctx.what ? ` for ${ctx.what}` : ""}`, {
      span,
      label: `expected ${show(shown, scope)}, found ${show(found, scope)}`,
      ...(notes.length ? { notes } : {}),
      ...(help.length ? { help } : {}),
    }),
  );
}

export function notInEnum(span: Span, value: string, allowed: readonly string[], expected: Type, scope: Scope, ctx: Expectation): Diagnostic {
  const suggestion = suggestName(value, allowed);
  return error(CheckCode.notInEnum, `\`${value}\` is not one of ${show(withoutNull(expected), scope)}`, {
    span,
    label: suggestion !== undefined ? `did you mean ${JSON.stringify(suggestion)}?` : "not an allowed value",
    ...(ctx.what ? { notes: [`expected by ${ctx.what}`] } : {}),
  });
}

function describeMismatch(m: Mismatch, scope: Scope): string {
  const at = m.path.join(".").replace(/\.\[\]/g, "[]");
  switch (m.kind) {
    case "unknown-field":
      return `${at ? `at \`${at}\`: ` : ""}unknown field \`${m.field}\``;
    case "missing-field":
      return `${at ? `at \`${at}\`: ` : ""}missing required field \`${m.field}\``;
    default:
      return `at \`${at}\`: expected ${show(m.target as Type, scope)}, found ${show(m.source as Type, scope)}`;
  }
}

/** The first character of a span (a record's opening brace). */
export function firstCharacter(span: Span): Span {
  return { file: span.file, start: span.start, end: { line: span.start.line, col: span.start.col + 1, offset: span.start.offset + 1 } };
}

/** `a`, `a` and `b`, `a`, `b` and `c`. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
