import { Command, Option } from "commander";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";

interface FmtOptions {
  check: boolean;
  diff: boolean;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("fmt")
    .description("format MKL files in the canonical layout (rewrites them in place)")
    .argument("[paths...]", "files or directories (searched for .mkl files); - formats standard input to standard output", ["."])
    .addOption(new Option("--check", "write nothing; list the files that are not formatted and exit 1 if there are any").default(false))
    .addOption(new Option("--diff", "write nothing; print a unified diff of the changes").default(false))
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
Layout: 2-space indentation, one field per line in multi-line records, short records stay on one
line when they were written on one line and fit in 100 columns; every comment is kept. Formatting
is idempotent and never changes what a file means. Files with syntax errors are reported and left
unchanged. Exit status: 0 when everything is (or now is) formatted, 1 when --check/--diff found
unformatted files or a file has errors.

Examples:
  mk fmt                 format every .mkl file under the current directory
  mk fmt --check .       in CI: fail when a file is not formatted
  mk fmt --diff main.mkl
  cat main.mkl | mk fmt -`,
    )
    .action(async (paths: string[], options: FmtOptions) => {
      process.exitCode = await runFmt(paths, options);
    });
}

async function runFmt(paths: string[], options: FmtOptions): Promise<number> {
  const { formatModule } = await import("../../lang/format/format.js");
  const { files, missing } = collectMklFiles(paths);
  const diagnostics: Diagnostic[] = missing.map((p) => error("MK6007", `cannot read \`${p}\`: no such file or directory`));
  const sources = new Map<string, string>();
  const unformatted: string[] = [];
  let failed = missing.length > 0;

  for (const file of files) {
    const name = file === "-" ? "<stdin>" : displayPath(file);
    let text: string;
    try {
      text = readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (e) {
      diagnostics.push(error("MK6007", `cannot read \`${name}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`));
      failed = true;
      continue;
    }
    sources.set(name, text);
    const result = formatModule(text, name);
    if (result.text === undefined) {
      diagnostics.push(...result.diagnostics);
      failed = true;
      continue;
    }
    if (file === "-") {
      if (options.check) {
        if (result.text !== text) unformatted.push(name);
      } else if (options.diff) process.stdout.write(await unifiedDiff(name, text, result.text));
      else process.stdout.write(result.text);
      continue;
    }
    if (result.text === text) continue;
    unformatted.push(name);
    if (options.diff) process.stdout.write(await unifiedDiff(name, text, result.text));
    else if (!options.check) writeFileSync(file, result.text);
  }

  reportDiagnostics(diagnostics, (f) => sources.get(f), options.errorFormat);
  if (options.check) for (const name of unformatted) process.stdout.write(`${name}\n`);
  else if (!options.diff) for (const name of unformatted) process.stdout.write(`formatted ${name}\n`);
  if (failed) return 1;
  return (options.check || options.diff) && unformatted.length > 0 ? 1 : 0;
}

async function unifiedDiff(name: string, before: string, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import("diff");
  return createTwoFilesPatch(name, name, before, after, "original", "formatted", { context: 3 });
}

const skippedDirectories = new Set(["node_modules", ".git", ".mk", "dist"]);

/** Files named on the command line, and every .mkl file under the directories named (sorted, hidden folders skipped). */
function collectMklFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || skippedDirectories.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(".mkl")) add(full);
    }
  };
  for (const path of paths) {
    if (path === "-") {
      add(path);
      continue;
    }
    try {
      if (statSync(path).isDirectory()) walk(path);
      else add(path);
    } catch {
      missing.push(path);
    }
  }
  return { files, missing };
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
