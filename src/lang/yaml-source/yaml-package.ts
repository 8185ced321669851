import { createRequire } from "node:module";

type YamlPackage = typeof import("yaml");

let loaded: YamlPackage | undefined;

/**
 * The yaml package, loaded on first use rather than imported: it is some fifty modules, and most
 * runs of `mk compile` read no YAML at all (no data imports, no `yaml.decode`, no structured `-p`),
 * so importing it eagerly cost every start about 50 ms. Its CommonJS build is the one Node's
 * `import` loads too, so this is the same module either way.
 */
export function yamlPackage(): YamlPackage {
  return (loaded ??= createRequire(import.meta.url)("yaml") as YamlPackage);
}
