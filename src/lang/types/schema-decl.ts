import type * as A from "../ast.js";
import { error, warning } from "../../diag/diagnostic.js";
import { resolveTypeExpr, type Report, type TypeScope } from "./resolve.js";
import { admitsNull, withoutNull } from "./union.js";
import type { SchemaDef, SchemaField, Type } from "./type.js";

/** The annotations MKL knows; others are reported as warnings (they may be typos). */
const knownAnnotations = new Set(["kind", "mergeKey"]);

/**
 * A schema type from a `schema` declaration. The `@kind` annotation is read at once (it is cheap);
 * the fields, whose types may name other schemas, are resolved on first use and then kept, so a
 * program that touches three Kubernetes kinds resolves only the schemas it reaches.
 */
export function schemaFromDecl(decl: A.SchemaDecl, moduleId: string, qualifier: string | undefined, scope: TypeScope, report: Report): SchemaDef {
  let fields: Map<string, SchemaField> | undefined;
  const kind = readKind(decl, report);
  return {
    name: decl.name.name,
    moduleId,
    defaultQualifier: qualifier,
    kubernetesKind: kind,
    doc: decl.doc?.text,
    span: decl.name.span,
    fields() {
      fields ??= resolveFields(decl, scope, report);
      return fields;
    },
  };
}

function resolveFields(decl: A.SchemaDecl, scope: TypeScope, report: Report): Map<string, SchemaField> {
  const fields = new Map<string, SchemaField>();
  const firstSpans = new Map<string, A.Span>();
  for (const member of decl.members) {
    if (member.kind !== "SchemaField") continue;
    const name = member.name.name;
    const first = firstSpans.get(name);
    if (first) {
      report(
        error("MK2008", `field \`${name}\` is declared twice in schema \`${decl.name.name}\``, {
          span: member.name.span,
          label: "declared again here",
          secondary: [{ span: first, message: "first declared here" }],
        }),
      );
      continue;
    }
    firstSpans.set(name, member.name.span);
    const type = resolveTypeExpr(member.type, scope, report);
    reportUnknownAnnotations(member.annotations, report);
    const mergeKeys = readMergeKeys(member, type, report);
    fields.set(name, {
      name,
      type,
      optional: member.type.kind === "OptionalType" || admitsNull(type),
      hasDefault: member.default !== undefined,
      ...(mergeKeys !== undefined ? { mergeKeys } : {}),
      ...(member.doc ? { doc: member.doc.text } : {}),
      span: member.name.span,
    });
  }
  return fields;
}

/** The text of plain string arguments, or undefined when an argument is anything else. */
function stringArgs(annotation: A.Annotation): string[] | undefined {
  const out: string[] = [];
  for (const arg of annotation.args) {
    if (arg.kind !== "String" || arg.parts.some((p) => p.kind !== "Text")) return undefined;
    out.push(arg.parts.map((p) => (p.kind === "Text" ? p.value : "")).join(""));
  }
  return out;
}

function readKind(decl: A.SchemaDecl, report: Report): { apiVersion: string; kind: string } | undefined {
  reportUnknownAnnotations(decl.annotations, report);
  const annotation = decl.annotations.find((a) => a.name.name === "kind");
  if (!annotation) return undefined;
  const args = stringArgs(annotation);
  if (!args || args.length !== 2) {
    report(
      error("MK2019", "`@kind` takes two strings: the apiVersion and the kind", {
        span: annotation.span,
        label: "expected @kind(\"apps/v1\", \"Deployment\")",
      }),
    );
    return undefined;
  }
  return { apiVersion: args[0], kind: args[1] };
}

function readMergeKeys(field: A.SchemaField, type: Type, report: Report): readonly string[] | undefined {
  const annotation = field.annotations.find((a) => a.name.name === "mergeKey");
  if (!annotation) return undefined;
  const args = stringArgs(annotation);
  if (!args || args.length === 0) {
    report(
      error("MK2019", "`@mergeKey` takes the names of the fields that identify list items", {
        span: annotation.span,
        label: 'expected @mergeKey("name") or @mergeKey("containerPort", "protocol")',
      }),
    );
    return undefined;
  }
  const list = withoutNull(type);
  if (list.kind !== "list" && list.kind !== "error" && list.kind !== "any") {
    report(error("MK2019", "`@mergeKey` belongs on a list field", { span: annotation.span, label: `\`${field.name.name}\` is not a list` }));
    return undefined;
  }
  return args;
}

function reportUnknownAnnotations(annotations: readonly A.Annotation[], report: Report): void {
  for (const a of annotations) {
    if (knownAnnotations.has(a.name.name)) continue;
    report(warning("MK2020", `unknown annotation \`@${a.name.name}\``, { span: a.name.span, label: "mk ignores it", notes: ["known annotations: @kind, @mergeKey"] }));
  }
}

/** The schema of a record field's value, or of the items of a list or map field, if it has one. */
export function nestedSchemaOf(field: SchemaField): SchemaDef | undefined {
  let t = withoutNull(field.type);
  if (t.kind === "list") t = withoutNull(t.element);
  else if (t.kind === "map") t = withoutNull(t.value);
  return t.kind === "schema" ? t.schema : undefined;
}

/** The `@mergeKey` fields of a schema's list field (what `with` merges list items by). */
export function mergeKeysOf(schema: SchemaDef, field: string): readonly string[] | undefined {
  return schema.fields().get(field)?.mergeKeys;
}
