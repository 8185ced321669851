import type { Document, Node as YamlNode, Tags } from "yaml";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import { LineIndex, type FieldPath, type SourceLocator, type Span } from "../../diag/span.js";
import { yamlPackage } from "./yaml-package.js";

/** A plain JSON-like value read from YAML or JSON. */
export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

/** One document of a YAML/JSON file, with a locator from field paths back to its nodes. */
export interface SourceDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** undefined for an empty document (only comments, or `---` followed by nothing). */
  value: PlainValue | undefined;
  locator: SourceLocator;
  /** The whole document. */
  span: Span;
}

export interface ReadDocumentsResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
}

// YAML 1.1 as Kubernetes reads it (sigs.k8s.io/yaml on go-yaml): `0755` is octal, `yes`/`on` are booleans, `<<` merges.
// go-yaml leaves timestamps, sexagesimal numbers and the collection tags alone when decoding into JSON, so they stay strings.
const droppedTagNames = new Set(["timestamp", "intTime", "floatTime", "binary", "set", "omap", "pairs"]);
const droppedTags = new Set([...droppedTagNames].map((n) => `tag:yaml.org,2002:${n}`));
const kubernetesTags = (tags: Tags): Tags =>
  tags.filter((t) => (typeof t === "string" ? !droppedTagNames.has(t) : !droppedTags.has(t.tag) && t.format !== "TIME"));

/**
 * Reads every document of a YAML or JSON text (JSON is YAML). Syntax errors, duplicate keys and
 * other malformed input become diagnostics (MK6001, MK6002) with the exact position; documents
 * with errors are left out so that no half-read object reaches validation.
 */
export function readYamlDocuments(file: string, text: string): ReadDocumentsResult {
  const lines = new LineIndex(text);
  const spanOf = (start: number, end: number): Span => ({ file, start: lines.position(start), end: lines.position(Math.max(start, end)) });
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  const parsed = yamlPackage().parseAllDocuments(text, { version: "1.1", customTags: kubernetesTags, prettyErrors: false, uniqueKeys: true });
  const all = Array.isArray(parsed) ? parsed : [];
  all.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const duplicate = e.code === "DUPLICATE_KEY";
        diagnostics.push(
          error(duplicate ? "MK6002" : "MK6001", duplicate ? "duplicate key in a mapping" : `invalid YAML: ${firstLine(e.message)}`, {
            span: spanOf(e.pos[0], e.pos[1]),
            label: duplicate ? "this key appears twice" : undefined,
            notes: index > 0 ? [`in document ${index + 1} of the file`] : undefined,
          }),
        );
      }
      return;
    }
    const range = doc.range ?? [0, text.length, text.length];
    const previous = all[index - 1];
    if (previous?.directives.docEnd && !doc.directives.docStart) {
      // YAML 1.2 allows a bare document after `...`, but Kubernetes' reader (go-yaml) does not:
      // in the seeds a literal `...` line means "elided", which silently splits the object in two.
      const end = previous.range ?? [0, 0, 0];
      diagnostics.push(
        error("MK6003", "`...` ends the YAML document here; the lines after it are not part of this object", {
          span: spanOf(end[1], Math.min(end[1] + 3, end[2])),
          label: "document end marker",
          help: ["remove the `...` line, or start a new document with `---` if one was meant"],
        }),
      );
      return;
    }
    const contents = doc.contents as YamlNode | null;
    // An empty document (`---` then nothing, or only comments) reads as null: kubeconform skips those.
    const read = contents === null ? null : (doc.toJS({ maxAliasCount: 10_000 }) as PlainValue);
    const value = read === null ? undefined : read;
    documents.push({
      file,
      index,
      value: value === undefined ? undefined : normalize(value),
      locator: new YamlNodeLocator(doc, spanOf),
      span: spanOf(range[0], range[1]),
    });
  });
  return { documents, diagnostics };
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** YAML allows non-string keys and values JSON has no place for; Kubernetes reads keys as strings. */
function normalize(value: unknown): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Date) return value.toISOString();
  const out: { [key: string]: PlainValue } = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = normalize(v);
  return out;
}

/**
 * Locates field paths in a parsed YAML document. For a scalar map entry the span covers `key: value`
 * (the problem may be the key, e.g. an unknown field, or the value, e.g. a wrong type); for a block
 * value it covers the key only, so the caret stays on one line.
 */
class YamlNodeLocator implements SourceLocator {
  constructor(
    private readonly doc: Document,
    private readonly spanOf: (start: number, end: number) => Span,
  ) {}

  locate(path: FieldPath): Span | undefined {
    let node: unknown = this.doc.contents;
    let best: Span | undefined = this.nodeSpan(node);
    for (const segment of path) {
      if (yamlPackage().isMap(node)) {
        const pair = node.items.find((p) => yamlPackage().isPair(p) && scalarKey(p.key) === String(segment));
        if (!pair) return best;
        const key = pair.key as YamlNode | null;
        const value = pair.value as YamlNode | null;
        const keyRange = key?.range;
        const valueRange = value?.range;
        if (keyRange && valueRange && yamlPackage().isScalar(value)) best = this.spanOf(keyRange[0], valueRange[1]);
        else if (keyRange) best = this.spanOf(keyRange[0], keyRange[1]);
        node = value;
      } else if (yamlPackage().isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as YamlNode | undefined;
        if (!item) return best;
        best = this.nodeSpan(item) ?? best;
        node = item;
      } else {
        return best;
      }
    }
    return best;
  }

  private nodeSpan(node: unknown): Span | undefined {
    const range = (node as YamlNode | null)?.range;
    if (!range) return undefined;
    // For collections, point at the first line only.
    if (yamlPackage().isMap(node) || yamlPackage().isSeq(node)) {
      const first = node.items[0];
      const firstRange = yamlPackage().isPair(first) ? (first.key as YamlNode | null)?.range : (first as YamlNode | undefined)?.range;
      if (firstRange) return this.spanOf(firstRange[0], firstRange[1]);
    }
    return this.spanOf(range[0], range[1]);
  }
}

function scalarKey(key: unknown): string | undefined {
  if (yamlPackage().isScalar(key)) return String(key.value);
  return undefined;
}

/** A locator for a value nested under `prefix` in another located value (e.g. the items of a `kind: List`). */
export function nestedLocator(parent: SourceLocator, prefix: FieldPath): SourceLocator {
  return { locate: (path) => parent.locate([...prefix, ...path]) };
}
