import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { suggestName } from "../../diag/suggest.js";
import { isAssignable } from "../types/assign.js";
import { join, withoutNull } from "../types/union.js";
import { anyType, errorType, isDynamic, isRequiredField, mapType, recordType, schemaType, type RecordFieldType, type SchemaDef, type Type } from "../types/type.js";
import { CheckCode } from "./codes.js";
import { firstCharacter, listNames, reportMismatch, show, type Expectation } from "./report.js";
import type { Scope } from "./scope.js";
import type { ExprTyper } from "./typer.js";

/** The most field names listed in a "available fields" note. */
const maxListedFields = 8;

/**
 * Checks a record literal against a schema: every field must be declared (MK2001, at the field's
 * name, with "did you mean"), every value must fit its field's type (checked with that type as the
 * expectation, so nested records are checked against nested schemas), and every required field
 * must be given (MK2003, at the opening brace) unless the record is the right side of `with`.
 */
export function checkRecordAgainstSchema(typer: ExprTyper, record: A.RecordExpr, schema: SchemaDef, scope: Scope, ctx: Expectation): Type {
  const fields = schema.fields();
  const schemaName = show(schemaType(schema), scope);
  const present = new Set<string>();
  const explicit = new Map<string, A.Span>();
  let open = false; // a spread of unknown shape may supply any field
  for (const entry of record.entries) {
    if (entry.kind === "Spread") {
      const t = withoutNull(typer.infer(entry.expr, scope));
      if (isDynamic(t) || t.kind === "map") {
        open = true;
        if (t.kind === "map") checkSpreadValues(t.value, entry, schema, scope);
        continue;
      }
      if (t.kind === "schema" || t.kind === "record") {
        const spreadFields = t.kind === "schema" ? [...t.schema.fields()].map(([n, f]) => [n, f.type, !f.optional || f.hasDefault] as const) : [...t.fields].map(([n, f]) => [n, f.type, true] as const);
        for (const [name, type, always] of spreadFields) {
          const field = fields.get(name);
          if (!field) {
            reportUnknownField(scope, entry.span, name, schema, schemaName, "this spread has it");
            continue;
          }
          if (!isAssignable(type, field.type)) reportMismatch(scope, entry.span, type, field.type, { what: `field \`${name}\` of ${schemaName} (from this spread)` });
          if (always) present.add(name);
        }
        continue;
      }
      reportBadSpread(scope, entry, t, "a record");
      continue;
    }
    const name = entry.name.name;
    const earlier = explicit.get(name);
    if (earlier) reportDuplicateField(scope, entry, earlier);
    explicit.set(name, entry.name.span);
    present.add(name);
    const field = fields.get(name);
    if (!field) {
      reportUnknownField(scope, entry.name.span, name, schema, schemaName);
      typer.infer(entry.value, scope);
      continue;
    }
    typer.check(entry.value, field.type, scope, { what: `field \`${name}\` of ${schemaName}`, partial: ctx.partial });
  }
  if (!ctx.partial && !open) {
    const missing = [...fields.values()].filter((f) => isRequiredField(f) && !present.has(f.name));
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      scope.env.report(
        error(CheckCode.missingField, `missing required field${names.length === 1 ? "" : "s"} ${listNames(names)} in ${schemaName}`, {
          span: firstCharacter(record.span),
          label: `${schemaName} needs ${listNames(names)}`,
          notes: missing.slice(0, maxListedFields).map((f) => `\`${f.name}: ${show(f.type, scope)}\` has no default`),
        }),
      );
    }
  }
  return schemaType(schema);
}

function reportUnknownField(scope: Scope, span: A.Span, name: string, schema: SchemaDef, schemaName: string, why?: string): void {
  const names = [...schema.fields().keys()];
  const suggestion = suggestName(name, names);
  const notes: string[] = [];
  if (why) notes.push(why);
  if (!suggestion) {
    const shown = names.slice(0, maxListedFields).map((n) => `\`${n}\``);
    if (names.length > maxListedFields) shown.push(`and ${names.length - maxListedFields} more`);
    notes.push(names.length === 0 ? `${schemaName} has no fields` : `${schemaName} has ${shown.join(", ")}`);
  }
  scope.env.report(
    error(CheckCode.unknownField, `unknown field \`${name}\` in ${schemaName}`, {
      span,
      label: suggestion ? `did you mean \`${suggestion}\`?` : "unknown field",
      ...(notes.length ? { notes } : {}),
    }),
  );
}

