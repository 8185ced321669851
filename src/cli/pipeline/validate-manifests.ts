import { error, type Diagnostic } from "../../diag/diagnostic.js";
import type { SourceLocator, Span } from "../../diag/span.js";
import { nestedLocator, readYamlDocuments, type PlainValue } from "../../lang/yaml-source/read-documents.js";
import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { validateLocatedObjects, type LocatedObject } from "./validate-objects.js";

export interface ManifestInput {
  /** The name shown in diagnostics. */
  file: string;
  text: string;
}

export interface ResourceResult {
  file: string;
  /** 0-based document index in the file. */
  document: number;
  /** 0-based index in a `kind: List`'s items, when the resource came from one. */
  item?: number;
  line: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  ref: string;
  valid: boolean;
  diagnostics: Diagnostic[];
}

export interface ManifestReport {
  resources: ResourceResult[];
  /** Problems that belong to no resource: unreadable files, malformed YAML, documents that are not objects. */
  fileDiagnostics: Diagnostic[];
  summary: { files: number; resources: number; valid: number; invalid: number; errors: number; skipped: number };
}

/** The objects of plain manifests, each with where it came from, before validation. */
export interface ManifestObjects {
  objects: ManifestObject[];
  /** Problems that belong to no object: malformed YAML, documents that are not objects. */
  fileDiagnostics: Diagnostic[];
  /** Files with such problems. */
  errorFiles: Set<string>;
  /** Empty documents. */
  skipped: number;
}

export interface ManifestObject extends LocatedObject {
  file: string;
  document: number;
  item?: number;
}

/**
 * Reads the objects of plain manifests the way kubeconform does: every document of every file is a
 * resource, `kind: List` contributes its items, empty documents and comment-only files are skipped
 * (not errors), and a file that does not parse is an error of its own with the exact position.
 */
export function readManifestObjects(inputs: readonly ManifestInput[]): ManifestObjects {
  const fileDiagnostics: Diagnostic[] = [];
  const candidates: ManifestObject[] = [];
  const errorFiles = new Set<string>();
  let skipped = 0;

  for (const { file, text } of inputs) {
    const { documents, diagnostics } = readYamlDocuments(file, text);
    if (diagnostics.length > 0) errorFiles.add(file);
    fileDiagnostics.push(...diagnostics);
    for (const doc of documents) {
      if (doc.value === undefined || doc.value === null) {
        skipped++;
        continue;
      }
      if (!isJsonObject(doc.value)) {
        errorFiles.add(file);
        fileDiagnostics.push(notAnObject(doc.value, doc.span));
        continue;
      }
      const value = doc.value as JsonObject;
      if (isListKind(value)) {
        const items = value.items;
        if (!Array.isArray(items)) {
          errorFiles.add(file);
          fileDiagnostics.push(error("MK6006", `\`kind: ${String(value.kind)}\` needs a list of objects in \`items\``, { span: doc.locator.locate(["items"]) ?? doc.span }));
          continue;
        }
        items.forEach((item, i) => {
          const locator: SourceLocator = nestedLocator(doc.locator, ["items", i]);
          const span = locator.locate([]) ?? doc.span;
          if (!isJsonObject(item)) {
            errorFiles.add(file);
            fileDiagnostics.push(notAnObject(item as PlainValue, span));
            return;
          }
          candidates.push({ value: item, locator, span, file, document: doc.index, item: i });
        });
        continue;
      }
      candidates.push({ value, locator: doc.locator, span: doc.span, file, document: doc.index });
    }
  }

  return { objects: candidates, fileDiagnostics, errorFiles, skipped };
}

/** Validates plain manifests (see readManifestObjects for what counts as a resource). */
export function validateManifestTexts(inputs: readonly ManifestInput[]): ManifestReport {
  const { objects: candidates, fileDiagnostics, errorFiles, skipped } = readManifestObjects(inputs);
  const verdicts = validateLocatedObjects(candidates);
  const resources = verdicts.map((v, i): ResourceResult => {
    const c = candidates[i];
    const metadata = isJsonObject(c.value.metadata) ? c.value.metadata : {};
    return {
      file: c.file,
      document: c.document,
      ...(c.item !== undefined ? { item: c.item } : {}),
      line: c.span.start.line,
      ...stringField("apiVersion", c.value.apiVersion),
      ...stringField("kind", c.value.kind),
      ...stringField("name", metadata.name),
      ...stringField("namespace", metadata.namespace),
      ref: v.ref,
      valid: v.valid,
      diagnostics: v.diagnostics,
    };
  });
  const valid = resources.filter((r) => r.valid).length;
  return {
    resources,
    fileDiagnostics,
    summary: {
      files: inputs.length,
      resources: resources.length,
      valid,
      invalid: resources.length - valid,
      errors: errorFiles.size,
      skipped,
    },
  };
}

function isListKind(value: JsonObject): boolean {
  return typeof value.kind === "string" && value.kind.endsWith("List") && "items" in value;
}

function stringField<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === "string" ? ({ [key]: value } as Record<K, string>) : {};
}

function notAnObject(value: PlainValue, span: Span): Diagnostic {
  const found = Array.isArray(value) ? "a list" : typeof value === "string" ? "a string" : `a ${typeof value}`;
  return error("MK6005", `a Kubernetes object must be a mapping with apiVersion, kind and metadata, found ${found}`, {
    span,
    help: Array.isArray(value) ? ["to put several objects in one file, separate them with `---` lines, or wrap them in `kind: List` with `items:`"] : undefined,
  });
}
