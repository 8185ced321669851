import { emitJson } from "../emit/json.js";
import { emitYamlDocument } from "../emit/yaml.js";
import { valueFromPlain } from "../values/from-plain.js";
import { FunctionValue, ListValue, ModuleValue, RecordValue, type Value } from "../values/value.js";
import { readYamlDocuments } from "../yaml-source/read-documents.js";
import { argString, argValue, builtin, fail, type BuiltinDef } from "./builtin.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `base64.*`: standard base64 (RFC 4648, with padding) of the UTF-8 bytes of a string. */
export const base64Builtins: readonly BuiltinDef[] = [
  builtin("encode", "fn(s: string): string", "The base64 encoding of the string's UTF-8 bytes (as Secret `data` needs).", (a) => Buffer.from(argString(a, 0), "utf8").toString("base64")),
  builtin("decode", "fn(s: string): string", "The text whose UTF-8 bytes the base64 string encodes.", (a) => {
    const s = argString(a, 0).replace(/\s+/g, "");
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/.test(s)) return fail("base64.decode: the string is not valid base64");
    try {
      return utf8.decode(Buffer.from(s, "base64"));
    } catch {
      return fail("base64.decode: the decoded bytes are not UTF-8 text");
    }
  }),
];

/** `json.*`: JSON text. encode writes fields in order and leaves null fields out, like the output. */
export const jsonBuiltins: readonly BuiltinDef[] = [
  builtin("encode", "fn(v: any, indent?: int): string", "The value as JSON text: compact, or pretty with `indent` spaces per level.", (a) => {
    const v = argValue(a, 0);
    const bad = firstNonData(v);
    if (bad) return fail(`json.encode cannot encode ${bad}`);
    const indent = typeof a[1] === "number" ? a[1] : 0;
    if (indent < 0 || indent > 10) return fail(`json.encode: the indent must be between 0 and 10, got ${indent}`);
    return emitJson(v, { indent });
  }),
  builtin("decode", "fn(s: string): any", "The value a JSON text describes (whole numbers become ints).", (a) => {
    const text = argString(a, 0);
    try {
      return valueFromPlain(JSON.parse(text));
    } catch (e) {
      return fail(`json.decode: invalid JSON: ${(e as Error).message}`);
    }
  }),
];

/** `yaml.*`: YAML text, read the way Kubernetes reads it (YAML 1.1) and written by mk's emitter. */
export const yamlBuiltins: readonly BuiltinDef[] = [
  builtin("encode", "fn(v: any): string", "The value as a YAML document (block style, fields in order, null fields left out).", (a) => {
    const v = argValue(a, 0);
    const bad = firstNonData(v);
    if (bad) return fail(`yaml.encode cannot encode ${bad}`);
    return emitYamlDocument(v);
  }),
  builtin("decode", "fn(s: string): any", "The value of a YAML text with one document (null for an empty one).", (a) => {
    const docs = decodeYaml(argString(a, 0), "yaml.decode");
    if (!Array.isArray(docs)) return docs;
    if (docs.length > 1) return fail(`yaml.decode: the text has ${docs.length} documents`, ["use yaml.decodeAll for a multi-document text"]);
    return docs[0] ?? null;
  }),
  builtin("decodeAll", "fn(s: string): [any]", "The values of every document of a YAML text (empty documents are skipped).", (a) => {
    const docs = decodeYaml(argString(a, 0), "yaml.decodeAll");
    return Array.isArray(docs) ? new ListValue(docs) : docs;
  }),
];

function decodeYaml(text: string, name: string): Value[] | ReturnType<typeof fail> {
  const { documents, diagnostics } = readYamlDocuments("<string>", text);
  if (diagnostics.length > 0) {
    const d = diagnostics[0];
    const where = d.span ? ` (line ${d.span.start.line}, column ${d.span.start.col} of the text)` : "";
    return fail(`${name}: ${d.message}${where}`);
  }
  return documents.filter((d) => d.value !== undefined).map((d) => valueFromPlain(d.value));
}

/** A description of the first function or module inside a value, which has no JSON/YAML form. */
function firstNonData(v: Value): string | undefined {
  if (v instanceof FunctionValue) return `the function \`${v.name}\``;
  if (v instanceof ModuleValue) return `the module \`${v.name}\``;
  if (v instanceof ListValue) {
    for (const x of v.items) {
      const bad = firstNonData(x);
      if (bad) return bad;
    }
  }
  if (v instanceof RecordValue) {
    for (const x of v.values) {
      const bad = firstNonData(x);
      if (bad) return bad;
    }
  }
  return undefined;
}
