import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { importYaml } from "../../src/lang/import-yaml/import-yaml.js";
import { checkSources } from "./harness.js";

/**
 * The seed manifests, turned into MKL by `mk import`, through the checker: the valid ones check
 * clean (no false positives from the generated Kubernetes types), and the ones that are invalid by
 * a shape mistake (seeds/manifests/NOTES.md) are caught statically, before evaluation.
 */
const seedsDir = new URL("../../../test/fixtures/seeds/", import.meta.url).pathname;

/** Seeds that are wrong in a way the types can see, and the codes the checker reports. */
const caught: Record<string, string[]> = {
  "018": ["MK2003"], // Deployment without spec.selector
  "019": ["MK2003"],
  "022": ["MK2003"], // partial StatefulSets (patches): no selector, no template
  "023": ["MK2003"],
  "024": ["MK2003"],
  "025": ["MK2003"], // canary StatefulSet without selector
  "027": ["MK2002"], // metadata.labels is a list
  "041": ["MK2002"], // containers is a mapping
  "042": ["MK2002"],
  "043": ["MK2002"],
  "044": ["MK2002"],
  "046": ["MK2003"], // a container without name
};

const seeds = readdirSync(seedsDir)
  .filter((f) => /^\d{3}_.*\.yaml$/.test(f))
  .sort();

for (const file of seeds) {
  const id = file.slice(0, 3);
  test(`seed ${file} through mk import and the checker`, () => {
    const imported = importYaml(file, readFileSync(seedsDir + file, "utf8"));
    if (imported.text === undefined) {
      assert.equal(id, "013", `only the seed with a YAML error fails to import: ${JSON.stringify(imported.diagnostics.map((d) => d.message))}`);
      return;
    }
    const r = checkSources({ "main.mkl": imported.text });
    assert.deepEqual(r.syntax, []);
    assert.deepEqual(r.codes, caught[id] ?? [], r.rendered);
  });
}