function checkSpreadValues(value: Type, entry: A.Spread, schema: SchemaDef, scope: Scope): void {
  // A map spread into a schema: its keys are unknown statically; only its value type can be wrong.
  for (const field of schema.fields().values()) if (isAssignable(value, field.type)) return;
  if (isDynamic(value)) return;
  reportBadSpread(scope, entry, mapType(value), `fields of ${show(schemaType(schema), scope)}`);
}

export function reportBadSpread(scope: Scope, entry: A.Spread, t: Type, expected: string): void {
  scope.env.report(
    error(CheckCode.badSpread, `cannot spread ${show(t, scope)} here`, {
      span: entry.span,
      label: `expected ${expected}`,
    }),
  );
}

function reportDuplicateField(scope: Scope, entry: A.RecordField, earlier: A.Span): void {
  scope.env.report(
    error(CheckCode.duplicateField, `field \`${entry.name.name}\` is given twice`, {
      span: entry.name.span,
      label: "given again here",
      secondary: [{ span: earlier, message: "first given here" }],
    }),
  );
}

/** Checks a record literal against `{string: T}`: every value (and spread) must fit `T`. */
export function checkRecordAgainstMap(typer: ExprTyper, record: A.RecordExpr, value: Type, scope: Scope, ctx: Expectation): Type {
  const explicit = new Map<string, A.Span>();
  for (const entry of record.entries) {
    if (entry.kind === "Spread") {
      const t = withoutNull(typer.infer(entry.expr, scope));
      if (isDynamic(t)) continue;
      const values = t.kind === "map" ? [t.value] : t.kind === "record" ? [...t.fields.values()].map((f) => f.type) : t.kind === "schema" ? [...t.schema.fields().values()].map((f) => f.type) : undefined;
      if (!values) {
        reportBadSpread(scope, entry, t, "a map or record");
        continue;
      }
      for (const v of values)
        if (!isAssignable(v, value)) {
          reportMismatch(scope, entry.span, t, mapType(value), { what: ctx.what });
          break;
        }
      continue;
    }
    const earlier = explicit.get(entry.name.name);
    if (earlier) reportDuplicateField(scope, entry, earlier);
    explicit.set(entry.name.name, entry.name.span);
    typer.check(entry.value, value, scope, { what: `\`${entry.name.name}\`${ctx.what ? ` in ${ctx.what}` : ""}`, partial: ctx.partial });
  }
  return mapType(value);
}

/**
 * The type of a record literal with no expectation: its fields' types (a later field or spread
 * overrides an earlier one). A spread of a map makes the whole record a map.
 */
export function inferRecord(typer: ExprTyper, record: A.RecordExpr, scope: Scope): Type {
  const fields = new Map<string, RecordFieldType>();
  const explicit = new Map<string, A.Span>();
  let mapValues: Type[] | undefined;
  let dynamic = false;
  for (const entry of record.entries) {
    if (entry.kind === "Spread") {
      const t = withoutNull(typer.infer(entry.expr, scope));
      if (t.kind === "error") return errorType;
      if (t.kind === "any") dynamic = true;
      else if (t.kind === "record") for (const [n, f] of t.fields) fields.set(n, f);
      else if (t.kind === "schema") for (const [n, f] of t.schema.fields()) fields.set(n, { type: f.type, span: f.span });
      else if (t.kind === "map") (mapValues ??= []).push(t.value);
      else reportBadSpread(scope, entry, t, "a record or map");
      continue;
    }
    const earlier = explicit.get(entry.name.name);
    if (earlier) reportDuplicateField(scope, entry, earlier);
    explicit.set(entry.name.name, entry.name.span);
    fields.set(entry.name.name, { type: typer.infer(entry.value, scope), span: entry.name.span });
  }
  if (dynamic) return anyType;
  if (mapValues) return mapType(join([...mapValues, ...[...fields.values()].map((f) => f.type)]));
  return recordType(fields);
}
