import type { BuiltinDef } from "./builtin.js";
import { lenBuiltin, rangeBuiltin, sha256Builtin } from "./core.js";
import { base64Builtins, jsonBuiltins, yamlBuiltins } from "./encoding.js";
import { listBuiltins } from "./lists.js";
import { mapBuiltins } from "./maps.js";
import { mathBuiltins } from "./math.js";
import { stringBuiltins } from "./strings.js";

export type { BuiltinDef } from "./builtin.js";

/**
 * The builtin namespaces, always in scope in every module (a module's own declaration or import
 * alias of the same name shadows one): `strings.upper(s)`, `lists.sort(xs)` ...
 */
export const builtinNamespaces: ReadonlyMap<string, ReadonlyMap<string, BuiltinDef>> = new Map(
  (
    [
      ["strings", stringBuiltins],
      ["lists", listBuiltins],
      ["maps", mapBuiltins],
      ["math", mathBuiltins],
      ["base64", base64Builtins],
      ["json", jsonBuiltins],
      ["yaml", yamlBuiltins],
    ] as const
  ).map(([ns, defs]) => [ns, new Map(defs.map((d) => [d.name, d]))]),
);

/** The builtin functions in scope without a namespace: `len(x)`, `range(n)`, `sha256(s)`. */
export const builtinFunctions: ReadonlyMap<string, BuiltinDef> = new Map([lenBuiltin, rangeBuiltin, sha256Builtin].map((d) => [d.name, d]));

/** Every builtin with its qualified name (`strings.upper`, `len`), for docs and tests. */
export function allBuiltins(): { qualifiedName: string; def: BuiltinDef }[] {
  const out: { qualifiedName: string; def: BuiltinDef }[] = [];
  for (const [name, def] of builtinFunctions) out.push({ qualifiedName: name, def });
  for (const [ns, defs] of builtinNamespaces) for (const [name, def] of defs) out.push({ qualifiedName: `${ns}.${name}`, def });
  return out;
}
