import { Command, Option } from "commander";
import { hasErrors } from "../../diag/diagnostic.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { paramOption, parseParamPairs } from "../param-option.js";

interface CheckOptions {
  param: string[];
  root?: string;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("check")
    .description("type-check an MKL project and validate what it emits, without printing the objects")
    .argument("[path]", "the entry .mkl file, or a directory holding main.mkl", ".")
    .addOption(paramOption())
    .addOption(new Option("--root <dir>", "the project root: imports and file reads must stay inside it (default: the entry file's directory)"))
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
Runs everything \`mk compile\` runs — parsing, type checking (unknown fields, wrong types,
missing required fields, values outside an enum, with "did you mean"), evaluation with the
given params, and validation against the Kubernetes API schema and the apiserver's rules —
and prints only the problems. Exit status: 0 when there are no errors (warnings allowed), 1 otherwise.

Examples:
  mk check
  mk check web/ -p env=prod
  mk check main.mkl --error-format json`,
    )
    .action(async (path: string, options: CheckOptions) => {
      process.exitCode = await runCheck(path, options);
    });
}

async function runCheck(path: string, options: CheckOptions): Promise<number> {
  const { checkProject } = await import("../pipeline/check-project.js");
  const { params, error } = parseParamPairs(options.param);
  if (error) {
    process.stderr.write(`error: ${error}\n`);
    return 1;
  }
  const result = checkProject({ entry: path, root: options.root, params });
  reportDiagnostics(result.diagnostics, (file) => result.sources.get(file), options.errorFormat);
  if (hasErrors(result.diagnostics)) return 1;
  const warnings = result.diagnostics.length;
  if (options.errorFormat === "human")
    process.stderr.write(`ok: ${result.objects} object${result.objects === 1 ? "" : "s"} checked${warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}\n`);
  return 0;
}
