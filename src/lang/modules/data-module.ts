import type { Diagnostic } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import { valueFromPlain } from "../values/from-plain.js";
import { ListValue, RecordValue, type Value } from "../values/value.js";
import { readYamlDocuments } from "../yaml-source/read-documents.js";

export interface DataFile {
  /** Every non-empty document, in order; the items of a `kind: List` count as documents. */
  value: ListValue;
  diagnostics: Diagnostic[];
}

/**
 * Reads an imported YAML/JSON file the way Kubernetes reads manifests (YAML 1.1, strict keys):
 * a list with one value per document, each record field and list item located at its YAML node,
 * so that a problem in an imported object points at the YAML line that holds it.
 */
export function readDataFile(file: string, text: string): DataFile {
  const { documents, diagnostics } = readYamlDocuments(file, text);
  const items: Value[] = [];
  const spans: (Span | undefined)[] = [];
  for (const doc of documents) {
    if (doc.value === undefined) continue;
    const value = valueFromPlain(doc.value, (path) => doc.locator.locate(path));
    if (value instanceof RecordValue && isListKind(value)) {
      const list = value.get("items") as ListValue;
      list.items.forEach((item, i) => {
        items.push(item);
        spans.push(list.spans?.[i]);
      });
      continue;
    }
    items.push(value);
    spans.push(doc.span);
  }
  return { value: new ListValue(items, spans), diagnostics };
}

function isListKind(value: RecordValue): boolean {
  const kind = value.get("kind");
  return typeof kind === "string" && kind.endsWith("List") && value.get("items") instanceof ListValue;
}
