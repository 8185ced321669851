/**
 * The shipped command files (package.json `bin`, built into dist/bin by scripts/bundle.mjs) work as
 * a user runs them: executed directly, from a copy of the package in another folder, they find the
 * stdlib, chevrotain, the API model and the package version; `mk validate` loads none of the heavy
 * packages it does not need. Start-up time itself is measured by `npm run bench:startup`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { removeLabelled } from "../../src/runtime/cleanup.js";
import { projectSelector } from "../../src/runtime/labels.js";
import { openRuntimeSession } from "../../src/runtime/session.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: localhost/mk/web:1
`;

function run(file: string, args: string[], cwd?: string) {
  const r = spawnSync(file, args, { encoding: "utf8", cwd, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

/**
 * A copy of the package as npm would install it: package.json, dist/bin, stdlib, and its own
 * node_modules folder (links to the installed packages), so that nothing resolves through the
 * repository's dist/src and the stdlib AST cache is this copy's own.
 */
function installedCopy(): { dir: string; bin: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), "mk-bins-"));
  writeFileSync(join(dir, "package.json"), readFileSync(join(root, "package.json")));
  cpSync(join(root, "dist", "bin"), join(dir, "dist", "bin"), { recursive: true });
  symlinkSync(join(root, "stdlib"), join(dir, "stdlib"));
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(root, "node_modules"))) {
    if (!name.startsWith(".")) symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name));
  }
  return { dir, bin: (name) => join(dir, pkg.bin[name]) };
}

test("every bin in package.json is an executable file of the bundle", () => {
  assert.deepEqual(Object.keys(pkg.bin).sort(), ["mk", "mkapply", "mkplan"]);
  for (const [name, path] of Object.entries(pkg.bin)) {
    assert.match(path, /^dist\/bin\//, `${name} should point at the bundle`);
    const file = join(root, path);
    accessSync(file, constants.X_OK);
    assert.match(readFileSync(file, "utf8"), /^#!\/usr\/bin\/env node\n/, `${name} starts with a shebang`);
  }
});

test("the bins run from an installed copy of the package: version, validate, compile, mkplan, mkapply, get -o yaml", () => {
  const copy = installedCopy();
  try {
    const version = run(copy.bin("mk"), ["--version"]);
    assert.equal(version.error, undefined);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);

    const manifests = join(copy.dir, "manifests");
    mkdirSync(manifests);
    writeFileSync(join(manifests, "web.yaml"), deployment);
    writeFileSync(join(manifests, "bad.yaml"), deployment.replace("name: web\nspec", "name: bad\nspec").replace("replicas: 2", "replicas: two"));
    const good = run(copy.bin("mk"), ["validate", "manifests/web.yaml"], copy.dir);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout, "1 resource: 1 valid, 0 invalid\n");
    const bad = run(copy.bin("mk"), ["validate", "manifests/bad.yaml"], copy.dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /error\[MK4007\]: expected integer, got string/);
    assert.match(bad.stderr, /manifests\/bad\.yaml:6:3/);
    assert.match(bad.stderr, /Deployment\/bad at spec\.replicas/);

    // compile needs the stdlib (found beside package.json) and chevrotain (from node_modules).
    const example = join(root, "examples", "nginx-deployment");
    const compiled = run(copy.bin("mk"), ["compile", example]);
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.match(compiled.stdout, /^apiVersion: apps\/v1\nkind: Deployment\n/);
    const unbundled = run(process.execPath, [join(root, "dist", "src", "cli", "mk.js"), "compile", example]);
    assert.equal(unbundled.code, 0, unbundled.stderr);
    assert.equal(compiled.stdout, unbundled.stdout, "the bundle compiles exactly as the tsc output does");

    // The stdlib syntax trees are cached on the first compile and read back on the next.
    const cache = join(copy.dir, "node_modules", ".cache", "mk", "stdlib-ast");
    const cached = readdirSync(cache).sort();
    assert.ok(cached.length > 0, "the first compile caches the stdlib's syntax trees");
    const again = run(copy.bin("mk"), ["compile", example]);
    assert.equal(again.stdout, compiled.stdout);
    assert.deepEqual(readdirSync(cache).sort(), cached, "the second compile reads the cache instead of writing new entries");

    const plan = run(copy.bin("mkplan"), ["--help"]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /^Usage: mkplan /);
    const apply = run(copy.bin("mkapply"), ["--version"]);
    assert.equal(apply.code, 0, apply.stderr);
    assert.equal(apply.stdout.trim(), pkg.version);

    // The views read the state and print YAML with the bundled yaml package.
    const config = join(copy.dir, "config");
    mkdirSync(config);
    writeFileSync(join(config, "web.yaml"), deployment);
    const state = join(copy.dir, "state.db");
    const written = run(copy.bin("mkapply"), [config, "--auto-approve", "--no-wait", "--refresh=false", "--state", state]);
    assert.equal(written.code, 0, written.stderr);
    const yaml = run(copy.bin("mk"), ["get", "deployment", "web", "-o", "yaml", "--state", state]);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
    assert.match(yaml.stdout, /^  replicas: 2$/m);
  } finally {
    rmSync(copy.dir, { recursive: true, force: true });
  }
});

