import type { FieldInfo, ObjectTypeInfo, TypeRef } from "../../src/schema/api-model-types.js";
import { moduleAlias } from "./module-names.js";

/** docs/language.md: keywords may be field names but not import aliases. */
const KEYWORDS = new Set(["import", "as", "param", "let", "in", "schema", "fn", "emit", "if", "then", "else", "for", "check", "with", "true", "false", "null"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ABBREVIATIONS = new Set(["e.g", "i.e", "etc", "ex", "vs", "approx", "incl", "resp"]);

/** An MKL string literal: JSON's escapes are MKL's, plus `$` so that `${` never starts an interpolation. */
export function mklString(value: string): string {
  return JSON.stringify(value).replace(/\$/g, "\\$");
}

function fieldName(name: string): string {
  return IDENTIFIER.test(name) ? name : mklString(name);
}

/**
 * The first sentence of a description, on one line: up to the first period that ends a sentence
 * (not "e.g.", not inside parentheses), without a trailing "More info: <url>".
 */
export function firstSentence(description: string): string {
  const text = description.replace(/\s+/g, " ").trim();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "." && depth === 0 && (i + 1 === text.length || text[i + 1] === " ")) {
      const word = text.slice(0, i).split(" ").pop() ?? "";
      if (ABBREVIATIONS.has(word.toLowerCase())) continue;
      return text.slice(0, i + 1);
    }
  }
  return text.replace(/\s*More info: \S+$/, "");
}

interface ModuleContext {
  module: string;
  types: Readonly<Record<string, ObjectTypeInfo>>;
  aliases: Map<string, string>;
}

function isUnion(text: string): boolean {
  // A top-level `|` (not inside brackets) makes `T?` ambiguous, so the union gets parentheses.
  let depth = 0;
  for (const c of text) {
    if (c === "[" || c === "{" || c === "(") depth++;
    else if (c === "]" || c === "}" || c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

function typeText(t: TypeRef, ctx: ModuleContext): string {
  switch (t.kind) {
    case "string":
      return t.enum ? t.enum.map(mklString).join(" | ") : "string";
    case "int":
      return "int";
    case "float":
      return "float";
    case "bool":
      return "bool";
    case "int-or-string":
      return "int | string";
    case "quantity":
      return "quantity";
    case "any":
      return "any";
    case "list":
      return `[${typeText(t.items, ctx)}]`;
    case "map":
      return `{string: ${typeText(t.values, ctx)}}`;
    case "ref": {
      const target = ctx.types[t.name];
      if (target.module === ctx.module) return target.shortName;
      return `${ctx.aliases.get(target.module)}.${target.shortName}`;
    }
  }
}

function referencedModules(t: TypeRef, types: Readonly<Record<string, ObjectTypeInfo>>, into: Set<string>): void {
  if (t.kind === "list") referencedModules(t.items, types, into);
  else if (t.kind === "map") referencedModules(t.values, types, into);
  else if (t.kind === "ref") into.add(types[t.name].module);
}

/** Aliases for the imported modules: the group's first word, with the version added when two would clash. */
function importAliases(modules: readonly string[]): Map<string, string> {
  const base = new Map(modules.map((m) => [m, moduleAlias(m)]));
  const counts = new Map<string, number>();
  for (const a of base.values()) counts.set(a, (counts.get(a) ?? 0) + 1);
  const aliases = new Map<string, string>();
  for (const [m, a] of base) {
    let alias = (counts.get(a) ?? 0) > 1 ? `${a}${(m.split("/")[2] ?? "").replace(/[^A-Za-z0-9_]/g, "")}` : a;
    if (KEYWORDS.has(alias)) alias = `${alias}_`;
    aliases.set(m, alias);
  }
  return aliases;
}

function mergeKeyAnnotation(field: FieldInfo): string | undefined {
  if (field.type.kind !== "list") return undefined;
  const keys = field.patchMergeKey ? [field.patchMergeKey] : field.listType === "map" ? field.listMapKeys : undefined;
  return keys && keys.length > 0 ? `@mergeKey(${keys.map(mklString).join(", ")})` : undefined;
}

function docLines(description: string | undefined, indent: string): string[] {
  if (!description) return [];
  const sentence = firstSentence(description);
  return sentence === "" ? [] : [`${indent}/// ${sentence}`];
}

function schemaText(type: ObjectTypeInfo, ctx: ModuleContext): string[] {
  const lines = docLines(type.description, "");
  if (type.gvk) lines.push(`@kind(${mklString(type.gvk.apiVersion)}, ${mklString(type.gvk.kind)})`);
  lines.push(`schema ${type.shortName} {`);
  for (const [name, field] of Object.entries(type.fields)) {
    if (type.gvk && (name === "apiVersion" || name === "kind")) {
      // An object of this kind carries exactly this apiVersion and kind, filled in when omitted.
      const value = mklString(name === "apiVersion" ? type.gvk.apiVersion : type.gvk.kind);
      lines.push(`  ${name}: ${value} = ${value}`);
      continue;
    }
    lines.push(...docLines(field.description, "  "));
    const annotation = mergeKeyAnnotation(field);
    if (annotation) lines.push(`  ${annotation}`);
    const text = typeText(field.type, ctx);
    const typed = field.required ? text : isUnion(text) ? `(${text})?` : `${text}?`;
    lines.push(`  ${fieldName(name)}: ${typed}`);
  }
  lines.push("}");
  return lines;
}

/**
 * The MKL stdlib modules (`k8s/apps/v1` → stdlib/k8s/apps/v1.mkl): one `schema` per object type,
 * `@kind` on the kinds' root types, `@mergeKey` on keyed lists, imports for the other modules used.
 */
export function mklModules(types: Readonly<Record<string, ObjectTypeInfo>>, header: string): Map<string, string> {
  const byModule = new Map<string, ObjectTypeInfo[]>();
  for (const t of Object.values(types)) {
    const list = byModule.get(t.module) ?? [];
    list.push(t);
    byModule.set(t.module, list);
  }
  const out = new Map<string, string>();
  for (const module of [...byModule.keys()].sort()) {
    const members = byModule.get(module)!;
    members.sort((a, b) => (a.gvk ? 0 : 1) - (b.gvk ? 0 : 1) || (a.shortName < b.shortName ? -1 : a.shortName > b.shortName ? 1 : 0));
    const imported = new Set<string>();
    for (const t of members) for (const f of Object.values(t.fields)) referencedModules(f.type, types, imported);
    imported.delete(module);
    const imports = [...imported].sort();
    const ctx: ModuleContext = { module, types, aliases: importAliases(imports) };
    const lines = [header];
    for (const m of imports) lines.push(`import ${mklString(m)} as ${ctx.aliases.get(m)}`);
    for (const t of members) lines.push("", ...schemaText(t, ctx));
    out.set(module, `${lines.join("\n")}\n`);
  }
  return out;
}
