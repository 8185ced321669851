/**
 * The compile cases of examples/: every folder with a main.mkl, compiled with its defaults, and
 * the variants under test/golden/examples/<example>/<variant>/ (a `params` file with one
 * NAME=VALUE per line, as in test/golden/compile/). Each case's golden file is
 * test/golden/examples/<example>[/<variant>]/expected.yaml.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "../schema-model/golden.js";

export const repoDir = fileURLToPath(repoRoot);
export const examplesDir = join(repoDir, "examples");
export const goldenDir = join(repoDir, "test", "golden", "examples");

export interface ExampleCase {
  /** `platform` or `platform/prod`: how the test names it. */
  label: string;
  example: string;
  /** `-p` arguments, in the order the params file lists them. */
  params: string[];
  /** The golden file, relative to test/golden/. */
  golden: string;
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The example projects: folders of examples/ holding a main.mkl (examples/manifests/ is plain YAML). */
export function exampleNames(): string[] {
  return subfolders(examplesDir).filter((name) => existsSync(join(examplesDir, name, "main.mkl")));
}

function readParams(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** The variant folders of an example's golden folder (each must hold a `params` file). */
export function variantNames(example: string): string[] {
  return subfolders(join(goldenDir, example));
}

export function exampleCases(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const example of exampleNames()) {
    cases.push({ label: example, example, params: [], golden: `examples/${example}/expected.yaml` });
    for (const variant of variantNames(example)) {
      const paramsFile = join(goldenDir, example, variant, "params");
      cases.push({
        label: `${example}/${variant}`,
        example,
        params: existsSync(paramsFile) ? readParams(paramsFile) : [],
        golden: `examples/${example}/${variant}/expected.yaml`,
      });
    }
  }
  return cases;
}
