/**
 * The runnable examples (examples/<name>/main.mkl) compile without a single diagnostic through
 * `mk compile` itself, print what their golden files hold (MK_UPDATE_GOLDEN=1 rewrites them: `npm
 * run golden:update`), use only the offline images, and are formatted as `mk fmt` would.
 */
import { describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";
import { assertGolden } from "../schema-model/golden.js";
import { exampleCases, exampleNames, examplesDir, goldenDir, repoDir, variantNames } from "./example-cases.js";

const run = promisify(execFile);
const mk = fileURLToPath(new URL("../../src/cli/mk.js", import.meta.url));

/** Images the podman runtime has without a registry (scripts/build-test-images.ts). */
const OFFLINE_IMAGE = /^localhost\/mk\/(busybox:1|web:[12])$/;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mk ARGS` from the repository root, as a user would, and never throws. */
async function mkCli(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [mk, ...args], { cwd: repoDir, env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error) };
  }
}

/** Every `image` of a container or init container, anywhere in the objects. */
function imagesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) imagesIn(item, found);
  else if (value !== null && typeof value === "object") {
    for (const [key, field] of Object.entries(value)) {
      if ((key === "containers" || key === "initContainers") && Array.isArray(field)) {
        for (const c of field) if (c !== null && typeof c === "object" && "image" in c) found.push(String(c.image));
      }
      imagesIn(field, found);
    }
  }
  return found;
}

const examples = exampleNames();

test("every seed scenario, the quick start and the showcase have an example", () => {
  for (const name of ["quickstart", "platform", "nginx-rc", "nginx-replicaset", "nginx-deployment", "frontend-hpa", "web-statefulset", "fluentd-daemonset", "pi-job", "hello-cronjob", "pod-lifecycle"]) {
    assert.ok(examples.includes(name), `examples/${name}/main.mkl is missing`);
  }
});

test("every example starts with a comment saying what it shows", () => {
  for (const name of examples) {
    const first = readFileSync(join(examplesDir, name, "main.mkl"), "utf8").split("\n")[0];
    assert.match(first, /^\/\/ \S/, `examples/${name}/main.mkl: the first line should be its header comment`);
  }
});

test("golden folders belong to examples, and each variant has its params", () => {
  for (const name of variantNames(".")) {
    assert.ok(examples.includes(name), `test/golden/examples/${name}/ has no example examples/${name}/main.mkl`);
    for (const variant of variantNames(name)) {
      assert.ok(existsSync(join(goldenDir, name, variant, "params")), `test/golden/examples/${name}/${variant}/params is missing`);
    }
  }
});

describe("examples compile to their golden output", { concurrency: 2 }, () => {
  for (const c of exampleCases()) {
    it(c.label, async () => {
      const result = await mkCli(["compile", `examples/${c.example}`, ...c.params.flatMap((p) => ["-p", p])]);
      assert.equal(result.stderr, "", `${c.label}: mk compile reported diagnostics`);
      assert.equal(result.code, 0);
      const objects = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as unknown);
      assert.ok(objects.length > 0, `${c.label}: nothing was emitted`);
      for (const image of imagesIn(objects)) assert.match(image, OFFLINE_IMAGE, `${c.label}: ${image} is not an offline image`);
      assertGolden(c.golden, result.stdout);
    });
  }
});

test("the examples are formatted (mk fmt --check examples)", async () => {
  const result = await mkCli(["fmt", "--check", "examples"]);
  assert.equal(result.code, 0, `mk fmt would change:\n${result.stdout}${result.stderr}`);
});
