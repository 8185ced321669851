import { Ajv } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { definitionRef, type JsonSchema } from "./json-schema.js";

export interface ValidatorExport {
  /** A JavaScript identifier, e.g. "apps_v1_Deployment". */
  exportName: string;
  /** The root type's definition name. */
  typeName: string;
}

/** "apps/v1" + "Deployment" → "apps_v1_Deployment"; "stable.example.com/v1" → "stable_example_com_v1_CronTab". */
export function validatorExportName(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`.replace(/[^A-Za-z0-9_]/g, "_");
}

/**
 * Compiles the schema document with ajv, now, into the source of an ES module that exports one
 * validate function per kind (https://ajv.js.org/standalone.html): no schema is compiled at run time.
 * Types are compiled once each and shared between kinds. `allErrors` reports every problem of an
 * object at once; ajv's message texts are left out because schema validation writes its own.
 */
export function standaloneValidatorSource(schema: JsonSchema, exports: readonly ValidatorExport[]): string {
  const ajv = new Ajv({
    allErrors: true,
    messages: false,
    strict: true,
    allowUnionTypes: true,
    inlineRefs: false,
    code: { source: true, esm: true, lines: true },
  });
  ajv.addSchema(schema);
  const refs: Record<string, string> = {};
  for (const e of exports) refs[e.exportName] = definitionRef(e.typeName);
  const source = standaloneModule.default(ajv, refs);
  // The module must run without ajv: a `require` here would mean a runtime helper crept in.
  if (/\brequire\(/.test(source)) throw new Error("the standalone validators need ajv at run time (require found); avoid keywords that use runtime helpers");
  return source;
}
