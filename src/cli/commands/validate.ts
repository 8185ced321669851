import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { error, sortDiagnostics } from "../../diag/diagnostic.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";

interface ValidateOptions {
  output: "text" | "json";
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("validate")
    .description("validate plain Kubernetes manifests (YAML or JSON, multi-document, kind: List) against the API schema and the apiserver's rules")
    .argument("<paths...>", "files or directories to validate (directories are searched for .yaml, .yml and .json); - reads standard input")
    .addOption(new Option("-o, --output <format>", "what to print on standard output").choices(["text", "json"]).default("text"))
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
Every problem is reported with the file, line and column of the offending node, the object
(Deployment/nginx) and the field path (spec.template.spec.containers[0].image). Empty documents
and comment-only files are skipped. Exit status: 0 when every resource is valid, 1 otherwise.

Examples:
  mk validate deploy/
  mk validate web.yaml db.yaml -o json
  kubectl create deployment web --image=nginx --dry-run=client -o yaml | mk validate -`,
    )
    .action(async (paths: string[], options: ValidateOptions) => {
      process.exitCode = await runValidate(paths, options);
    });
}

async function runValidate(paths: string[], options: ValidateOptions): Promise<number> {
  const [{ collectManifestFiles, displayPath }, { validateManifestTexts }] = await Promise.all([
    import("../pipeline/collect-files.js"),
    import("../pipeline/validate-manifests.js"),
  ]);
  const { files, missing } = collectManifestFiles(paths);
  const sources = new Map<string, string>();
  const inputs = [];
  const readErrors = missing.map((path) => error("MK6007", `cannot read \`${path}\`: no such file or directory`));
  for (const file of files) {
    const name = displayPath(file);
    try {
      const text = file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
      sources.set(name, text);
      inputs.push({ file: name, text });
    } catch (e) {
      readErrors.push(error("MK6007", `cannot read \`${name}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`));
    }
  }
  const report = validateManifestTexts(inputs);
  const diagnostics = sortDiagnostics([...readErrors, ...report.fileDiagnostics, ...report.resources.flatMap((r) => r.diagnostics)]);
  reportDiagnostics(diagnostics, (file) => sources.get(file), options.errorFormat);

  const summary = { ...report.summary, errors: report.summary.errors + readErrors.length };
  if (options.output === "json") {
    process.stdout.write(`${JSON.stringify({ version: 1, resources: report.resources, errors: [...readErrors, ...report.fileDiagnostics], summary }, null, 2)}\n`);
  } else {
    const extras = [
      summary.errors > 0 ? `${summary.errors} file${summary.errors === 1 ? "" : "s"} with errors` : "",
      summary.skipped > 0 ? `${summary.skipped} empty document${summary.skipped === 1 ? "" : "s"} skipped` : "",
    ].filter(Boolean);
    process.stdout.write(
      `${summary.resources} resource${summary.resources === 1 ? "" : "s"}: ${summary.valid} valid, ${summary.invalid} invalid${extras.length ? ` (${extras.join(", ")})` : ""}\n`,
    );
  }
  if (files.length === 0 && missing.length === 0) return 1;
  return summary.invalid > 0 || summary.errors > 0 ? 1 : 0;
}
