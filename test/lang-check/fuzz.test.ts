import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../src/diag/diagnostic.js";
import { checkSources } from "./harness.js";
import { mulberry32 as prng } from "../support/prng.js";

/**
 * Thousands of random and mutated programs through parse + check: the checker must never throw,
 * and every diagnostic must have a stable code, a message, and a span inside the file. The
 * generator is seeded, so a failure names a program that can be reproduced.
 */


class Gen {
  constructor(private readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

const fieldNames = ["name", "image", "replicas", "replcas", "metadata", "spec", "labels", "selector", "matchLabels", "template", "containers", "ports", "containerPort", "type", "data", "port", "x", "restartPolicy", "if", "for"];
const builtinCalls = ["len", "range", "strings.upper", "strings.join", "lists.sort", "lists.first", "maps.keys", "math.max", "json.encode", "sha256", "base64.encode", "strings.uper", "lists.nope"];
const types = ["string", "int", "float", "bool", "any", "quantity", "[string]", "{string: int}", "int?", '"A" | "B"', "apps.Deployment", "core.Container", "App", "apps.Nope", "Strng", "[App]?", "{string: [core.ContainerPort]}"];

function genExpr(g: Gen, depth: number, names: readonly string[]): string {
  if (depth <= 0 || g.chance(0.25)) {
    return g.pick([
      () => String(g.int(100)),
      () => `${g.int(10)}.5`,
      () => g.pick(["500m", "1Gi", "128Mi", "2"]),
      () => `"${g.pick(["web", "Always", "Sometimes", "A", "x-${1}", ""])}"`,
      () => g.pick(["true", "false", "null"]),
      () => g.pick(names.length ? names : ["nothing"]),
      () => g.pick(["undefinedName", "apps", "strings", "App"]),
    ])();
  }
  const sub = () => genExpr(g, depth - 1, names);
  return g.pick([
    () => `(${sub()})`,
    () => `${sub()} ${g.pick(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "??", "with"])} ${sub()}`,
    () => `${g.pick(["!", "-"])}${sub()}`,
    () => `if ${sub()} then ${sub()} else ${sub()}`,
    () => `let v${depth} = ${sub()} in ${genExpr(g, depth - 1, [...names, `v${depth}`])}`,
    () => `[${Array.from({ length: g.int(4) }, sub).join(", ")}${g.chance(0.2) ? `, ...${sub()}` : ""}]`,
    () => `{ ${Array.from({ length: g.int(4) }, () => `${g.pick(fieldNames)}: ${sub()}`).join(", ")}${g.chance(0.2) ? `, ...${sub()}` : ""} }`,
    () => `${g.pick(["App", "apps.Deployment", "core.Container", "apps.DeploymentSpec", "int", "core.PodSpec"])} { ${Array.from({ length: g.int(4) }, () => `${g.pick(fieldNames)}: ${sub()}`).join(", ")} }`,
    () => `${sub()}${g.pick([".", "?."])}${g.pick(fieldNames)}`,
    () => `${sub()}[${sub()}]`,
    () => `${g.pick([...builtinCalls, "make", "helper"])}(${Array.from({ length: g.int(3) }, sub).join(", ")})`,
    () => `[for ${g.chance(0.5) ? "i, " : ""}x in ${sub()}${g.chance(0.3) ? ` if ${sub()}` : ""}: ${genExpr(g, depth - 1, [...names, "x", "i"])}]`,
    () => `{for k, x in ${sub()}: k: ${genExpr(g, depth - 1, [...names, "x", "k"])}}`,
    () => `"text \${${sub()}} more"`,
  ])();
}

function genProgram(g: Gen): string {
  const lines = ['import "k8s/apps/v1" as apps', 'import "k8s/core/v1" as core'];
  const names: string[] = [];
  if (g.chance(0.7)) lines.push(`schema App {\n  name: string\n  replicas: int = 1\n  tags: [string]?\n  check replicas ${g.pick([">=", "<", "+"])} 0 : "ok"\n}`);
  const count = 1 + g.int(6);
  for (let i = 0; i < count; i++) {
    const name = `n${i}`;
    switch (g.int(4)) {
      case 0:
        lines.push(`param ${name}: ${g.pick(types)} = ${genExpr(g, 2, names)}`);
        break;
      case 1:
        lines.push(`let ${name}${g.chance(0.3) ? `: ${g.pick(types)}` : ""} = ${genExpr(g, 3, names)}`);
        break;
      case 2:
        lines.push(`fn ${g.pick(["make", "helper", name])}(a: ${g.pick(types)}, b: ${g.pick(types)} = ${genExpr(g, 1, names)})${g.chance(0.6) ? `: ${g.pick(types)}` : ""} = ${genExpr(g, 3, [...names, "a", "b"])}`);
        break;
      default:
        lines.push(`emit ${genExpr(g, 3, names)}`);
    }
    names.push(name);
  }
  return `${lines.join("\n")}\n`;
}

const junk = ["{", "}", "[", "]", "(", ")", ",", ":", "with", "for", "if", "then", "else", "...", "?.", '"', "${", "}", "=", "|", "?", "@kind(", "schema", "let", "\n", "fn", "emit", "in", ".", "-"];

function mutate(g: Gen, text: string): string {
  let out = text;
  const edits = 1 + g.int(4);
  for (let i = 0; i < edits; i++) {
    const at = g.int(out.length + 1);
    switch (g.int(4)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + g.int(8));
        break;
      case 1:
        out = out.slice(0, at) + g.pick(junk) + out.slice(at);
        break;
      case 2: {
        const from = g.int(out.length);
        out = out.slice(0, at) + out.slice(from, from + g.int(30)) + out.slice(at);
        break;
      }
      default: {
        const lines = out.split("\n");
        const a = g.int(lines.length);
        const b = g.int(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        out = lines.join("\n");
      }
    }
  }
  return out;
}

function assertWellFormed(diagnostics: readonly Diagnostic[], text: string, what: string): void {
  for (const d of diagnostics) {
    assert.match(d.code, /^MK\d{4}$/, `${what}: bad code ${d.code}`);
    assert.ok(d.message.length > 0, `${what}: empty message`);
    assert.ok(d.span, `${what}: ${d.code} has no span`);
    if (d.span && d.span.file === "main.mkl") {
      assert.ok(d.span.start.offset >= 0 && d.span.end.offset <= text.length + 1 && d.span.start.offset <= d.span.end.offset, `${what}: ${d.code} span out of range`);
    }
  }
}

const seedPrograms = (() => {
  const root = new URL("../../../test/golden/check/", import.meta.url).pathname;
  const out = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => readFileSync(join(root, e.name, "main.mkl"), "utf8"));
  out.push(readFileSync(new URL("../../../bench/compile/main.mkl", import.meta.url).pathname, "utf8"));
  return out;
})();

test("generated programs: parse + check never throws; diagnostics are well formed", () => {
  const g = new Gen(prng(20240611));
  let withErrors = 0;
  for (let i = 0; i < 1200; i++) {
    const text = genProgram(g);
    const what = `generated program #${i}:\n${text}`;
    let result;
    try {
      result = checkSources({ "main.mkl": text, "lib.mkl": "let x = 1\n" });
    } catch (e) {
      assert.fail(`${what}\nthrew ${(e as Error).stack}`);
    }
    assertWellFormed(result.diagnostics, text, what);
    if (result.diagnostics.length > 0) withErrors++;
  }
  // The generator makes many wrong programs on purpose: the checker must be finding them.
  assert.ok(withErrors > 400, `only ${withErrors} generated programs had diagnostics`);
});

test("mutated programs: parse + check never throws; diagnostics are well formed", () => {
  const g = new Gen(prng(7));
  for (let i = 0; i < 1200; i++) {
    const text = mutate(g, g.pick(seedPrograms));
    const what = `mutated program #${i}:\n${text}`;
    let result;
    try {
      result = checkSources({ "main.mkl": text, "lib.mkl": "let defaultPort = 8080\n" });
    } catch (e) {
      assert.fail(`${what}\nthrew ${(e as Error).stack}`);
    }
    assertWellFormed(result.diagnostics, text, what);
  }
});
