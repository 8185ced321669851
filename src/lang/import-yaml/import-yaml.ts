import type { Diagnostic } from "../../diag/diagnostic.js";
import { formatModule } from "../format/format.js";
import { defaultStdlibRoot } from "../modules/stdlib-root.js";
import { valueFromPlain } from "../values/from-plain.js";
import { ListValue, RecordBuilder, RecordValue, type Value } from "../values/value.js";
import { readYamlDocuments } from "../yaml-source/read-documents.js";
import { kindIndex, type KindSchema } from "./kind-index.js";
import { mklLiteral, recordBody } from "./mkl-literal.js";

export interface ImportYamlOptions {
  stdlibRoot?: string;
}

export interface ImportYamlResult {
  /** The MKL module; undefined when the YAML could not be read. */
  text: string | undefined;
  diagnostics: Diagnostic[];
}

/**
 * `mk import`: plain Kubernetes YAML/JSON → an MKL module that compiles back to the same
 * objects. Objects of a kind the stdlib knows become typed records (`apps.Deployment { ... }`,
 * with the import it needs, apiVersion and kind left to the schema's defaults); others become
 * plain records. `kind: List` contributes its items. Fields keep their order.
 */
export function importYaml(file: string, text: string, options: ImportYamlOptions = {}): ImportYamlResult {
  const { documents, diagnostics } = readYamlDocuments(file, text);
  if (diagnostics.length > 0) return { text: undefined, diagnostics };
  const objects: Value[] = [];
  for (const doc of documents) {
    if (doc.value === undefined) continue;
    const v = valueFromPlain(doc.value);
    const items = v instanceof RecordValue ? v.get("items") : undefined;
    const kind = v instanceof RecordValue ? v.get("kind") : undefined;
    if (typeof kind === "string" && kind.endsWith("List") && items instanceof ListValue) {
      objects.push(...items.items);
    } else {
      objects.push(v);
    }
  }

  const index = kindIndex(options.stdlibRoot ?? defaultStdlibRoot());
  const aliases = new Map<string, string>();
  const aliasFor = (k: KindSchema): string => {
    let alias = aliases.get(k.module);
    if (alias) return alias;
    const parts = k.module.split("/");
    const group = parts.length >= 2 ? parts[parts.length - 2] : parts[0];
    alias = [...aliases.values()].includes(group) ? `${group}${parts[parts.length - 1]}` : group;
    aliases.set(k.module, alias);
    return alias;
  };

  const emits = objects.map((o) => {
    if (!(o instanceof RecordValue)) return `emit ${mklLiteral(o)}`;
    const apiVersion = o.get("apiVersion");
    const kind = o.get("kind");
    const schema = typeof apiVersion === "string" && typeof kind === "string" ? index.get(`${apiVersion}|${kind}`) : undefined;
    if (!schema) return `emit ${recordBody(o, "")}`;
    const rest = new RecordBuilder();
    for (let i = 0; i < o.keys.length; i++) if (o.keys[i] !== "apiVersion" && o.keys[i] !== "kind") rest.set(o.keys[i], o.values[i], undefined);
    const body = recordBody(rest.build(), "");
    return `emit ${aliasFor(schema)}.${schema.schema} ${body === "{}" ? "{}" : body}`;
  });

  const imports = [...aliases].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([module, alias]) => `import "${module}" as ${alias}`);
  const header = `// Imported from ${file} by \`mk import\`.`;
  const raw = `${[header, ...imports].join("\n")}\n\n${emits.join("\n\n")}\n`;
  const formatted = formatModule(raw, "imported.mkl");
  return { text: formatted.text ?? raw, diagnostics: [] };
}
