// Bundles the compiled command entry points (dist/src/cli/{mk,mkplan,mkapply}.js) into dist/bin/,
// the files package.json's `bin` points at: one ES module per command plus shared chunks, so that a
// start of `mk` reads and compiles a few files instead of some eighty modules and the yaml
// package's seventy CommonJS files. Lazy `import()`s stay lazy (code splitting): `mk validate`
// never loads the MKL compiler, the planner or the store. Run by `npm run build` after tsc; the
// tests keep importing the tsc output in dist/src. See docs/testing.md ("Start-up").
import { build } from "esbuild";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}dist/bin`;
const commands = ["mk", "mkplan", "mkapply"];

// Packages compiled into the bundle (with everything they import): the ones every start of a
// command loads, and execa, diff and cron-parser, whose hundred-odd small ES modules (execa's
// alone are 106 files) cost mkapply about 0.1 s of loading at each start. The others
// (better-sqlite3 is native; ink, react and chevrotain are loaded lazily by the commands that
// need them) stay ordinary imports, resolved from node_modules at run time.
const bundledPackages = new Set(["commander", "yaml", "execa", "diff", "cron-parser"]);

const externalPackages = {
  name: "external-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      const parts = args.path.split("/");
      const name = args.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
      // A bundled package's own imports are bundled with it.
      if (args.importer.includes("/node_modules/")) return undefined;
      return bundledPackages.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

// Modules that load a package with `createRequire(import.meta.url)` (to load it on first use) are
// rewritten to a plain `require`, which esbuild follows: the yaml package then comes from the
// bundle, still evaluated on first use. A rewrite that no longer matches fails the build rather
// than silently shipping a slow bundle.
const requireRewrites = [{ file: /\/lang\/yaml-source\/yaml-package\.js$/, from: 'createRequire(import.meta.url)("yaml")', to: 'require("yaml")' }];

const rewriteRequires = {
  name: "rewrite-requires",
  setup(b) {
    for (const r of requireRewrites) {
      b.onLoad({ filter: r.file }, (args) => {
        const text = readFileSync(args.path, "utf8");
        if (!text.includes(r.from)) throw new Error(`${args.path} no longer contains ${r.from}: update scripts/bundle.mjs`);
        return { contents: text.replace(r.from, r.to), loader: "js", resolveDir: dirname(args.path) };
      });
    }
  },
};

/**
 * Bundled CommonJS (commander, yaml) calls require() for Node's built-ins through esbuild's
 * `__require` helper, which needs a `require` in scope. Only the chunk that defines the helper
 * gets one (a banner would run createRequire in every chunk), put on the line after the shebang
 * without a line break of its own so that the source maps stay aligned.
 */
function defineRequire(text) {
  const line = 'import{createRequire as __mkCreateRequire}from"node:module";const require=__mkCreateRequire(import.meta.url);';
  const at = text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
  return text.slice(0, at) + line + text.slice(at);
}

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: Object.fromEntries(commands.map((c) => [c, `${root}dist/src/cli/${c}.js`])),
  outdir,
  // Entry points and chunks share one folder: paths relative to the code are the same from all.
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Less text for V8 to scan at every start; names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  write: false,
  plugins: [externalPackages, rewriteRequires],
});

for (const file of result.outputFiles) {
  // The helper is recognised by its error message, which minified names leave intact.
  const text = file.path.endsWith(".js") && file.text.includes('Dynamic require of "') ? defineRequire(file.text) : file.text;
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, text);
}

// Data files the code reads beside itself at run time (src/schema/model.ts).
mkdirSync(`${outdir}/generated`, { recursive: true });
copyFileSync(`${root}dist/src/schema/generated/api-model.json`, `${outdir}/generated/api-model.json`);

for (const c of commands) chmodSync(`${outdir}/${c}.js`, 0o755);