test("mk validate loads only bundle files: no MKL parser, store, terminal UI or process runner", () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-bins-loads-"));
  try {
    writeLoadReporter(dir);
    writeFileSync(join(dir, "web.yaml"), deployment);
    const r = spawnSync(process.execPath, ["--import", join(dir, LOAD_REPORTER), join(root, pkg.bin.mk), "validate", join(dir, "web.yaml")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "1 resource: 1 valid, 0 invalid\n");
    const loaded = [...r.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1].replace(/^file:\/\//, "")).filter((f) => !f.startsWith("node:") && !f.startsWith(dir));
    const ours = loaded.filter((f) => f.startsWith(join(root, "dist", "bin")));
    assert.ok(ours.length >= 2, `the bundle's files are loaded: ${loaded.join(", ")}`);
    assert.deepEqual(
      loaded.filter((f) => !ours.includes(f)).map((f) => relative(root, f)),
      [],
      "nothing outside the bundle: commander and yaml are compiled in, and chevrotain, better-sqlite3, ink, react and execa are not needed",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Code that finds files relative to its own location behaves differently once bundled (it then
 * lives in dist/bin). Each such module is one scripts/bundle.mjs and the test above account for;
 * a new one must be checked there first, then listed here.
 */
test("every module that locates files relative to itself is one the bundle handles", () => {
  const handled = new Map([
    ["src/cli/version.ts", "package.json two folders up from dist/bin too"],
    ["src/lang/modules/stdlib-root.ts", "walks up to the folder with package.json and stdlib/"],
    ["src/lang/modules/stdlib-ast-cache.ts", "fingerprints the bundle's own files when ../syntax is absent"],
    ["src/lang/syntax/chevrotain.ts", "resolves chevrotain from node_modules, found from dist/bin as well"],
    ["src/lang/yaml-source/yaml-package.ts", "rewritten to a plain require by scripts/bundle.mjs"],
    ["src/schema/model.ts", "generated/api-model.json is copied into dist/bin by scripts/bundle.mjs"],
  ]);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") && /import\.meta\.(url|dirname|filename)|createRequire|__dirname/.test(readFileSync(path, "utf8"))) found.push(relative(root, path));
    }
  };
  walk(join(root, "src"));
  assert.ok(existsSync(join(root, "src", "cli", "version.ts")));
  assert.deepEqual(found.sort(), [...handled.keys()].sort());
});

test("mkapply loads its process runner from the bundle: from node_modules only the native SQLite binding (and chevrotain)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-bins-mkapply-"));
  try {
    writeLoadReporter(dir);
    mkdirSync(join(dir, "config"));
    writeFileSync(join(dir, "config", "settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { greeting: hello }\n");
    const r = spawnSync(process.execPath, ["--import", join(dir, LOAD_REPORTER), join(root, pkg.bin.mkapply), join(dir, "config"), "--auto-approve", "--state", join(dir, "state", "state.db")], {
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Apply complete! Resources: 1 added/);
    const packages = new Set(
      [...r.stderr.matchAll(/^LOADED (.*)$/gm)]
        .map((m) => m[1].replace(/^file:\/\//, ""))
        .filter((f) => f.includes("/node_modules/"))
        .map((f) => f.split("/node_modules/").pop()?.split("/")[0] ?? ""),
    );
    assert.deepEqual([...packages].sort(), ["better-sqlite3", "bindings", "chevrotain", "file-uri-to-path"], "execa, diff and cron-parser come from the bundle");
  } finally {
    // The apply made the project's podman network (a ConfigMap needs no pod).
    const session = openRuntimeSession(join(dir, "state"));
    await removeLabelled(session.podman, projectSelector(session.project));
    rmSync(dir, { recursive: true, force: true });
  }
});

const LOAD_REPORTER = "register.mjs";

/**
 * Writes `register.mjs` into `dir`, for `node --import`: a module hook reports every ES module
 * loaded (`LOADED url` on stderr); at exit, every CommonJS module too.
 */
function writeLoadReporter(dir: string): void {
  writeFileSync(join(dir, "hooks.mjs"), 'export async function load(url, context, next) { process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n');
  writeFileSync(
    join(dir, LOAD_REPORTER),
    [
      'import { register, createRequire } from "node:module";',
      'register("./hooks.mjs", import.meta.url);',
      'const cache = createRequire(import.meta.url).cache;',
      'process.on("exit", () => { for (const f of Object.keys(cache)) process.stderr.write(`LOADED ${f}\\n`); });',
    ].join("\n"),
  );
}
